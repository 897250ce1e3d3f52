"""The state a Glue account keeps between runs, for the stand-in: S3 objects and job bookmarks."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any


@dataclass
class World:
    #: Folder standing for S3: `<s3_root>/<bucket>/<key>`.
    s3_root: str = ""
    #: Committed bookmark state: job name -> transformation_ctx -> {s3 uri: last-modified ns}.
    bookmarks: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    #: Every SQL statement, temp view, write and conf setting the runs made, in order.
    events: list[tuple[Any, ...]] = field(default_factory=list)
    #: Raise at this call ("sql", "insertInto") to stand for a failed run.
    fail_at: str | None = None
    #: Data-quality rules that fail, per evaluation context (ruleset name): rule text -> reason.
    dq_failing: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Catalog tables' schemas (Spark StructType JSON) by the name `spark.table` is given; absent: no columns.
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def objects(self, uri: str) -> list[tuple[str, int]]:
        """Objects under an `s3://bucket/prefix/` URI, as (uri, last-modified ns), in key order."""
        rest = uri[len("s3://") :]
        bucket, _, prefix = rest.partition("/")
        base = os.path.join(self.s3_root, bucket)
        found = []
        for folder, _, files in os.walk(base):
            for name in files:
                path = os.path.join(folder, name)
                key = os.path.relpath(path, base).replace(os.sep, "/")
                if key.startswith(prefix):
                    found.append((f"s3://{bucket}/{key}", os.stat(path).st_mtime_ns))
        return sorted(found)

    def path(self, uri: str) -> str:
        bucket, _, key = uri[len("s3://") :].partition("/")
        return os.path.join(self.s3_root, bucket, *key.split("/"))


WORLD = World()


def reset(s3_root: str) -> World:
    """A fresh account whose S3 is the folder `s3_root`."""
    global WORLD
    WORLD.s3_root = s3_root
    WORLD.bookmarks = {}
    WORLD.events = []
    WORLD.fail_at = None
    WORLD.dq_failing = {}
    WORLD.tables = {}
    return WORLD
