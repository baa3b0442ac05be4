"""PySpark: mojifix in an arrow_udf (pyspark >= 4.1), a mapInArrow stage and
a pandas_udf. Run: python examples/spark.py (needs pyspark and Java 17)."""

import os
import sys

import pyarrow as pa
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

import mojifix

# The datatrove preset: encoding repairs, no style changes.
CONFIG = mojifix.TextFixerConfig(
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    normalization=None,
)


@F.arrow_udf(StringType())  # a DataType: a DDL string needs a session first
def fix_text(col: pa.Array) -> pa.Array:
    # One call per Arrow batch; the GIL is released for all of it.
    return mojifix.fix_arrow(col, CONFIG)


def fix_batches(batches):
    """For df.mapInArrow: fixes the `text` column of each record batch."""
    for batch in batches:
        i = batch.schema.get_field_index("text")
        yield batch.set_column(i, "text", mojifix.fix_arrow(batch.column(i), CONFIG))


if __name__ == "__main__":
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").getOrCreate()
    df = spark.createDataFrame([(1, "cafÃ© crÃ¨me"), (2, None), (3, "soonâ„¢")], "id int, text string")
    df.withColumn("fixed", fix_text("text")).show()
    df.mapInArrow(fix_batches, df.schema).show()
    spark.stop()
