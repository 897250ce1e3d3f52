"""Schema changes per the README's policy: the job compares each batch with the spec's raw schema."""

import json
import re

import cdc_merge_job
import pytest
import refine_job
from lakehouse_runner import SchemaChangeError, check_batch_schema, iceberg_add_columns
from test_runs import MERGE_ARGS, REFINE_ARGS, kinds, merge_world, put, start
from test_runs import world  # noqa: F401  (the fixture)

KEY = {"lakehouse.key": True}
CUSTOMERS = {
    "type": "struct",
    "fields": [
        {"name": "customer_id", "type": "bigint", "metadata": KEY},
        {"name": "email", "type": "string"},
        {"name": "created_at", "type": "timestamp"},
    ],
}
ORDERS = {
    "type": "struct",
    "fields": [
        {"name": "op", "type": "string"},
        {"name": "keys", "type": {"type": "struct", "fields": [{"name": "pk", "type": "string"}, {"name": "sk", "type": "string"}]}, "metadata": KEY},
        {"name": "after", "type": {"type": "struct", "fields": [{"name": "total_amount", "type": "string"}]}},
    ],
}


def batch(*fields):
    return {"type": "struct", "fields": [{"name": n, "type": t} for n, t in fields]}


def test_an_added_column_is_reported_not_refused_and_absent_optional_ones_are_fine():
    undeclared = check_batch_schema(CUSTOMERS, batch(("customer_id", "long"), ("email", "string"), ("loyalty_tier", "string")), "customers")
    assert undeclared == ["loyalty_tier (string)"]
    # Nested attributes too (a new DynamoDB attribute in the change's image).
    nested = batch(("op", "string"), ("keys", {"type": "struct", "fields": [{"name": "pk", "type": "string"}, {"name": "sk", "type": "string"}]}), ("after", {"type": "struct", "fields": [{"name": "total_amount", "type": "long"}, {"name": "gift_wrap", "type": "boolean"}]}))
    assert check_batch_schema(ORDERS, nested, "orders") == ["after.gift_wrap (boolean)"]


def test_a_type_change_is_refused_naming_source_column_old_and_new_type():
    with pytest.raises(SchemaChangeError) as refused:
        check_batch_schema(CUSTOMERS, batch(("customer_id", "long"), ("email", "string"), ("created_at", "string")), "customers (s3://raw/aurora-cdc/public/customers/)")
    text = str(refused.value)
    assert "source customers (s3://raw/aurora-cdc/public/customers/)" in text
    assert "column created_at changed type from timestamp to string" in text
    assert "stay in raw" in text and "bookmark is not committed" in text


@pytest.mark.parametrize(
    "declared, actual, ok",
    [
        ("bigint", "long", True),
        ("bigint", "integer", True),  # int -> bigint widens
        ("int", "long", False),  # narrowing
        ("string", "long", True),  # kept as text
        ("double", "long", True),
        ("decimal(12,2)", "decimal(10,2)", True),
        ("decimal(12,2)", "decimal(12,4)", False),
        ("timestamp", "string", False),
        ("bigint", "string", False),
    ],
)
def test_which_type_changes_cast_without_loss(declared, actual, ok):
    schema = {"type": "struct", "fields": [{"name": "c", "type": declared}]}
    if ok:
        check_batch_schema(schema, batch(("c", actual)), "t")
    else:
        spark_name = {"bigint": "long", "int": "integer"}.get(declared, declared)
        with pytest.raises(SchemaChangeError, match=f"column c changed type from {re.escape(spark_name)} to {re.escape(actual)}"):
            check_batch_schema(schema, batch(("c", actual)), "t")


def test_key_changes_are_refused():
    with pytest.raises(SchemaChangeError, match="key column customer_id \\(long\\) is missing from the batch"):
        check_batch_schema(CUSTOMERS, batch(("id", "long"), ("email", "string")), "customers")
    new_keys = batch(("op", "string"), ("keys", {"type": "struct", "fields": [{"name": "pk", "type": "string"}]}))
    with pytest.raises(SchemaChangeError, match=r"key keys changed from attributes \['pk', 'sk'\] to \['pk'\]"):
        check_batch_schema(ORDERS, new_keys, "orders")


def test_a_batch_of_deletes_whose_image_is_null_everywhere_is_not_a_type_change():
    # Spark's JSON reader types a field that is null in every row as string.
    deletes = batch(("op", "string"), ("keys", {"type": "struct", "fields": [{"name": "pk", "type": "string"}, {"name": "sk", "type": "string"}]}), ("after", "string"))
    assert check_batch_schema(ORDERS, deletes, "orders") == []


def test_iceberg_gets_the_specs_new_nullable_columns_and_refuses_a_changed_type():
    table = {"type": "struct", "fields": [{"name": "customer_id", "type": "long"}, {"name": "email", "type": "string"}]}
    declared = [{"name": "customer_id", "type": "bigint"}, {"name": "email", "type": "string"}, {"name": "loyalty_tier", "type": "string"}]
    assert iceberg_add_columns("glue_catalog.cdc.customers", declared, table) == ["ALTER TABLE glue_catalog.cdc.customers ADD COLUMNS (`loyalty_tier` STRING)"]
    assert iceberg_add_columns("glue_catalog.cdc.customers", declared[:2], table) == []
    with pytest.raises(SchemaChangeError, match="column email is string in the table, the spec declares bigint"):
        iceberg_add_columns("glue_catalog.cdc.customers", [{"name": "email", "type": "bigint"}], table)


def test_a_refused_batch_writes_nothing_commits_nothing_and_the_run_after_the_fix_reads_it(world, monkeypatch, capsys):  # noqa: F811
    put(world, "s3://raw/events/event_date=2026-03-01/event_type=page_view/a.json", '{"event_id": 17, "coupon": "X1"}\n')
    put(world, "s3://assets/glue/schemas/events.json", json.dumps({"type": "struct", "fields": [{"name": "event_id", "type": "bigint", "metadata": KEY}]}))
    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    out = capsys.readouterr().out
    assert "schema: source client_events (s3://raw/events/) has columns the table spec does not declare: coupon (string)" in out
    assert kinds(events, "insertInto") and events[-1][0] == "commit"
    # A type change of the key (bigint -> string) in the next file: refused, nothing written, no commit.
    put(world, "s3://raw/events/event_date=2026-03-02/event_type=page_view/b.json", '{"event_id": "e-18"}\n')
    with pytest.raises(SchemaChangeError, match="source client_events \\(s3://raw/events/\\): key column event_id changed type from long to string"):
        start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    assert kinds(world.events, "insertInto") == [] and kinds(world.events, "commit") == []
    # The fix: the spec declares event_id as string. The next run reads the refused file again.
    put(world, "s3://assets/glue/schemas/events.json", json.dumps({"type": "struct", "fields": [{"name": "event_id", "type": "string", "metadata": KEY}]}))
    events = start(monkeypatch, refine_job, "lakehouse-dev-refine-events", REFINE_ARGS)
    view = next(e for e in events if e[:2] == ("view", "source_batch"))
    assert view[2] == ["s3://raw/events/event_date=2026-03-02/event_type=page_view/b.json"]
    assert events[-1] == ("commit", "lakehouse-dev-refine-events")


def test_the_merge_adds_the_specs_new_columns_to_the_iceberg_table_before_merging(world, monkeypatch):  # noqa: F811
    merge_world(world)
    manifest = json.loads(open(world.path("s3://assets/glue/manifests/cdc-merge.json")).read())
    manifest["entities"][0]["columns"].append({"name": "gift_wrap", "type": "boolean"})
    put(world, "s3://assets/glue/manifests/cdc-merge.json", json.dumps(manifest))
    put(world, "s3://raw/dynamodb-cdc/2026/03/01/a.json", '{"op": "insert"}\n')
    events = start(monkeypatch, cdc_merge_job, "lakehouse-dev-cdc-merge", MERGE_ARGS)
    sql = [e[1] for e in kinds(events, "sql")]
    alter = sql.index("ALTER TABLE glue_catalog.cdc.orders ADD COLUMNS (`gift_wrap` BOOLEAN)")
    assert alter < next(i for i, s in enumerate(sql) if s.startswith("MERGE INTO glue_catalog.cdc.orders"))
