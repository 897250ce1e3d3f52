"""Stand-in for awsglue.context.GlueContext: S3 sources over the local folder, bookmarked."""

from __future__ import annotations

import json

import glue_world
from pyspark.sql import DataFrame, SparkSession


class _DynamicFrame:
    def __init__(self, df):
        self._df = df

    def toDF(self):  # noqa: N802
        return self._df


class _Reader:
    def __init__(self, context):
        self._context = context

    def from_options(self, connection_type, connection_options={}, format=None, format_options={}, transformation_ctx="", push_down_predicate="", **kwargs):  # noqa: B006,A002
        return self._context.create_dynamic_frame_from_options(
            connection_type, connection_options, format, format_options, transformation_ctx, push_down_predicate, **kwargs
        )


class GlueContext:
    def __init__(self, spark_context):
        self._sc = spark_context
        self.spark_session = SparkSession(self)
        self._job = None
        self.create_dynamic_frame = _Reader(self)

    def create_dynamic_frame_from_options(self, connection_type, connection_options={}, format=None, format_options={}, transformation_ctx="", push_down_predicate="", **kwargs):  # noqa: B006,A002
        if connection_type != "s3":
            raise NotImplementedError(f"stand-in reads s3 only, not {connection_type}")
        known = {"paths", "recurse", "exclusions"}
        unknown = set(connection_options) - known
        if unknown:
            raise NotImplementedError(f"stand-in does not model connection options {sorted(unknown)}")
        if format not in ("json", "parquet"):
            raise NotImplementedError(f"stand-in reads json and parquet, not {format}")
        if transformation_ctx and self._job is None:
            raise RuntimeError("a bookmarked source read before Job.init")
        objects = {}
        for path in connection_options["paths"]:
            objects.update(glue_world.WORLD.objects(path))
        if transformation_ctx:
            seen = self._job.seen(transformation_ctx)
            objects = {uri: m for uri, m in objects.items() if seen.get(uri) != m}
            self._job.track(transformation_ctx, objects)
        glue_world.WORLD.events.append(("read", transformation_ctx, sorted(objects)))
        rows, fields = [], {}
        for uri in sorted(objects):
            if format == "json":
                with open(glue_world.WORLD.path(uri), encoding="utf-8") as f:
                    for line in f:
                        if line.strip():
                            record = json.loads(line)
                            rows.append({"__file__": uri, **record})
                            for name, value in record.items():
                                fields.setdefault(name, _spark_type(value))
            else:
                # Parquet content is not decoded here (no reader on this machine): one row per file.
                rows.append({"__file__": uri})
        schema = {"type": "struct", "fields": [{"name": n, "type": t} for n, t in fields.items()]}
        return _DynamicFrame(DataFrame(self.spark_session, rows, schema))


def _spark_type(value):
    if isinstance(value, dict):
        return {"type": "struct", "fields": [{"name": k, "type": _spark_type(v)} for k, v in value.items()]}
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"
