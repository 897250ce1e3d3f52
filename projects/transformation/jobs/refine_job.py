"""Glue 5.0 refine job: raw files of one dataset -> refined Snappy Parquet, partitions in the catalog.

A thin runner: reads the files the job bookmark has not seen, gives them the table spec's raw
schema, registers them as a view next to the refined table's current rows and runs the SQL
rendered from the spec (shipped next to this script). The SQL returns the complete new content
of every partition the batch touches; the job overwrites exactly those partitions (dynamic
partition overwrite), so a re-run or a replayed file never duplicates rows. All dataset
knowledge lives in the spec, not here.

Arguments and bookmarks are taken as Glue passes them: `getResolvedOptions(sys.argv, ...)`
returns the script's arguments plus Glue's own (`job_bookmark_option`, `JOB_ID`,
`JOB_RUN_ID`, `TempDir`, ...), and that whole dict goes to `job.init`, which reads the
bookmark option from it (awslabs/aws-glue-libs awsglue/utils.py getResolvedOptions,
awsglue/job.py Job.init). The bookmark advances only at `job.commit()`, after the write: a
run that fails before it leaves the bookmark where it was, and the next run reads the same
files again (the overwrite makes that safe).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Mapping

from lakehouse_runner import (
    EXISTING_VIEW,
    SOURCE_VIEW,
    load_sql,
    load_text,
    partition_keys,
    read_source,
)

#: Arguments this script reads; the IaC passes them all but JOB_NAME, which Glue passes itself.
REQUIRED_ARGS = [
    "JOB_NAME",
    "source_path",
    "source_exclusions",
    "source_format",
    "source_schema_path",
    "sql_path",
    "target_database",
    "target_table",
    "partition_keys",
]


def run(glue: Any, job: Any, s3: Any, args: Mapping[str, str]) -> None:
    """One run: `args` is getResolvedOptions' dict, passed to job.init whole."""
    spark = glue.spark_session
    # The rendered SQL casts UTC strings; keep Spark from shifting them to another zone.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    job.init(args["JOB_NAME"], dict(args))

    schema = json.loads(load_text(s3, args["source_schema_path"]))
    sql = load_sql(s3, args["sql_path"], "select")
    keys = partition_keys(args["partition_keys"])

    source = read_source(
        glue, args["source_path"], args["source_exclusions"], args["source_format"], "source", schema
    )
    if source is not None:
        source.createOrReplaceTempView(SOURCE_VIEW)
        table = f"`{args['target_database']}`.`{args['target_table']}`"
        spark.table(table).createOrReplaceTempView(EXISTING_VIEW)
        # Materialise before writing: the output replaces partitions the SQL has just read.
        refined = spark.sql(sql).localCheckpoint()
        if refined.columns[-len(keys) :] != keys:
            raise ValueError(f"refine SQL must end with the partition columns {keys}, got {refined.columns}")
        spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
        # insertInto matches columns by position: the SQL selects the table's columns, partition last.
        refined.write.mode("overwrite").insertInto(table)
    job.commit()


def main() -> None:
    import boto3
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    args = getResolvedOptions(sys.argv, REQUIRED_ARGS)
    glue = GlueContext(SparkContext.getOrCreate())
    run(glue, Job(glue), boto3.client("s3"), args)


if __name__ == "__main__":
    main()
