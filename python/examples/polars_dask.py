"""Polars (map_batches on a column) and Dask (map_partitions with
fix_series). Run: python examples/polars_dask.py"""

import dask.dataframe as dd
import pandas as pd
import polars as pl

import mojifix

texts = ["cafÃ© crÃ¨me", None, "déjà vu", "РџСЂРёРІРµС‚"]

# Polars: the column goes to Rust as Arrow, no Python object per row.
df = pl.DataFrame({"text": texts})
print(df.with_columns(pl.col("text").map_batches(lambda s: mojifix.fix_arrow(s), return_dtype=pl.String)))

# Dask: each partition's pandas Series; None, NaN and pd.NA stay nulls.
ddf = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=2)
print(ddf["text"].map_partitions(mojifix.fix_series, meta=ddf["text"]._meta).compute())
