import io
import json

import cdc_merge_job
import pytest
import refine_job
from lakehouse_runner import (
    backfill_range,
    conform_expressions,
    excluded_files_filter,
    failed_rules,
    glob_regex,
    load_sql,
    load_text,
    change_counts_table,
    parse_manifest,
    parse_report_only,
    partition_keys,
    partition_range_filter,
    publishing_options,
    quarantine_uri,
    source_options,
    split_s3_uri,
)


class FakeS3:
    """Answers get_object from a dict; records what was asked."""

    def __init__(self, objects):
        self.objects = objects
        self.calls = []

    def get_object(self, Bucket, Key):
        self.calls.append((Bucket, Key))
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)].encode("utf-8"))}


def test_each_script_declares_its_argument_contract():
    assert refine_job.REQUIRED_ARGS[0] == "JOB_NAME"
    assert cdc_merge_job.REQUIRED_ARGS == ["JOB_NAME", "manifest_path", "dq_report_only"]
    assert len(set(refine_job.REQUIRED_ARGS)) == len(refine_job.REQUIRED_ARGS)


@pytest.mark.parametrize(
    "uri, expected",
    [
        ("s3://lakehouse-dev-raw-123/events/2026/01/05/a.parquet", ("lakehouse-dev-raw-123", "events/2026/01/05/a.parquet")),
        ("s3://b.with.dots/k", ("b.with.dots", "k")),
    ],
)
def test_split_s3_uri(uri, expected):
    assert split_s3_uri(uri) == expected


@pytest.mark.parametrize("uri", ["https://bucket/key", "s3://bucket", "s3://bucket/", "s3://UPPER/key", "/tmp/x"])
def test_split_s3_uri_rejects_non_object_uris(uri):
    with pytest.raises(ValueError, match="not an s3://bucket/key URI"):
        split_s3_uri(uri)


def test_load_text_reads_the_object_the_uri_names():
    s3 = FakeS3({("assets", "glue/sql/events-abc.sql"): "SELECT 1"})
    assert load_text(s3, "s3://assets/glue/sql/events-abc.sql") == "SELECT 1"
    assert s3.calls == [("assets", "glue/sql/events-abc.sql")]


def test_load_sql_strips_comments_and_checks_the_statement_kind():
    s3 = FakeS3(
        {
            ("aaa", "refine.sql"): "-- Generated from the table spec\nWITH typed AS (SELECT 1 AS x)\nSELECT x FROM typed;\n",
            ("aaa", "merge.sql"): "-- header\nMERGE INTO glue_catalog.db.orders AS t USING s ON t.k = s.k WHEN MATCHED THEN DELETE",
        }
    )
    assert load_sql(s3, "s3://aaa/refine.sql", "select") == "WITH typed AS (SELECT 1 AS x)\nSELECT x FROM typed"
    assert load_sql(s3, "s3://aaa/merge.sql", "merge").startswith("MERGE INTO glue_catalog.db.orders")
    with pytest.raises(ValueError, match="expected a MERGE statement, found WITH"):
        load_sql(s3, "s3://aaa/refine.sql", "merge")


def test_load_sql_refuses_several_statements():
    s3 = FakeS3({("aaa", "x.sql"): "SELECT 1; DROP TABLE t"})
    with pytest.raises(ValueError, match="one statement"):
        load_sql(s3, "s3://aaa/x.sql", "select")


DECLARED = {
    "type": "struct",
    "fields": [
        {"name": "op", "type": "string", "nullable": True, "metadata": {}},
        {"name": "sequence", "type": "string", "nullable": True, "metadata": {}},
        {
            "name": "after",
            "type": {
                "type": "struct",
                "fields": [
                    {"name": "pk", "type": "string", "nullable": True, "metadata": {}},
                    {"name": "total_amount", "type": "string", "nullable": True, "metadata": {}},
                ],
            },
            "nullable": True,
            "metadata": {},
        },
    ],
}


def test_conform_casts_present_fields_and_fills_absent_ones_with_typed_nulls():
    # A batch of deletes only: Spark inferred no `after` struct and a numeric sequence.
    actual = {"type": "struct", "fields": [{"name": "op", "type": "string"}, {"name": "sequence", "type": "long"}, {"name": "extra", "type": "string"}]}
    assert conform_expressions(DECLARED, actual) == [
        "CAST(`op` AS STRING) AS `op`",
        "CAST(`sequence` AS STRING) AS `sequence`",
        "CAST(NULL AS STRUCT<`pk`: STRING, `total_amount`: STRING>) AS `after`",
        "input_file_name() AS `_source_file`",
    ]


def test_conform_rebuilds_structs_field_by_field():
    actual = {
        "type": "struct",
        "fields": [
            {"name": "OP", "type": "string"},
            {"name": "after", "type": {"type": "struct", "fields": [{"name": "total_amount", "type": "double"}, {"name": "note", "type": "string"}]}},
        ],
    }
    exprs = conform_expressions(DECLARED, actual)
    assert exprs[0] == "CAST(`op` AS STRING) AS `op`"
    assert exprs[1] == "CAST(NULL AS STRING) AS `sequence`"
    assert exprs[2] == (
        "CASE WHEN `after` IS NULL THEN NULL ELSE named_struct("
        "'pk', CAST(NULL AS STRING), 'total_amount', CAST(`after`.`total_amount` AS STRING)) END AS `after`"
    )


def test_conform_keeps_nested_json_as_text_where_a_scalar_is_declared():
    declared = {"type": "struct", "fields": [{"name": "properties", "type": "string"}]}
    actual = {"type": "struct", "fields": [{"name": "properties", "type": {"type": "struct", "fields": []}}]}
    assert conform_expressions(declared, actual)[0] == "CAST(to_json(`properties`) AS STRING) AS `properties`"


def test_conform_takes_the_file_name_from_spark_not_from_a_column_of_the_files():
    declared = {"type": "struct", "fields": [{"name": "event_id", "type": "string"}]}
    actual = {"type": "struct", "fields": [{"name": "_source_file", "type": "string"}, {"name": "event_id", "type": "string"}]}
    assert conform_expressions(declared, actual) == [
        "CAST(`event_id` AS STRING) AS `event_id`",
        "input_file_name() AS `_source_file`",
    ]


@pytest.mark.parametrize(
    "key, excluded",
    [
        ("events/errors/format-conversion-failed/dt=2026-03-01/x", True),
        ("dynamodb-cdc/errors/processing-failed/dt=2026-03-01/x", True),
        ("events/event_date=2026-03-01/event_type=page_view/x.parquet", False),
        ("events/event_date=2026-03-01/event_type=errors.x/y", False),
    ],
)
def test_exclusion_globs_match_object_keys_as_glue_documents_them(key, excluded):
    import re

    assert bool(re.fullmatch(glob_regex("**/errors/**"), key)) is excluded


def test_excluded_files_filter_is_a_row_predicate_over_the_source_file():
    assert excluded_files_filter([]) == "TRUE"
    assert excluded_files_filter(["**/errors/**"]) == (
        "NOT (regexp_replace(`_source_file`, '^s3a?://[^/]+/', '') RLIKE '^((.*/errors/.*))$')"
    )
    with pytest.raises(ValueError, match="quotes or backslashes"):
        excluded_files_filter(["**/it's/**"])


def test_source_options_read_recursively_without_attach_filename():
    assert source_options("s3://lakehouse-dev-raw-123/events/", '["**/errors/**"]') == {
        "paths": ["s3://lakehouse-dev-raw-123/events/"],
        "recurse": True,
        "exclusions": '["**/errors/**"]',
    }


@pytest.mark.parametrize("path", ["s3://bucket/events", "s3://bucket/events/a.json", "/events/"])
def test_source_options_want_a_folder(path):
    with pytest.raises(ValueError, match="not an s3://bucket/prefix/ source"):
        source_options(path, "[]")


def test_source_options_reject_malformed_exclusions():
    with pytest.raises(ValueError, match="JSON list of glob strings"):
        source_options("s3://bucket/events/", '"**/errors/**"')


def test_partition_keys():
    assert partition_keys("event_date") == ["event_date"]
    assert partition_keys(" year, month ") == ["year", "month"]
    with pytest.raises(ValueError):
        partition_keys("event_date; DROP")
    with pytest.raises(ValueError):
        partition_keys("")


def test_parse_manifest_validates_every_entity():
    entity = {
        "name": "orders",
        "sourcePath": "s3://raw/dynamodb-cdc/",
        "sourceFormat": "json",
        "sourceSchema": DECLARED,
        "sourceExclusions": ["**/errors/**"],
        "sqlPath": "s3://assets/glue/sql/orders-merge-abc.sql",
        "countSqlPath": "s3://assets/glue/sql/orders-merge-counts-abc.sql",
        "replaySqlPath": "s3://assets/glue/sql/orders-merge-replay-abc.sql",
        "targetTable": "glue_catalog.cdc.orders",
        "visibleSqlPath": "s3://assets/glue/sql/merge-orders-visible-abc.sql",
        "rulesetName": "lakehouse-dev-orders",
        "rulesetPath": "s3://assets/glue/quality/orders-abc.dqdl",
        "quarantinePath": "s3://refined/quarantine/orders/",
        "columns": [{"name": "order_id", "type": "string"}],
    }
    table = "glue_catalog.cdc.cdc_changes"

    def manifest(*entities, counts=table):
        return json.dumps({"changeCountsTable": counts, "entities": list(entities)})

    assert parse_manifest(manifest(entity)) == [entity]
    assert change_counts_table(manifest(entity)) == table
    with pytest.raises(ValueError, match="lacks sqlPath"):
        parse_manifest(manifest({k: v for k, v in entity.items() if k != "sqlPath"}))
    with pytest.raises(ValueError, match="lacks countSqlPath"):
        parse_manifest(manifest({k: v for k, v in entity.items() if k != "countSqlPath"}))
    with pytest.raises(ValueError, match="lacks replaySqlPath"):
        parse_manifest(manifest({k: v for k, v in entity.items() if k != "replaySqlPath"}))
    with pytest.raises(ValueError, match="targetTable must be catalog.database.table"):
        parse_manifest(manifest({**entity, "targetTable": "orders"}))
    with pytest.raises(ValueError, match="unsupported format csv"):
        parse_manifest(manifest({**entity, "sourceFormat": "csv"}))
    with pytest.raises(ValueError, match="lacks rulesetPath"):
        parse_manifest(manifest({k: v for k, v in entity.items() if k != "rulesetPath"}))
    with pytest.raises(ValueError, match="quarantine path"):
        parse_manifest(manifest({**entity, "quarantinePath": "refined/quarantine/orders"}))
    with pytest.raises(ValueError, match="no entities"):
        parse_manifest(manifest())
    with pytest.raises(ValueError, match="changeCountsTable must be catalog.database.table, got 'cdc_changes; DROP'"):
        parse_manifest(manifest(entity, counts="cdc_changes; DROP"))


DISABLED = {"job_bookmark_option": "job-bookmark-disable"}


def test_backfill_range_takes_both_days_of_a_reprocessing_run():
    assert backfill_range(DISABLED) is None
    assert backfill_range({**DISABLED, "backfill_from": "2026-03-01", "backfill_to": "2026-03-03"}) == ("2026-03-01", "2026-03-03")
    with pytest.raises(ValueError, match="needs both --backfill_from and --backfill_to"):
        backfill_range({**DISABLED, "backfill_from": "2026-03-01"})
    with pytest.raises(ValueError, match="--backfill_to must be a date YYYY-MM-DD, got '2026-02-30'"):
        backfill_range({**DISABLED, "backfill_from": "2026-03-01", "backfill_to": "2026-02-30"})
    with pytest.raises(ValueError, match="--backfill_from 2026-03-04 is after --backfill_to 2026-03-03"):
        backfill_range({**DISABLED, "backfill_from": "2026-03-04", "backfill_to": "2026-03-03"})
    # With bookmarks on, the run would read only unseen files and then move the bookmark past them.
    with pytest.raises(ValueError, match="--job-bookmark-option job-bookmark-disable, not job-bookmark-enable"):
        backfill_range({"job_bookmark_option": "job-bookmark-enable", "backfill_from": "2026-03-01", "backfill_to": "2026-03-01"})


def test_partition_range_filter_is_inclusive_days_of_one_column():
    assert partition_range_filter("event_date", "2026-03-01", "2026-03-03") == (
        "`event_date` BETWEEN DATE '2026-03-01' AND DATE '2026-03-03'"
    )
    with pytest.raises(ValueError, match="invalid partition column"):
        partition_range_filter("event_date; DROP", "2026-03-01", "2026-03-03")
    with pytest.raises(ValueError, match="must be a date"):
        partition_range_filter("event_date", "2026-03-01'--", "2026-03-03")
def test_failed_rules_name_each_failing_rule_and_an_empty_evaluation_fails():
    outcomes = [
        {"Rule": 'IsComplete "event_id"', "Outcome": "Passed", "FailureReason": None},
        {"Rule": 'ColumnValues "platform" in ["web"]', "Outcome": "Failed", "FailureReason": "Value: tv does not meet the constraint"},
    ]
    assert failed_rules(outcomes) == ['ColumnValues "platform" in ["web"]: Value: tv does not meet the constraint']
    assert failed_rules(outcomes[:1]) == []
    assert failed_rules([]) == ["(no rule outcome: the ruleset was not evaluated)"]
    assert failed_rules(outcomes, ["ColumnValues"]) == []


def test_report_only_is_a_json_list_of_rule_types():
    assert parse_report_only('["CustomSql", "RowCount"]') == ["CustomSql", "RowCount"]
    with pytest.raises(ValueError, match="dq_report_only"):
        parse_report_only('"CustomSql"')
    with pytest.raises(ValueError, match="dq_report_only"):
        parse_report_only('["Custom Sql"]')


def test_quarantine_uri_is_below_the_tables_prefix_per_run():
    assert quarantine_uri("s3://refined/quarantine/orders/", "jr_0456") == "s3://refined/quarantine/orders/jr_0456/"
    with pytest.raises(ValueError, match="quarantine path"):
        quarantine_uri("s3://refined/quarantine/orders", "jr_0456")
    with pytest.raises(ValueError, match="run id"):
        quarantine_uri("s3://refined/quarantine/orders/", "../x")


def test_results_are_published_under_the_ruleset_name_without_cloudwatch_metrics():
    assert publishing_options("lakehouse-dev-orders") == {
        "dataQualityEvaluationContext": "lakehouse-dev-orders",
        "enableDataQualityCloudWatchMetrics": False,
        "enableDataQualityResultsPublishing": True,
    }
