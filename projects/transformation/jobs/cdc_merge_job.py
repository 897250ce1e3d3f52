"""Glue 5.0 CDC merge job: new change files of each entity -> MERGE INTO its Iceberg table.

A thin runner: for each entity of the shipped manifest it reads the change files the job
bookmark has not seen, gives them the spec's raw schema, registers them as a view and runs the
rendered MERGE, once the rows the batch would make visible pass the entity's data-quality ruleset
(a failing batch is quarantined and not merged; the other entities still merge, the run fails and
commits no bookmark). Merges are idempotent (a change applies only if later than the stored one),
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

A replay (`lakehouse data replay`) is a run started with `--replay_entity <entity>` and
`--job-bookmark-option job-bookmark-disable`: it reads that entity's whole change log, leaves the
bookmark as it is, and writes the shipped replay query's result (each key's latest change, deletes
as tombstones) in place of every row of the entity's table, in one Iceberg overwrite commit
(DataFrameWriterV2.overwrite: rows matching the condition, here all, are replaced). Nothing is
appended to the audit table: a replay rebuilds state, it applies no new change. The scheduled
merges then go on from their bookmark; changes they read again are older than the rebuilt rows and
change nothing.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Mapping

from lakehouse_runner import (
    SOURCE_VIEW,
    DataQualityError,
    change_counts_table,
    gate_batch,
    iceberg_add_columns,
    load_sql,
    load_text,
    optional_args,
    parse_manifest,
    parse_report_only,
    read_source,
    require_reprocessing_run,
)

#: View the counted changes of one entity's batch are registered under before they are appended.
COUNTS_VIEW = "change_counts"

#: Arguments this script reads; the IaC passes them all but JOB_NAME, which Glue passes itself.
REQUIRED_ARGS = ["JOB_NAME", "manifest_path", "dq_report_only"]
#: Argument of a replay run only (`lakehouse data replay` passes it to StartJobRun).
OPTIONAL_ARGS = ["replay_entity"]


def run(glue: Any, job: Any, s3: Any, args: Mapping[str, str]) -> None:
    """One run: `args` is getResolvedOptions' dict, passed to job.init whole."""
    spark = glue.spark_session
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    job.init(args["JOB_NAME"], dict(args))

    manifest = load_text(s3, args["manifest_path"])
    entities = parse_manifest(manifest)
    counts_table = change_counts_table(manifest)
    if "replay_entity" in args:
        replay(glue, s3, args, entities)
        job.commit()
        return
    statements = {e["name"]: load_sql(s3, e["sqlPath"], "merge") for e in entities}
    counts = {e["name"]: load_sql(s3, e["countSqlPath"], "select") for e in entities}
    visible = {e["name"]: load_sql(s3, e["visibleSqlPath"], "select") for e in entities}
    report_only = parse_report_only(args["dq_report_only"])
    failures = []
    for entity in entities:
        changes = read_entity_changes(glue, entity)
        if changes is None:
            continue
        # The spec's new nullable columns reach the Iceberg table before the MERGE writes them.
        for statement in iceberg_add_columns(entity["targetTable"], entity["columns"], spark.table(entity["targetTable"]).schema.jsonValue()):
            spark.sql(statement)
        changes.createOrReplaceTempView(SOURCE_VIEW)
        # The rows this batch makes visible pass the entity's ruleset, or nothing of it is merged.
        failure = gate_batch(
            glue,
            s3,
            spark.sql(visible[entity["name"]]).localCheckpoint(),
            entity["name"],
            entity["rulesetName"],
            entity["rulesetPath"],
            entity["quarantinePath"],
            args.get("JOB_RUN_ID") or "manual",
            report_only,
        )
        if failure:
            failures.append(failure)
            continue
        # Counted against the table as it is before the MERGE (localCheckpoint is eager).
        spark.sql(counts[entity["name"]]).localCheckpoint().createOrReplaceTempView(COUNTS_VIEW)
        spark.sql(statements[entity["name"]])
        spark.sql(
            f"INSERT INTO {counts_table} "
            f"SELECT entity, current_timestamp() AS committed_at, inserted, updated, deleted FROM {COUNTS_VIEW}"
        )
    if failures:
        # The other entities merged; the bookmark stays, so the failing batch is read again.
        raise DataQualityError(" | ".join(failures))
    job.commit()


def read_entity_changes(glue: Any, entity: Mapping[str, Any]) -> Any:
    """An entity's change files under its manifest source (None when there are none)."""
    return read_source(
        glue,
        entity["sourcePath"],
        json.dumps(entity["sourceExclusions"]),
        entity["sourceFormat"],
        f"source_{entity['name']}",
        entity["sourceSchema"],
        entity["name"],
    )


def replay(glue: Any, s3: Any, args: Mapping[str, str], entities: list[dict[str, Any]]) -> None:
    """Rebuilds one entity's table from its whole change log (see the module docstring)."""
    from pyspark.sql.functions import lit

    require_reprocessing_run(args, "a replay")
    names = [e["name"] for e in entities]
    if args["replay_entity"] not in names:
        raise ValueError(f"--replay_entity {args['replay_entity']!r} is not in the manifest (entities: {', '.join(names)})")
    entity = next(e for e in entities if e["name"] == args["replay_entity"])
    query = load_sql(s3, entity["replaySqlPath"], "select")
    changes = read_entity_changes(glue, entity)
    if changes is None:
        raise ValueError(f"{entity['name']}: no changes under {entity['sourcePath']}; the table is left as it is")
    spark = glue.spark_session
    for statement in iceberg_add_columns(entity["targetTable"], entity["columns"], spark.table(entity["targetTable"]).schema.jsonValue()):
        spark.sql(statement)
    changes.createOrReplaceTempView(SOURCE_VIEW)
    state = spark.sql(query).localCheckpoint()
    state.writeTo(entity["targetTable"]).overwrite(lit(True))


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
