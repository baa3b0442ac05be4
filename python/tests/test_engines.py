"""The engines, run for real in local mode: PySpark (arrow_udf and
mapInArrow), Ray Data (map_batches on pyarrow), Polars (map_batches) and
Dask (map_partitions). Each checks its output column."""

import os
import sys

import pytest

import mojifix
from conftest import need

ROWS = [
    ("cafÃ© crÃ¨me", "café crème"),
    (None, None),
    ("Grüße — déjà vu", "Grüße — déjà vu"),
    ("soonâ„¢ ðŸŽ‰", "soon™ 🎉"),
    ("РџСЂРёРІРµС‚", "Привет"),
    ("", ""),
] * 50
TEXTS = [r[0] for r in ROWS]
WANT = [r[1] for r in ROWS]


@pytest.fixture(scope="module")
def spark():
    need("pyspark")
    from pyspark.sql import SparkSession

    # The workers are this interpreter, so that they import this mojifix.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("mojifix-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    yield session
    session.stop()


def spark_df(spark):
    return spark.createDataFrame([(i, t) for i, t in enumerate(TEXTS)], "id int, text string")


def test_spark_arrow_udf(spark):
    import pyarrow as pa
    from pyspark.sql import functions as F

    from pyspark.sql.types import StringType

    @F.arrow_udf(StringType())  # pyspark >= 4.1
    def fix(col: pa.Array) -> pa.Array:
        return mojifix.fix_arrow(col)

    df = spark_df(spark).repartition(2).withColumn("fixed", fix("text"))
    rows = sorted(df.select("id", "fixed").collect())
    assert [r.fixed for r in rows] == WANT


def test_spark_map_in_arrow(spark):
    import pyarrow as pa

    def fix_batches(batches):
        for b in batches:
            i = b.schema.get_field_index("text")
            yield b.set_column(i, "text", mojifix.fix_arrow(b.column(i)))

    df = spark_df(spark).repartition(2).mapInArrow(fix_batches, "id int, text string")
    rows = sorted(df.collect())
    assert [r.text for r in rows] == WANT
    del pa


def test_spark_pandas_udf(spark):
    import pandas as pd
    from pyspark.sql import functions as F

    @F.pandas_udf("string")
    def fix(s: pd.Series) -> pd.Series:
        return mojifix.fix_series(s)

    rows = sorted(spark_df(spark).withColumn("fixed", fix("text")).select("id", "fixed").collect())
    assert [r.fixed for r in rows] == WANT


def test_ray_data_map_batches():
    ray = need("ray")
    import pyarrow as pa

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        import ray.data

        def fix(table: pa.Table) -> pa.Table:
            i = table.schema.get_field_index("text")
            return table.set_column(i, "text", mojifix.fix_arrow(table.column(i)))

        ds = ray.data.from_arrow(
            pa.table({"id": list(range(len(TEXTS))), "text": TEXTS})
        ).repartition(2)
        # A block of Nones only is typed `null` by Ray: it passes through.
        nulls = ray.data.from_items([{"text": None}, {"text": None}])
        assert nulls.map_batches(fix, batch_format="pyarrow").take_all() == [
            {"text": None},
            {"text": None},
        ]
        out = ds.map_batches(fix, batch_format="pyarrow").to_arrow_refs()
        table = pa.concat_tables(ray.get(out)).sort_by("id")
        assert table.column("text").to_pylist() == WANT
    finally:
        ray.shutdown()


def test_polars_map_batches():
    pl = need("polars")
    df = pl.DataFrame({"text": TEXTS})
    # A lambda: polars hands return_dtype on to a function that takes
    # **kwargs, and fix_arrow's keywords are ftfy's fields.
    out = df.with_columns(
        fixed=pl.col("text").map_batches(lambda s: mojifix.fix_arrow(s), return_dtype=pl.String)
    )
    assert out["fixed"].to_list() == WANT
    lazy = df.lazy().select(
        pl.col("text").map_batches(lambda s: mojifix.fix_arrow(s), return_dtype=pl.String)
    )
    assert lazy.collect()["text"].to_list() == WANT


def test_dask_map_partitions():
    dd = need("dask.dataframe")
    import pandas as pd

    pdf = pd.DataFrame({"text": pd.Series(TEXTS, dtype=object)})
    ddf = dd.from_pandas(pdf, npartitions=3)
    fixed = ddf["text"].map_partitions(mojifix.fix_series, meta=ddf["text"]._meta)
    got = fixed.compute(scheduler="threads").tolist()
    assert [None if pd.isna(g) else g for g in got] == WANT
