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

A backfill (`lakehouse data backfill`) is a run started with `--backfill_from` and
`--backfill_to` (days, inclusive) and `--job-bookmark-option job-bookmark-disable`: it reads the
whole source, leaves the bookmark as it is, and rebuilds each partition of the range that the raw
files hold rows for from those rows alone (the table's current rows are not merged in), writing
them with the same dynamic partition overwrite; partitions outside the range are not written.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Mapping

from lakehouse_runner import (
    EXISTING_VIEW,
    SOURCE_VIEW,
    backfill_range,
    DataQualityError,
    gate_batch,
    parse_report_only,
    load_sql,
    load_text,
    optional_args,
    partition_keys,
    partition_range_filter,
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
    "dq_ruleset_name",
    "dq_ruleset_path",
    "quarantine_path",
    "dq_report_only",
]
#: Arguments of a backfill run only (`lakehouse data backfill` passes them to StartJobRun).
OPTIONAL_ARGS = ["backfill_from", "backfill_to"]


def run(glue: Any, job: Any, s3: Any, args: Mapping[str, str]) -> None:
    """One run: `args` is getResolvedOptions' dict, passed to job.init whole."""
    spark = glue.spark_session
    # The rendered SQL casts UTC strings; keep Spark from shifting them to another zone.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    job.init(args["JOB_NAME"], dict(args))

    schema = json.loads(load_text(s3, args["source_schema_path"]))
    sql = load_sql(s3, args["sql_path"], "select")
    keys = partition_keys(args["partition_keys"])
    backfill = backfill_range(args)
    if backfill is not None and len(keys) != 1:
        raise ValueError(f"a backfill selects days of one date partition column, the table has {keys}")

    source = read_source(
        glue, args["source_path"], args["source_exclusions"], args["source_format"], "source", schema, args["target_table"]
    )
    if source is not None:
        source.createOrReplaceTempView(SOURCE_VIEW)
        table = f"`{args['target_database']}`.`{args['target_table']}`"
        existing = spark.table(table)
        # A backfill rebuilds its partitions from the raw files alone: the rows they hold now are dropped.
        (existing.where("FALSE") if backfill else existing).createOrReplaceTempView(EXISTING_VIEW)
        refined = spark.sql(sql)
        if backfill is not None:
            refined = refined.where(partition_range_filter(keys[0], *backfill))
        # Materialise before writing: the output replaces partitions the SQL has just read.
        refined = refined.localCheckpoint()
        if refined.columns[-len(keys) :] != keys:
            raise ValueError(f"refine SQL must end with the partition columns {keys}, got {refined.columns}")
        # Readers never see a failing batch: it is quarantined instead, and the run fails.
        failure = gate_batch(
            glue,
            s3,
            refined,
            args["target_table"],
            args["dq_ruleset_name"],
            args["dq_ruleset_path"],
            args["quarantine_path"],
            args.get("JOB_RUN_ID") or "manual",
            parse_report_only(args["dq_report_only"]),
        )
        if failure:
            raise DataQualityError(failure)
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

    args = getResolvedOptions(sys.argv, REQUIRED_ARGS + optional_args(sys.argv, OPTIONAL_ARGS))
    glue = GlueContext(SparkContext.getOrCreate())
    run(glue, Job(glue), boto3.client("s3"), args)


if __name__ == "__main__":
    main()
