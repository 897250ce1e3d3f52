"""Pure helpers shared by the Glue job scripts (shipped with --extra-py-files).

Nothing here imports pyspark or awsglue, so pytest runs it on any machine; the scripts keep
the Spark calls in their main() functions.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, Mapping, Sequence

#: View the runners register the run's source rows under; the rendered SQL reads it.
SOURCE_VIEW = "source_batch"
#: View the refine runner registers the refined table's current rows under (sql.ts EXISTING_VIEW).
EXISTING_VIEW = "refined_existing"
#: Column Glue attaches with each record's S3 key (connection option attachFilename): values
#: that live only in Hive-style paths (e.g. Firehose partition keys) are read from it.
SOURCE_FILE_COLUMN = "_source_file"

_S3_URI = re.compile(r"^s3://(?P<bucket>[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])/(?P<key>.+)$")
_S3_PREFIX = re.compile(r"^s3://[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]/(\S+/)?$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class JobArgumentError(ValueError):
    """The job was started without an argument its script needs."""


def parse_job_args(argv: Sequence[str], required: Iterable[str]) -> dict[str, str]:
    """Reads `--name value` pairs the way Glue passes job arguments.

    Returns exactly the required names; other arguments (Glue's own, such as --JOB_ID or
    --job-bookmark-option) are ignored. Every missing name is reported at once.
    """
    values: dict[str, str] = {}
    args = list(argv[1:])
    i = 0
    while i < len(args):
        token = args[i]
        if token.startswith("--"):
            name, eq, inline = token[2:].partition("=")
            if eq:
                values[name] = inline
            elif i + 1 < len(args) and not args[i + 1].startswith("--"):
                values[name] = args[i + 1]
                i += 1
            else:
                values[name] = ""
        i += 1
    wanted = list(required)
    missing = [name for name in wanted if not values.get(name)]
    if missing:
        raise JobArgumentError("missing job arguments: " + ", ".join(f"--{m}" for m in missing))
    return {name: values[name] for name in wanted}


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
    is always last.
    """
    present = _fields(actual)
    exprs = []
    for field in [*declared["fields"], {"name": SOURCE_FILE_COLUMN, "type": "string"}]:
        name = field["name"]
        if not _IDENTIFIER.match(name):
            raise ValueError(f"declared field name {name!r} is not a plain identifier")
        value = (
            _conform(field["type"], present[name.lower()], f"`{name}`")
            if name.lower() in present
            else f"CAST(NULL AS {_ddl(field['type'])})"
        )
        exprs.append(f"{value} AS `{name}`")
    return exprs


def partition_keys(value: str) -> list[str]:
    """Comma-separated partition column names, validated as identifiers."""
    keys = [k.strip() for k in value.split(",") if k.strip()]
    bad = [k for k in keys if not _IDENTIFIER.match(k)]
    if not keys or bad:
        raise ValueError(f"invalid partition keys {value!r}")
    return keys


def parse_manifest(text: str) -> list[dict[str, Any]]:
    """The CDC merge manifest: entities with their source, schema and SQL; validated up front."""
    manifest = json.loads(text)
    entities = manifest.get("entities") if isinstance(manifest, dict) else None
    if not isinstance(entities, list) or not entities:
        raise ValueError("manifest has no entities")
    required = ("name", "sourcePath", "sourceFormat", "sourceSchema", "sourceExclusions", "sqlPath")
    for entity in entities:
        missing = [k for k in required if k not in entity]
        if missing:
            raise ValueError(f"manifest entity {entity.get('name', '?')} lacks {', '.join(missing)}")
        if entity["sourceFormat"] not in ("json", "parquet"):
            raise ValueError(f"manifest entity {entity['name']}: unsupported format {entity['sourceFormat']}")
        if not isinstance(entity["sourceExclusions"], list):
            raise ValueError(f"manifest entity {entity['name']}: sourceExclusions must be a list")
        source_options(entity["sourcePath"], json.dumps(entity["sourceExclusions"]))
        split_s3_uri(entity["sqlPath"])
    return entities


def source_options(path: str, exclusions_json: str) -> dict[str, Any]:
    """S3 connection options of a run's source: recursive, file name attached, exclusions applied."""
    if not _S3_PREFIX.match(path):
        raise ValueError(f"not an s3://bucket/prefix/ source: {path!r}")
    exclusions = json.loads(exclusions_json)
    if not isinstance(exclusions, list) or not all(isinstance(e, str) for e in exclusions):
        raise ValueError(f"source exclusions must be a JSON list of glob strings: {exclusions_json!r}")
    return {
        "paths": [path],
        "recurse": True,
        "exclusions": json.dumps(exclusions),
        "attachFilename": SOURCE_FILE_COLUMN,
    }
