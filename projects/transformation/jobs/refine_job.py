"""Glue 5.0 refine job: raw files of one dataset -> refined Snappy Parquet, partitions in the catalog.

A thin runner: reads the files the job bookmark has not seen, gives them the table spec's raw
schema, registers them as a view next to the refined table's current rows and runs the SQL
rendered from the spec (shipped next to this script). The SQL returns the complete new content
of every partition the batch touches; the job overwrites exactly those partitions (dynamic
partition overwrite), so a re-run or a replayed file never duplicates rows. All dataset
knowledge lives in the spec, not here.
"""

from __future__ import annotations

import json
import sys

from lakehouse_runner import (
    EXISTING_VIEW,
    SOURCE_VIEW,
    conform_expressions,
    load_sql,
    load_text,
    parse_job_args,
    partition_keys,
    source_options,
)

#: Arguments this script reads; the IaC passes exactly these (JOB_NAME comes from Glue itself).
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


def main() -> None:
    import boto3
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from pyspark.context import SparkContext

    args = parse_job_args(sys.argv, REQUIRED_ARGS)
    glue = GlueContext(SparkContext.getOrCreate())
    spark = glue.spark_session
    # The rendered SQL casts UTC strings; keep Spark from shifting them to another zone.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    job = Job(glue)
    job.init(args["JOB_NAME"], args)

    s3 = boto3.client("s3")
    schema = json.loads(load_text(s3, args["source_schema_path"]))
    sql = load_sql(s3, args["sql_path"], "select")
    keys = partition_keys(args["partition_keys"])

    # transformation_ctx makes the job bookmark track which files were processed.
    source = glue.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options=source_options(args["source_path"], args["source_exclusions"]),
        format=args["source_format"],
        transformation_ctx="source",
    ).toDF()
    if source.head(1):
        source.selectExpr(*conform_expressions(schema, source.schema.jsonValue())).createOrReplaceTempView(
            SOURCE_VIEW
        )
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


if __name__ == "__main__":
    main()
