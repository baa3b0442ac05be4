"""Ray Data: map_batches on pyarrow tables. Run: python examples/ray_data.py"""

import pyarrow as pa
import ray

import mojifix


def fix_table(table: pa.Table) -> pa.Table:
    i = table.schema.get_field_index("text")
    fixed, changed = mojifix.fix_arrow(table.column(i), with_changed=True)
    return table.set_column(i, "text", fixed).append_column("repaired", pa.array(changed))


if __name__ == "__main__":
    ray.init(num_cpus=2)
    ds = ray.data.from_items([{"text": t} for t in ["cafÃ©", None, "déjà vu", "Ã€ bientÃ´t"]])
    # One task per core, one thread each (threads=1, the default).
    print(ds.map_batches(fix_table, batch_format="pyarrow").take_all())
    ray.shutdown()
