"""Glue 5.0 CDC merge job: new change files of each entity -> MERGE INTO its Iceberg table.

A thin runner: for each entity of the shipped manifest it reads the change files the job
bookmark has not seen, gives them the spec's raw schema, registers them as a view and runs the
rendered MERGE. Merges are idempotent (a change applies only if later than the stored one),
so a retried run that re-reads files already merged changes nothing.
"""

from __future__ import annotations

import json
import sys

from lakehouse_runner import (
    SOURCE_VIEW,
    conform_expressions,
    load_sql,
    load_text,
    parse_job_args,
    parse_manifest,
    source_options,
)

#: Arguments this script reads; the IaC passes exactly these (JOB_NAME comes from Glue itself).
REQUIRED_ARGS = ["JOB_NAME", "manifest_path"]


def main() -> None:
    import boto3
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from pyspark.context import SparkContext

    args = parse_job_args(sys.argv, REQUIRED_ARGS)
    glue = GlueContext(SparkContext.getOrCreate())
    spark = glue.spark_session
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    job = Job(glue)
    job.init(args["JOB_NAME"], args)

    s3 = boto3.client("s3")
    entities = parse_manifest(load_text(s3, args["manifest_path"]))
    statements = {e["name"]: load_sql(s3, e["sqlPath"], "merge") for e in entities}
    for entity in entities:
        changes = glue.create_dynamic_frame.from_options(
            connection_type="s3",
            connection_options=source_options(entity["sourcePath"], json.dumps(entity["sourceExclusions"])),
            format=entity["sourceFormat"],
            transformation_ctx=f"source_{entity['name']}",
        ).toDF()
        if not changes.head(1):
            continue
        changes.selectExpr(
            *conform_expressions(entity["sourceSchema"], changes.schema.jsonValue())
        ).createOrReplaceTempView(SOURCE_VIEW)
        spark.sql(statements[entity["name"]])
    job.commit()


if __name__ == "__main__":
    main()
