"""Glue 5.0 CDC merge job: new change files of each entity -> MERGE INTO its Iceberg table.

A thin runner: for each entity of the shipped manifest it reads the change files the job
bookmark has not seen, gives them the spec's raw schema, registers them as a view and runs the
rendered MERGE. Merges are idempotent (a change applies only if later than the stored one),
so a retried run that re-reads files already merged changes nothing.

Each entity's MERGE is preceded by the rendered count query (changes later than the stored ones,
by operation), materialised before the MERGE changes the table it compares with, and appended to
the change log's audit table after it: change volume and deletes are read from there, because
readers may not read an entity's `$snapshots` (Lake Formation wants every column for it).
A run failing between the MERGE and the append reads the batch again, finds its changes applied
and appends zeros: counts may miss a failed run's batch, never count one twice.

Arguments and bookmarks as Glue passes them (see refine_job.py): getResolvedOptions' whole
dict goes to job.init; one `transformation_ctx` per entity; the bookmark advances only at
`job.commit()`, after every entity merged.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Mapping

from lakehouse_runner import SOURCE_VIEW, change_counts_table, load_sql, load_text, parse_manifest, read_source

#: View the counted changes of one entity's batch are registered under before they are appended.
COUNTS_VIEW = "change_counts"

#: Arguments this script reads; the IaC passes them all but JOB_NAME, which Glue passes itself.
REQUIRED_ARGS = ["JOB_NAME", "manifest_path"]


def run(glue: Any, job: Any, s3: Any, args: Mapping[str, str]) -> None:
    """One run: `args` is getResolvedOptions' dict, passed to job.init whole."""
    spark = glue.spark_session
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    job.init(args["JOB_NAME"], dict(args))

    manifest = load_text(s3, args["manifest_path"])
    entities = parse_manifest(manifest)
    counts_table = change_counts_table(manifest)
    statements = {e["name"]: load_sql(s3, e["sqlPath"], "merge") for e in entities}
    counts = {e["name"]: load_sql(s3, e["countSqlPath"], "select") for e in entities}
    for entity in entities:
        changes = read_source(
            glue,
            entity["sourcePath"],
            json.dumps(entity["sourceExclusions"]),
            entity["sourceFormat"],
            f"source_{entity['name']}",
            entity["sourceSchema"],
        )
        if changes is None:
            continue
        changes.createOrReplaceTempView(SOURCE_VIEW)
        # Counted against the table as it is before the MERGE (localCheckpoint is eager).
        spark.sql(counts[entity["name"]]).localCheckpoint().createOrReplaceTempView(COUNTS_VIEW)
        spark.sql(statements[entity["name"]])
        spark.sql(
            f"INSERT INTO {counts_table} "
            f"SELECT entity, current_timestamp() AS committed_at, inserted, updated, deleted FROM {COUNTS_VIEW}"
        )
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
