"""The runners run as Glue starts them: Glue's argument list, getResolvedOptions, job.init, bookmarks, commit.

On the Glue runtime stand-in (glue_standin/README.md): SQL is recorded, not executed (the SQL
itself is tested on DuckDB), so these tests are about what each run reads, writes and commits.
"""

import json
import os
import sys

import cdc_merge_job
import glue_world
import pytest
import refine_job
from pyspark.context import SparkContext

REFINE_SQL = "-- header\nWITH typed AS (SELECT 1)\nSELECT\n  event_id,\n  event_type,\n  event_date\nFROM ranked\nWHERE _row_number = 1\n"
SCHEMA = {"type": "struct", "fields": [{"name": "event_id", "type": "string"}]}


def glue_argv(job_name, arguments):
    """The argv Glue gives the script: its own ids, JOB_NAME, then the job's (default and run) arguments."""
    argv = ["script.py", "--JOB_ID", "j_0123", "--JOB_RUN_ID", "jr_0456", "--JOB_NAME", job_name]
    for key, value in arguments.items():
        argv += [key, value]
    return argv


REFINE_ARGS = {
    "--job-language": "python",
    "--job-bookmark-option": "job-bookmark-enable",
    "--enable-metrics": "true",
    "--TempDir": "s3://assets/glue/tmp/",
    "--extra-py-files": "s3://assets/glue/scripts/lakehouse_runner.py",
    "--source_path": "s3://raw/events/",
    "--source_exclusions": '["**/errors/**"]',
    "--source_format": "json",
    "--source_schema_path": "s3://assets/glue/schemas/events.json",
    "--sql_path": "s3://assets/glue/sql/refine-events.sql",
    "--target_database": "refined",
    "--target_table": "client_events",
    "--partition_keys": "event_date",
    "--dq_ruleset_name": "lakehouse-dev-events",
    "--dq_ruleset_path": "s3://assets/glue/quality/events.dqdl",
    "--quarantine_path": "s3://refined/quarantine/client_events/",
    "--dq_report_only": '["CustomSql"]',
}
RULESET = 'Rules = [\n  IsComplete "event_id",\n  CustomSql "SELECT COUNT(*) FROM primary" > 0,\n  RowCount < avg(last(10)) * 10\n]\n'


@pytest.fixture
def world(tmp_path, monkeypatch):
    SparkContext._active = None
    w = glue_world.reset(str(tmp_path))
    put(w, "s3://assets/glue/schemas/events.json", json.dumps(SCHEMA))
    put(w, "s3://assets/glue/sql/refine-events.sql", REFINE_SQL)
    put(w, "s3://assets/glue/quality/events.dqdl", RULESET)
    return w


def put(world, uri, text):
    path = world.path(uri)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def start(monkeypatch, module, job_name, arguments):
    """One job run: Glue's argv in sys.argv, then the script's main()."""
    monkeypatch.setattr(sys, "argv", glue_argv(job_name, arguments))
    glue_world.WORLD.events.clear()
    module.main()
    return glue_world.WORLD.events


def kinds(events, kind):
    return [e for e in events if e[0] == kind]


def test_refine_run_reads_new_files_writes_the_partitions_and_commits(world, monkeypatch):
    put(world, "s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json", '{"event_id": "e1"}\n')
    put(world, "s3://raw/events/errors/format-conversion-failed/dt=2026-03-01/x", '{"rawData": "..."}\n')
    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    view = next(e for e in events if e[:2] == ("view", "source_batch"))
    # The file name comes from input_file_name(); the errors/ object's rows are filtered out.
    assert view[2] == ["s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json"]
    assert "input_file_name() AS `_source_file`" in kinds(events, "selectExpr")[0][1]
    assert kinds(events, "insertInto") == [("insertInto", "`refined`.`client_events`", "overwrite", "dynamic")]
    assert events[-1] == ("commit", "lakehouse-dev-refine-events")
    # The next run has nothing new: no statement, no write, still a commit.
    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    assert kinds(events, "sql") == [] and kinds(events, "insertInto") == []
    assert events[-1] == ("commit", "lakehouse-dev-refine-events")


def test_a_failed_refine_run_is_reprocessed_by_the_next(world, monkeypatch):
    put(world, "s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json", '{"event_id": "e1"}\n')
    world.fail_at = "insertInto"
    with pytest.raises(RuntimeError, match="write failed"):
        start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    assert kinds(world.events, "commit") == []
    world.fail_at = None
    put(world, "s3://raw/events/event_date=2026-03-02/event_type=page_view/b.json", '{"event_id": "e2"}\n')
    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    assert kinds(events, "read")[0][2] == [
        "s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json",
        "s3://raw/events/event_date=2026-03-02/event_type=page_view/b.json",
    ]
    assert events[-1][0] == "commit"


def test_a_batch_failing_its_ruleset_is_quarantined_not_published_and_fails_the_run(world, monkeypatch):
    put(world, "s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json", '{"event_id": "e1"}\n')
    world.dq_failing = {"lakehouse-dev-events": {'IsComplete "event_id"': "Completeness: 0.5 does not meet the constraint"}}
    with pytest.raises(RuntimeError, match=r'client_events batch failed 1 of 3 rules of ruleset lakehouse-dev-events: IsComplete "event_id": Completeness: 0.5') as failure:
        start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    assert "quarantined at s3://refined/quarantine/client_events/jr_0456/ and were not published" in str(failure.value)
    events = world.events
    # Evaluated on what the SQL returned, under the ruleset's name, with the shipped rules.
    evaluate = kinds(events, "evaluate")[0]
    assert evaluate[1:3] == (
        "lakehouse-dev-events",
        ['IsComplete "event_id"', 'CustomSql "SELECT COUNT(*) FROM primary" > 0', "RowCount < avg(last(10)) * 10"],
    )
    assert kinds(events, "parquet") == [("parquet", "s3://refined/quarantine/client_events/jr_0456/", "overwrite")]
    outcomes = json.loads(open(world.path("s3://refined/quarantine/client_events/jr_0456/_outcomes.json")).read())
    assert [o["Outcome"] for o in outcomes["outcomes"]] == ["Failed", "Passed", "Passed"]
    # Nothing published, no bookmark: the next run reads the file again and, once it passes, publishes.
    assert kinds(events, "insertInto") == [] and kinds(events, "commit") == []
    world.dq_failing = {}
    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    assert kinds(events, "read")[0][2] == ["s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json"]
    assert len(kinds(events, "insertInto")) == 1 and events[-1][0] == "commit"


def test_a_late_batch_is_published_its_failed_freshness_rule_reported_not_gated(world, monkeypatch, capsys):
    put(world, "s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json", '{"event_id": "e1"}\n')
    world.dq_failing = {"lakehouse-dev-events": {'CustomSql "SELECT COUNT(*) FROM primary" > 0': "returned 0"}}
    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    assert len(kinds(events, "insertInto")) == 1 and kinds(events, "parquet") == []
    assert events[-1][0] == "commit"
    assert "CustomSql" in capsys.readouterr().out
    # ... unless the run says otherwise: then it gates like any rule.
    put(world, "s3://raw/events/event_date=2026-03-02/event_type=page_view/b.json", '{"event_id": "e2"}\n')
    with pytest.raises(RuntimeError, match="failed 1 of 3 rules"):
        start(monkeypatch, refine_job, "lakehouse-dev-refine-events", {**REFINE_ARGS, "--dq_report_only": "[]"})


def test_a_failing_entity_is_not_merged_the_others_are_and_the_run_fails(world, monkeypatch):
    merge_world(world)
    put(world, "s3://raw/dynamodb-cdc/table=orders/dt=2026-03-01/a", '{"op": "insert"}\n')
    put(world, "s3://raw/aurora-cdc/public/customers/LOAD00000001.parquet", "not decoded")
    world.dq_failing = {"lakehouse-dev-orders": {'IsPrimaryKey "k"': "duplicate keys"}}
    with pytest.raises(RuntimeError, match="the orders batch failed 1 of 1 rules"):
        start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", MERGE_ARGS)
    assert [s for s in statements(world.events) if s.startswith("MERGE")] == ["MERGE INTO glue_catalog.cdc.customers"]
    assert kinds(world.events, "parquet") == [("parquet", "s3://refined/quarantine/orders/jr_0456/", "overwrite")]
    assert kinds(world.events, "commit") == []


def test_bookmarks_off_rereads_everything(world, monkeypatch):
    put(world, "s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json", '{"event_id": "e1"}\n')
    off = {**REFINE_ARGS, "--job-bookmark-option": "job-bookmark-disable"}
    start(monkeypatch, refine_job, "lakehouse-dev-refine-events", off)
    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", off)
    assert len(kinds(events, "insertInto")) == 1


def test_refine_refuses_sql_whose_last_columns_are_not_the_partition_keys(world, monkeypatch):
    put(world, "s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json", '{"event_id": "e1"}\n')
    put(world, "s3://assets/glue/sql/refine-events.sql", "SELECT\n  event_date,\n  event_id\nFROM x\n")
    with pytest.raises(ValueError, match="must end with the partition columns"):
        start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    assert kinds(world.events, "commit") == []


def merge_world(world):
    entity = lambda name, path, fmt: {  # noqa: E731
        "name": name,
        "sourcePath": path,
        "sourceFormat": fmt,
        "sourceSchema": {"type": "struct", "fields": [{"name": "op", "type": "string"}]},
        "sourceExclusions": ["**/errors/**"],
        "sqlPath": f"s3://assets/glue/sql/merge-{name}.sql",
        "countSqlPath": f"s3://assets/glue/sql/merge-{name}-counts.sql",
        "replaySqlPath": f"s3://assets/glue/sql/merge-{name}-replay.sql",
        "targetTable": f"glue_catalog.cdc.{name}",
        "visibleSqlPath": f"s3://assets/glue/sql/merge-{name}-visible.sql",
        "rulesetName": f"lakehouse-dev-{name}",
        "rulesetPath": f"s3://assets/glue/quality/{name}.dqdl",
        "quarantinePath": f"s3://refined/quarantine/{name}/",
        "columns": [{"name": "k", "type": "string"}],
    }
    manifest = {
        "changeCountsTable": "glue_catalog.cdc.cdc_changes",
        "entities": [
            entity("orders", "s3://raw/dynamodb-cdc/", "json"),
            entity("customers", "s3://raw/aurora-cdc/public/customers/", "parquet"),
        ]
    }
    put(world, "s3://assets/glue/manifests/cdc-merge.json", json.dumps(manifest))
    for name in ("orders", "customers"):
        world.tables[f"glue_catalog.cdc.{name}"] = {"type": "struct", "fields": [{"name": "k", "type": "string"}]}
    for name in ("orders", "customers"):
        put(world, f"s3://assets/glue/sql/merge-{name}.sql", f"MERGE INTO glue_catalog.cdc.{name} AS t USING s ON t.k = s.k")
        put(world, f"s3://assets/glue/sql/merge-{name}-counts.sql", f"SELECT\n  '{name}' AS entity,\n  0 AS inserted\nFROM s")
        put(world, f"s3://assets/glue/sql/merge-{name}-replay.sql", f"-- {name}\nSELECT\n  k,\n  _cdc_deleted\nFROM ranked\nWHERE _row_number = 1")
        put(world, f"s3://assets/glue/sql/merge-{name}-visible.sql", "SELECT\n  visible_k\nFROM s")
        put(world, f"s3://assets/glue/quality/{name}.dqdl", 'Rules = [\n  IsPrimaryKey "k"\n]\n')


def statements(events):
    """The kind of each statement a run executed: the count query, the MERGE, the append of the counts (the gated rows' query left out)."""
    return [e[1].split(" AS ")[0].split("\n")[0] for e in kinds(events, "sql") if "visible_k" not in e[1]]


MERGE_ARGS = {
    "--job-bookmark-option": "job-bookmark-enable",
    "--TempDir": "s3://assets/glue/tmp/",
    "--datalake-formats": "iceberg",
    "--conf": "spark.sql.extensions=x --conf spark.sql.catalog.glue_catalog=y",
    "--manifest_path": "s3://assets/glue/manifests/cdc-merge.json",
    "--dq_report_only": '["CustomSql"]',
}


def test_merge_run_merges_each_entity_with_new_changes_and_commits_once(world, monkeypatch):
    merge_world(world)
    put(world, "s3://raw/dynamodb-cdc/table=orders/dt=2026-03-01/a", '{"op": "insert"}\n')
    events = start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", MERGE_ARGS)
    # Counted before the MERGE changes the table the count compares with, appended after it.
    assert [e[1] for e in kinds(events, "evaluate")] == ["lakehouse-dev-orders"]
    assert statements(events) == [
        "SELECT",
        "MERGE INTO glue_catalog.cdc.orders",
        "INSERT INTO glue_catalog.cdc.cdc_changes SELECT entity, current_timestamp()",
    ]
    assert [e[1] for e in kinds(events, "read")] == ["source_orders", "source_customers"]
    assert kinds(events, "commit") == [("commit", "lakehouse-dev-cdc-merge")]
    put(world, "s3://raw/aurora-cdc/public/customers/LOAD00000001.parquet", "not decoded")
    events = start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", MERGE_ARGS)
    assert statements(events)[1:2] == ["MERGE INTO glue_catalog.cdc.customers"]


def test_a_failed_merge_run_leaves_every_entity_to_the_next(world, monkeypatch):
    merge_world(world)
    put(world, "s3://raw/dynamodb-cdc/table=orders/dt=2026-03-01/a", '{"op": "insert"}\n')
    world.fail_at = "sql"
    with pytest.raises(RuntimeError):
        start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", MERGE_ARGS)
    world.fail_at = None
    events = start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", MERGE_ARGS)
    assert statements(events)[1] == "MERGE INTO glue_catalog.cdc.orders"


# What `lakehouse data backfill` and `lakehouse data replay` add to StartJobRun's Arguments
# (scripts/src/data/job-runs.ts); Glue lays them over the job's default arguments.
BACKFILL_RUN = {"--job-bookmark-option": "job-bookmark-disable", "--backfill_from": "2026-03-02", "--backfill_to": "2026-03-03"}
REPLAY_RUN = {"--job-bookmark-option": "job-bookmark-disable", "--replay_entity": "orders"}

DAY_FILES = [f"s3://raw/events/event_date=2026-03-0{d}/event_type=page_view/{d}.json" for d in (1, 2, 3)]


def test_a_backfill_rereads_every_file_rebuilds_its_days_and_leaves_the_bookmark(world, monkeypatch):
    for i, uri in enumerate(DAY_FILES):
        put(world, uri, f'{{"event_id": "e{i}"}}\n')
    start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    committed = json.loads(json.dumps(world.bookmarks))
    assert sorted(committed["lakehouse-dev-refine-events"]["source"]) == DAY_FILES

    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", {**REFINE_ARGS, **BACKFILL_RUN})
    assert kinds(events, "read") == [("read", "source", DAY_FILES)]
    # The table's current rows are not merged in: the view the SQL reads them from is empty.
    assert events.index(("where", "FALSE")) < events.index(next(e for e in events if e[:2] == ("view", "refined_existing")))
    assert ("where", "`event_date` BETWEEN DATE '2026-03-02' AND DATE '2026-03-03'") in events
    assert kinds(events, "insertInto") == [("insertInto", "`refined`.`client_events`", "overwrite", "dynamic")]
    assert events[-1] == ("commit", "lakehouse-dev-refine-events")
    assert world.bookmarks == committed

    # The scheduled run goes on from its bookmark: only the file that arrived since.
    put(world, "s3://raw/events/event_date=2026-03-04/event_type=page_view/4.json", '{"event_id": "e4"}\n')
    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    assert kinds(events, "read")[0][2] == ["s3://raw/events/event_date=2026-03-04/event_type=page_view/4.json"]
    assert ("where", "FALSE") not in events


def test_a_backfill_with_bookmarks_on_is_refused_before_it_reads(world, monkeypatch):
    put(world, DAY_FILES[0], '{"event_id": "e1"}\n')
    with pytest.raises(ValueError, match="start it with --job-bookmark-option job-bookmark-disable"):
        start(monkeypatch, refine_job, "lakehouse-dev-refine-events", {**REFINE_ARGS, **BACKFILL_RUN, "--job-bookmark-option": "job-bookmark-enable"})
    assert kinds(world.events, "read") == [] and world.bookmarks == {}


def test_a_replay_rebuilds_one_entity_from_its_whole_change_log_in_one_overwrite(world, monkeypatch):
    merge_world(world)
    put(world, "s3://raw/dynamodb-cdc/table=orders/dt=2026-03-01/a", '{"op": "insert"}\n')
    put(world, "s3://raw/dynamodb-cdc/table=orders/dt=2026-03-02/b", '{"op": "delete"}\n')
    start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", MERGE_ARGS)
    committed = json.loads(json.dumps(world.bookmarks))

    events = start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", {**MERGE_ARGS, **REPLAY_RUN})
    assert kinds(events, "read") == [
        ("read", "source_orders", ["s3://raw/dynamodb-cdc/table=orders/dt=2026-03-01/a", "s3://raw/dynamodb-cdc/table=orders/dt=2026-03-02/b"])
    ]
    # The shipped replay query only: no MERGE, nothing appended to the audit table.
    assert [e[1] for e in kinds(events, "sql")] == ["SELECT\n  k,\n  _cdc_deleted\nFROM ranked\nWHERE _row_number = 1"]
    assert kinds(events, "overwrite") == [("overwrite", "glue_catalog.cdc.orders", "TRUE")]
    assert events[-1] == ("commit", "lakehouse-dev-cdc-merge")
    assert world.bookmarks == committed

    put(world, "s3://raw/dynamodb-cdc/table=orders/dt=2026-03-03/c", '{"op": "update"}\n')
    events = start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", MERGE_ARGS)
    assert kinds(events, "read")[0][2] == ["s3://raw/dynamodb-cdc/table=orders/dt=2026-03-03/c"]
    assert statements(events)[1] == "MERGE INTO glue_catalog.cdc.orders"


@pytest.mark.parametrize(
    "run, message",
    [
        ({**REPLAY_RUN, "--replay_entity": "invoices"}, "'invoices' is not in the manifest \\(entities: orders, customers\\)"),
        ({**REPLAY_RUN, "--job-bookmark-option": "job-bookmark-enable"}, "start it with --job-bookmark-option job-bookmark-disable"),
        ({**REPLAY_RUN, "--replay_entity": "customers"}, "customers: no changes under s3://raw/aurora-cdc/public/customers/; the table is left as it is"),
    ],
)
def test_a_replay_that_cannot_rebuild_fails_and_writes_nothing(world, monkeypatch, run, message):
    merge_world(world)
    put(world, "s3://raw/dynamodb-cdc/table=orders/dt=2026-03-01/a", '{"op": "insert"}\n')
    with pytest.raises(ValueError, match=message):
        start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", {**MERGE_ARGS, **run})
    assert kinds(world.events, "overwrite") == [] and kinds(world.events, "commit") == []
