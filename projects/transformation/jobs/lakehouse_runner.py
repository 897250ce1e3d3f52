"""Pure helpers shared by the Glue job scripts (shipped with --extra-py-files).

Nothing here imports pyspark or awsglue, so pytest runs it on any machine; the scripts keep
the Spark calls in their main() functions.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any, Mapping, Sequence

#: View the runners register the run's source rows under; the rendered SQL reads it.
SOURCE_VIEW = "source_batch"
#: View the refine runner registers the refined table's current rows under (sql.ts EXISTING_VIEW).
EXISTING_VIEW = "refined_existing"
#: Column holding each row's source object (`s3://bucket/key`): values that live only in
#: Hive-style paths (e.g. Firehose partition keys) are read from it. Spark fills it with its
#: `input_file_name()` SQL function, evaluated on the file scan. Glue's `attachFilename`
#: connection option is not used: Glue reads Parquet through Spark's own data source, which
#: does not honour it (issue 21).
SOURCE_FILE_COLUMN = "_source_file"
SOURCE_FILE_EXPRESSION = "input_file_name()"

_S3_URI = re.compile(r"^s3://(?P<bucket>[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])/(?P<key>.+)$")
_S3_PREFIX = re.compile(r"^s3://[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]/(\S+/)?$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def split_s3_uri(uri: str) -> tuple[str, str]:
    """`s3://bucket/key` -> (bucket, key); anything else is an error naming the value."""
    match = _S3_URI.match(uri)
    if not match:
        raise ValueError(f"not an s3://bucket/key URI: {uri!r}")
    return match.group("bucket"), match.group("key")


def load_text(s3_client: Any, uri: str) -> str:
    """The UTF-8 text of an S3 object (the shipped SQL, schema or manifest)."""
    bucket, key = split_s3_uri(uri)
    body = s3_client.get_object(Bucket=bucket, Key=key)["Body"]
    return body.read().decode("utf-8")


def load_sql(s3_client: Any, uri: str, statement: str) -> str:
    """Loads one shipped SQL statement and checks it is the kind the job runs (SELECT/WITH or MERGE)."""
    sql = load_text(s3_client, uri)
    code = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).strip()
    first = code.split(None, 1)[0].upper() if code else ""
    allowed = {"select": {"SELECT", "WITH"}, "merge": {"MERGE"}}[statement]
    if first not in allowed:
        raise ValueError(f"{uri}: expected a {statement.upper()} statement, found {first or 'nothing'}")
    if ";" in code.rstrip(";"):
        raise ValueError(f"{uri}: expected one statement, found several")
    return code.rstrip(";")


def _ddl(spark_type: Any) -> str:
    """Spark JSON schema type -> SQL type text."""
    if isinstance(spark_type, str):
        return spark_type.upper()
    if spark_type.get("type") == "struct":
        inner = ", ".join(f"`{f['name']}`: {_ddl(f['type'])}" for f in spark_type["fields"])
        return f"STRUCT<{inner}>"
    raise ValueError(f"unsupported declared type {spark_type!r}")


def _fields(struct: Mapping[str, Any] | None) -> dict[str, Any]:
    if not struct or struct.get("type") != "struct":
        return {}
    return {f["name"].lower(): f["type"] for f in struct.get("fields", [])}


def _conform(declared: Any, actual: Any, ref: str) -> str:
    if isinstance(declared, dict) and declared.get("type") == "struct":
        if not (isinstance(actual, dict) and actual.get("type") == "struct"):
            return f"CAST(NULL AS {_ddl(declared)})"
        present = _fields(actual)
        parts = []
        for field in declared["fields"]:
            name = field["name"]
            inner = (
                _conform(field["type"], present[name.lower()], f"{ref}.`{name}`")
                if name.lower() in present
                else f"CAST(NULL AS {_ddl(field['type'])})"
            )
            parts.append(f"'{name}', {inner}")
        return f"CASE WHEN {ref} IS NULL THEN NULL ELSE named_struct({', '.join(parts)}) END"
    if isinstance(actual, dict):
        # A nested value where a scalar is declared: keep its JSON text rather than fail the run.
        return f"CAST(to_json({ref}) AS {_ddl(declared)})"
    return f"CAST({ref} AS {_ddl(declared)})"


def conform_expressions(declared: Mapping[str, Any], actual: Mapping[str, Any]) -> list[str]:
    """SELECT expressions giving the source rows exactly the declared schema.

    `declared` is the table spec's raw schema and `actual` the schema Spark inferred for this
    run's files (both in Spark's StructType JSON form). Declared fields absent from the files
    become typed NULLs, present ones are cast, extra ones are dropped, so the shipped SQL
    always sees the same columns whatever a batch happened to contain. The source file column
    (`input_file_name()`) is always last.
    """
    present = _fields(actual)
    exprs = []
    for field in declared["fields"]:
        name = field["name"]
        if not _IDENTIFIER.match(name):
            raise ValueError(f"declared field name {name!r} is not a plain identifier")
        value = (
            _conform(field["type"], present[name.lower()], f"`{name}`")
            if name.lower() in present
            else f"CAST(NULL AS {_ddl(field['type'])})"
        )
        exprs.append(f"{value} AS `{name}`")
    exprs.append(f"{SOURCE_FILE_EXPRESSION} AS `{SOURCE_FILE_COLUMN}`")
    return exprs


class SchemaChangeError(RuntimeError):
    """A batch's schema changed in a way the table cannot take: the run fails before it writes."""


#: Field metadata the table specs set on a raw field that identifies a row (sql.ts sparkSourceSchema).
KEY_METADATA = "lakehouse.key"
#: Spark's JSON type names for the spec's SQL spellings.
_SPARK_NAMES = {"bigint": "long", "int": "integer"}
#: Widenings whose every value casts losslessly (Iceberg's own promotions: int -> long, float -> double;
#: Iceberg spec "Schema Evolution"), plus integers into double (JSON numbers).
_WIDENS_TO = {"long": {"integer"}, "double": {"integer", "long", "float"}}
_DECIMAL = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")


def _type_name(spark_type: Any) -> str:
    if isinstance(spark_type, str):
        return _SPARK_NAMES.get(spark_type.lower(), spark_type.lower())
    return str(spark_type.get("type", "?"))


def _describe(spark_type: Any) -> str:
    if isinstance(spark_type, dict) and spark_type.get("type") == "struct":
        return "struct<" + ",".join(f"{f['name']}:{_describe(f['type'])}" for f in spark_type.get("fields", [])) + ">"
    return _type_name(spark_type)


def _accepts(declared: str, actual: str) -> bool:
    """A declared scalar type takes the batch's scalar type when every value casts without loss."""
    if declared == actual or actual in ("null", "void"):
        return True
    if declared == "string":
        # Any scalar is kept as its text; a map or struct as its JSON (conform_expressions).
        return actual not in ("array", "binary")
    if actual in _WIDENS_TO.get(declared, set()):
        return True
    if declared == "timestamp" and actual == "timestamp_ntz":
        return True
    d, a = _DECIMAL.match(declared), _DECIMAL.match(actual)
    if d and a:
        # Iceberg's decimal promotion: same scale, more precision.
        return int(a.group(2)) == int(d.group(2)) and int(a.group(1)) <= int(d.group(1))
    if d and actual in ("integer", "long"):
        return int(d.group(1)) - int(d.group(2)) >= (10 if actual == "integer" else 19)
    return False


def check_batch_schema(declared: Mapping[str, Any], actual: Mapping[str, Any], source: str) -> list[str]:
    """Compares a batch's schema with the spec's raw schema (the policy of the README's "Schema changes").

    Refused (SchemaChangeError, naming the source, the column, the declared and the batch's type):
    a declared field whose type changed to one its values do not cast to without loss, and any
    change of a key field (a field with `lakehouse.key` metadata: its type, its absence, or, for a
    key struct, its attributes). Returned, for the run to report: the batch's fields the spec does
    not declare, as `path (type)`; they stay in raw and reach the tables once the spec declares
    them (then a backfill or replay fills their history). Absent non-key fields are typed NULLs.
    """
    refused: list[str] = []
    undeclared: list[str] = []

    def walk(declared_fields: list[Mapping[str, Any]], actual_fields: list[Mapping[str, Any]], prefix: str) -> None:
        present = {f["name"].lower(): f for f in actual_fields}
        known = {f["name"].lower() for f in declared_fields}
        for field in declared_fields:
            name, want = field["name"], field["type"]
            path = f"{prefix}{name}"
            is_key = bool((field.get("metadata") or {}).get(KEY_METADATA))
            got = present.get(name.lower())
            if got is None:
                if is_key:
                    refused.append(f"key column {path} ({_describe(want)}) is missing from the batch (a key change)")
                continue
            have = got["type"]
            if isinstance(want, dict) and want.get("type") == "struct":
                if isinstance(have, dict) and have.get("type") == "struct":
                    if is_key:
                        wanted = sorted(f["name"] for f in want["fields"])
                        found = sorted(f["name"] for f in have.get("fields", []))
                        if [w.lower() for w in wanted] != [f.lower() for f in found]:
                            refused.append(f"key {path} changed from attributes {wanted} to {found} (a key change)")
                            continue
                    walk(want["fields"], have.get("fields", []), f"{path}.")
                elif _type_name(have) not in ("string", "null", "void"):
                    # JSON readers type a field that is null in every row as string: a batch of deletes.
                    refused.append(f"column {path} changed type from {_describe(want)} to {_describe(have)}")
                continue
            if isinstance(have, dict) or not _accepts(_type_name(want), _type_name(have)):
                if isinstance(have, dict) and _type_name(want) == "string" and not is_key:
                    continue
                what = "key column" if is_key else "column"
                refused.append(f"{what} {path} changed type from {_describe(want)} to {_describe(have)}")
        for field in actual_fields:
            if field["name"].lower() not in known and not field["name"].startswith("__"):
                undeclared.append(f"{prefix}{field['name']} ({_describe(field['type'])})")

    walk(list(declared["fields"]), list(actual.get("fields", [])), "")
    if refused:
        raise SchemaChangeError(
            f"schema change refused: source {source}: {'; '.join(refused)}. Nothing of this batch was written; its "
            "rows stay in raw and the job bookmark is not committed, so the run after the fix reads them again "
            "(docs/runbook.md#schema-change-refused)."
        )
    return undeclared


def iceberg_add_columns(target: str, declared: Sequence[Mapping[str, str]], table_schema: Mapping[str, Any]) -> list[str]:
    """The `ALTER TABLE ... ADD COLUMNS` that give an Iceberg table the spec's new columns.

    `declared` is the manifest's columns (name, Spark SQL type) and `table_schema` the table's
    schema as Spark reads it. A declared column the table lacks is added, nullable (Iceberg's
    Spark DDL: `ALTER TABLE ... ADD COLUMNS`, a metadata-only change; iceberg.apache.org
    docs/spark-ddl, "ALTER TABLE ... ADD COLUMN"); the Glue catalog's Iceberg client writes the new
    schema to the Glue table's columns on that commit. A column whose type differs from the
    spec's is refused: Iceberg could only widen it, and the spec would then describe another table.
    """
    present = {f["name"].lower(): f["type"] for f in table_schema.get("fields", [])}
    added, refused = [], []
    for column in declared:
        name, want = column["name"], column["type"]
        if not _IDENTIFIER.match(name):
            raise ValueError(f"declared column name {name!r} is not a plain identifier")
        have = present.get(name.lower())
        if have is None:
            added.append(f"`{name}` {want.upper()}")
        elif _type_name(have) != _type_name(want):
            refused.append(f"column {name} is {_describe(have)} in the table, the spec declares {want}")
    if refused:
        raise SchemaChangeError(
            f"schema change refused: table {target}: {'; '.join(refused)}. Nothing was merged into it "
            "(docs/runbook.md#schema-change-refused)."
        )
    return [f"ALTER TABLE {target} ADD COLUMNS ({', '.join(added)})"] if added else []


def glob_regex(glob: str) -> str:
    """A Glue exclusion glob (`**` any folders, `*` within one folder) as a regex over the object key.

    Written without backslashes (special characters as one-character classes) so the pattern
    is the same inside a Spark SQL string literal.
    """
    if not isinstance(glob, str) or not glob:
        raise ValueError(f"exclusion glob must be a non-empty string: {glob!r}")
    if "'" in glob or "\\" in glob:
        raise ValueError(f"exclusion glob may not contain quotes or backslashes: {glob!r}")

    def literal(text: str) -> str:
        return "".join(f"[{c}]" if c in ".+^$(){}|[]?" else c for c in text)

    return ".*".join(literal(part).replace("*", "[^/]*") for part in glob.split("**"))


def excluded_files_filter(exclusions: Sequence[str]) -> str:
    """SQL predicate keeping only rows whose source file matches none of the exclusion globs.

    Applied to the rows (by `_source_file`), so delivery-failure objects (`errors/`) never reach
    the SQL whether or not the reader honoured the `exclusions` connection option.
    """
    if not exclusions:
        return "TRUE"
    key = f"regexp_replace(`{SOURCE_FILE_COLUMN}`, '^s3a?://[^/]+/', '')"
    alternatives = "|".join(f"({glob_regex(g)})" for g in exclusions)
    return f"NOT ({key} RLIKE '^({alternatives})$')"


def partition_keys(value: str) -> list[str]:
    """Comma-separated partition column names, validated as identifiers."""
    keys = [k.strip() for k in value.split(",") if k.strip()]
    bad = [k for k in keys if not _IDENTIFIER.match(k)]
    if not keys or bad:
        raise ValueError(f"invalid partition keys {value!r}")
    return keys


_QUALIFIED_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")


def change_counts_table(text: str) -> str:
    """The manifest's `changeCountsTable` (`catalog.database.table`): where each commit's change counts go."""
    manifest = json.loads(text)
    table = manifest.get("changeCountsTable") if isinstance(manifest, dict) else None
    if not isinstance(table, str) or not _QUALIFIED_TABLE.match(table):
        raise ValueError(f"manifest changeCountsTable must be catalog.database.table, got {table!r}")
    return table


def parse_manifest(text: str) -> list[dict[str, Any]]:
    """The CDC merge manifest: entities with their source, schema and SQL; validated up front."""
    manifest = json.loads(text)
    entities = manifest.get("entities") if isinstance(manifest, dict) else None
    if not isinstance(entities, list) or not entities:
        raise ValueError("manifest has no entities")
    change_counts_table(text)
    required = (
        "name",
        "targetTable",
        "sourcePath",
        "sourceFormat",
        "sourceSchema",
        "sourceExclusions",
        "sqlPath",
        "countSqlPath",
        "replaySqlPath",
        "visibleSqlPath",
        "rulesetName",
        "rulesetPath",
        "quarantinePath",
        "columns",
    )
    for entity in entities:
        missing = [k for k in required if k not in entity]
        if missing:
            raise ValueError(f"manifest entity {entity.get('name', '?')} lacks {', '.join(missing)}")
        if entity["sourceFormat"] not in ("json", "parquet"):
            raise ValueError(f"manifest entity {entity['name']}: unsupported format {entity['sourceFormat']}")
        if not isinstance(entity["sourceExclusions"], list):
            raise ValueError(f"manifest entity {entity['name']}: sourceExclusions must be a list")
        source_options(entity["sourcePath"], json.dumps(entity["sourceExclusions"]))
        if not isinstance(entity["targetTable"], str) or not _QUALIFIED_TABLE.match(entity["targetTable"]):
            raise ValueError(f"manifest entity {entity['name']}: targetTable must be catalog.database.table")
        split_s3_uri(entity["sqlPath"])
        split_s3_uri(entity["countSqlPath"])
        split_s3_uri(entity["replaySqlPath"])
        split_s3_uri(entity["visibleSqlPath"])
        split_s3_uri(entity["rulesetPath"])
        quarantine_uri(entity["quarantinePath"], "check")
    return entities


def parse_exclusions(exclusions_json: str) -> list[str]:
    """The `source_exclusions` job argument: a JSON list of glob strings."""
    exclusions = json.loads(exclusions_json)
    if not isinstance(exclusions, list) or not all(isinstance(e, str) for e in exclusions):
        raise ValueError(f"source exclusions must be a JSON list of glob strings: {exclusions_json!r}")
    for glob in exclusions:
        glob_regex(glob)
    return exclusions


def source_options(path: str, exclusions_json: str) -> dict[str, Any]:
    """S3 connection options of a run's source: recursive, exclusions passed to Glue's lister.

    The rows of excluded files are also filtered out by name (`excluded_files_filter`).
    """
    if not _S3_PREFIX.match(path):
        raise ValueError(f"not an s3://bucket/prefix/ source: {path!r}")
    exclusions = parse_exclusions(exclusions_json)
    return {"paths": [path], "recurse": True, "exclusions": json.dumps(exclusions)}


def read_source(
    glue: Any, path: str, exclusions_json: str, source_format: str, ctx: str, schema: Mapping[str, Any], name: str | None = None
) -> Any:
    """This run's new source rows, conformed to `schema`, excluded files dropped; None when there are none.

    `transformation_ctx` makes the job bookmark track the files read: only files the last
    committed run has not seen are returned (the bookmark advances on `job.commit()`).
    """
    frame = glue.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options=source_options(path, exclusions_json),
        format=source_format,
        transformation_ctx=ctx,
    ).toDF()
    if not frame.head(1):
        return None
    undeclared = check_batch_schema(schema, frame.schema.jsonValue(), f"{name or ctx} ({path})")
    if undeclared:
        # Reported, not published: the spec is the table's schema (README "Schema changes").
        print(
            f"schema: source {name or ctx} ({path}) has columns the table spec does not declare: {', '.join(undeclared)}; "
            "they stay in raw only until the spec declares them"
        )
    rows = frame.selectExpr(*conform_expressions(schema, frame.schema.jsonValue())).where(
        excluded_files_filter(parse_exclusions(exclusions_json))
    )
    return rows if rows.head(1) else None


#: The bookmark option of a run that reprocesses (a backfill, a replay): the whole source is read
#: and the bookmark is neither read nor saved ("job-bookmark-disable: always process the entire
#: dataset"; Glue developer guide, "Tracking processed data using job bookmarks"), so the
#: scheduled runs go on from where they were and the files they have not seen yet stay theirs.
REPROCESS_BOOKMARK_OPTION = "job-bookmark-disable"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def optional_args(argv: Sequence[str], names: Sequence[str]) -> list[str]:
    """The optional arguments present in Glue's argv: getResolvedOptions requires every name asked for."""
    return [name for name in names if f"--{name}" in argv]


def require_reprocessing_run(args: Mapping[str, str], what: str) -> None:
    """A reprocessing run must not read or move the job bookmark: refuse any other option."""
    option = args.get("job_bookmark_option")
    if option != REPROCESS_BOOKMARK_OPTION:
        raise ValueError(
            f"{what} reads the whole source and leaves the job bookmark as it is: start it with "
            f"--job-bookmark-option {REPROCESS_BOOKMARK_OPTION}, not {option}"
        )


def _date(name: str, value: str) -> str:
    try:
        if not _DATE.match(value):
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--{name} must be a date YYYY-MM-DD, got {value!r}") from None
    return value


def backfill_range(args: Mapping[str, str]) -> tuple[str, str] | None:
    """The refine job's backfill range (`--backfill_from`, `--backfill_to`, days inclusive), or None.

    Both or neither; the run must be a reprocessing one (`require_reprocessing_run`).
    """
    start, end = args.get("backfill_from"), args.get("backfill_to")
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise ValueError("a backfill needs both --backfill_from and --backfill_to")
    start, end = _date("backfill_from", start), _date("backfill_to", end)
    if start > end:
        raise ValueError(f"--backfill_from {start} is after --backfill_to {end}")
    require_reprocessing_run(args, "a backfill")
    return start, end


def partition_range_filter(column: str, start: str, end: str) -> str:
    """SQL predicate keeping the rows of the date partitions `start`..`end` (inclusive)."""
    if not _IDENTIFIER.match(column):
        raise ValueError(f"invalid partition column {column!r}")
    return f"`{column}` BETWEEN DATE '{_date('backfill_from', start)}' AND DATE '{_date('backfill_to', end)}'"
#: Outcome AWS Glue Data Quality reports for a rule that held (EvaluateDataQuality's rule
#: outcomes: columns Rule, Outcome, FailureReason, EvaluatedMetrics; "Passed" or "Failed").
PASSED = "Passed"


class DataQualityError(RuntimeError):
    """A batch failed its table's ruleset: quarantined, not published; the run fails with this."""


def publishing_options(ruleset_name: str) -> dict[str, Any]:
    """EvaluateDataQuality's publishing options: results under the ruleset's name, so Glue keeps
    each table's history (the dynamic RowCount rules compare with it) and emits the "Data Quality
    Evaluation Results Available" event the alarm rule matches. No CloudWatch metrics (their
    namespace would need its own PutMetricData grant)."""
    return {
        "dataQualityEvaluationContext": ruleset_name,
        "enableDataQualityCloudWatchMetrics": False,
        "enableDataQualityResultsPublishing": True,
    }


def parse_report_only(value: str) -> list[str]:
    """The `dq_report_only` argument: a JSON list of DQDL rule types whose failure is reported, not gated.

    The table's freshness rule (CustomSql) is report-only by default: a late batch does not get
    fresher by waiting, so quarantining it would keep it out for good; its failure still publishes
    a failed result (and so alarms). A run may add RowCount to publish an expected large backfill.
    """
    types = json.loads(value)
    if not isinstance(types, list) or not all(isinstance(t, str) and _IDENTIFIER.match(t) for t in types):
        raise ValueError(f"dq_report_only must be a JSON list of DQDL rule types: {value!r}")
    return types


def failed_rules(outcomes: Sequence[Mapping[str, Any]], report_only: Sequence[str] = ()) -> list[str]:
    """`rule: reason` of every failed rule that gates the publish; an evaluation with no outcome at all fails too.

    Rules whose type is in `report_only` do not gate (see parse_report_only).
    """
    if not outcomes:
        return ["(no rule outcome: the ruleset was not evaluated)"]
    return [
        f"{o.get('Rule')}: {o.get('FailureReason') or o.get('Outcome')}"
        for o in outcomes
        if o.get("Outcome") != PASSED and str(o.get("Rule", "")).split(" ", 1)[0] not in report_only
    ]


def quarantine_uri(quarantine_path: str, run_id: str) -> str:
    """Where a failing batch goes: `<quarantine_path><run id>/` (the path is the table's quarantine prefix)."""
    if not _S3_PREFIX.match(quarantine_path):
        raise ValueError(f"not an s3://bucket/prefix/ quarantine path: {quarantine_path!r}")
    if not re.match(r"^[A-Za-z0-9_.\-]+$", run_id):
        raise ValueError(f"run id {run_id!r} is not a plain name")
    return f"{quarantine_path}{run_id}/"


def gate_batch(
    glue: Any,
    s3: Any,
    frame: Any,
    table: str,
    ruleset_name: str,
    ruleset_uri: str,
    quarantine_path: str,
    run_id: str,
    report_only: Sequence[str],
) -> str | None:
    """Evaluates `frame` (what the job is about to publish) against the table's ruleset.

    Returns None when every gating rule passed (a failed report-only rule is printed, and its
    failed result is published all the same). Otherwise writes the rows as Parquet and the rule
    outcomes as `_outcomes.json` under the quarantine prefix, and returns the failure message;
    the caller must not publish the batch. EvaluateDataQuality is Glue's transform
    (`awsgluedq.transforms`, AWS Glue developer guide "EvaluateDataQuality class").
    """
    from awsglue.dynamicframe import DynamicFrame
    from awsgluedq.transforms import EvaluateDataQuality

    ruleset = load_text(s3, ruleset_uri)
    results = EvaluateDataQuality.apply(
        frame=DynamicFrame.fromDF(frame, glue, f"{table}_batch"),
        ruleset=ruleset,
        publishing_options=publishing_options(ruleset_name),
    )
    outcomes = [row.asDict() for row in results.toDF().collect()]
    failed = failed_rules(outcomes, report_only)
    if not failed:
        for o in outcomes:
            if o.get("Outcome") != PASSED:
                print(f"data quality: {table}: {o.get('Rule')} failed (reported, not gating): {o.get('FailureReason')}")
        return None
    target = quarantine_uri(quarantine_path, run_id)
    frame.write.mode("overwrite").parquet(target)
    bucket, key = split_s3_uri(f"{target}_outcomes.json")
    s3.put_object(Bucket=bucket, Key=key, Body=json.dumps({"ruleset": ruleset_name, "outcomes": outcomes}, default=str).encode("utf-8"))
    return (
        f"data quality: the {table} batch failed {len(failed)} of {len(outcomes)} rules of ruleset {ruleset_name}: "
        f"{'; '.join(failed)}. Its rows are quarantined at {target} and were not published; the job bookmark "
        "is not committed, so the next run reads the same files again (docs/runbook.md#data-quality-failure)."
    )
