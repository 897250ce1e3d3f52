"""Stand-in for the pyspark.sql calls the runners make. SQL is recorded, never executed."""

from __future__ import annotations

import re

import glue_world

# The row filters the runners apply: excluded files (lakehouse_runner.excluded_files_filter), the
# backfill's days (lakehouse_runner.partition_range_filter), and none ("FALSE", an empty view).
_EXCLUDE = re.compile(r"^NOT \(regexp_replace\(`_source_file`, '\^s3a\?://\[\^/\]\+/', ''\) RLIKE '(?P<re>[^']*)'\)$")
_DAYS = re.compile(r"^`(?P<column>[A-Za-z_][A-Za-z0-9_]*)` BETWEEN DATE '(?P<start>[0-9-]{10})' AND DATE '(?P<end>[0-9-]{10})'$")


class _Schema:
    def __init__(self, json_value):
        self._json = json_value

    def jsonValue(self):  # noqa: N802
        return self._json


class _Conf:
    def __init__(self):
        self.values = {}

    def set(self, key, value):
        self.values[key] = value
        glue_world.WORLD.events.append(("conf", key, value))


class _Writer:
    def __init__(self, df):
        self._df = df
        self._mode = None

    def mode(self, mode):
        self._mode = mode
        return self

    def insertInto(self, table):  # noqa: N802
        world = glue_world.WORLD
        if world.fail_at == "insertInto":
            raise RuntimeError("stand-in: the write failed")
        overwrite = self._df._spark.conf.values.get("spark.sql.sources.partitionOverwriteMode")
        world.events.append(("insertInto", table, self._mode, overwrite))

    def parquet(self, path):
        glue_world.WORLD.events.append(("parquet", path, self._mode))


class _WriterV2:
    """DataFrame.writeTo(table): the DataSource V2 writer (Spark 3.1+); only overwrite(condition) is modelled."""

    def __init__(self, df, table):
        self._df = df
        self._table = table

    def overwrite(self, condition):
        world = glue_world.WORLD
        if world.fail_at == "overwrite":
            raise RuntimeError("stand-in: the write failed")
        world.events.append(("overwrite", self._table, condition.sql))


class DataFrame:
    def __init__(self, spark, rows, schema, columns=None):
        self._spark = spark
        self._rows = rows
        self.schema = _Schema(schema)
        self.columns = columns if columns is not None else [f["name"] for f in schema["fields"]]

    def head(self, n):
        return self._rows[:n]

    def selectExpr(self, *exprs):  # noqa: N802
        names = []
        for expr in exprs:
            match = re.search(r" AS `([^`]+)`$", expr)
            if not match:
                raise NotImplementedError(f"stand-in selectExpr needs `expr AS name`: {expr}")
            names.append(match.group(1))
        glue_world.WORLD.events.append(("selectExpr", list(exprs)))
        rows = []
        for row in self._rows:
            out = {name: row.get(name) for name in names}
            for expr, name in zip(exprs, names):
                if expr.startswith("input_file_name() AS "):
                    out[name] = row["__file__"]
            rows.append(out)
        return DataFrame(self._spark, rows, {"type": "struct", "fields": [{"name": n, "type": "string"} for n in names]})

    def where(self, condition):
        if condition == "TRUE":
            return self
        glue_world.WORLD.events.append(("where", condition))
        if condition == "FALSE":
            return DataFrame(self._spark, [], self.schema.jsonValue(), self.columns)
        days = _DAYS.match(condition)
        if days:
            start, end, column = days.group("start"), days.group("end"), days.group("column")
            kept = [r for r in self._rows if start <= str(r.get(column)) <= end]
            return DataFrame(self._spark, kept, self.schema.jsonValue(), self.columns)
        match = _EXCLUDE.match(condition)
        if not match:
            raise NotImplementedError(f"stand-in where() models only the runners' filters: {condition}")
        pattern = re.compile(match.group("re"))
        kept = [r for r in self._rows if not pattern.match(re.sub(r"^s3a?://[^/]+/", "", r["_source_file"]))]
        return DataFrame(self._spark, kept, self.schema.jsonValue(), self.columns)

    def createOrReplaceTempView(self, name):  # noqa: N802
        glue_world.WORLD.events.append(("view", name, [r.get("_source_file") for r in self._rows]))

    def localCheckpoint(self):  # noqa: N802
        return self

    def collect(self):
        return [Row(r) for r in self._rows]

    @property
    def write(self):
        return _Writer(self)

    def writeTo(self, table):  # noqa: N802
        return _WriterV2(self, table)


class Row(dict):
    """pyspark.sql.Row as the runners use it: `asDict()`."""

    def asDict(self):  # noqa: N802
        return dict(self)


class SparkSession:
    def __init__(self, glue_context):
        self.conf = _Conf()

    def table(self, name):
        glue_world.WORLD.events.append(("table", name))
        return DataFrame(self, [], glue_world.WORLD.tables.get(name, {"type": "struct", "fields": []}))

    def sql(self, text):
        world = glue_world.WORLD
        if world.fail_at == "sql":
            raise RuntimeError("stand-in: the statement failed")
        world.events.append(("sql", text))
        return DataFrame(self, [], {"type": "struct", "fields": []}, columns=_select_columns(text))


def _select_columns(text):
    """Output columns of a query whose last top-level SELECT lists plain names or `expr AS name` (the rendered SQL); [] for MERGE, INSERT and ALTER."""
    if text.lstrip().upper().startswith(("MERGE", "INSERT", "ALTER")):
        return []
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line == "SELECT"]
    if not starts:
        raise NotImplementedError("stand-in reads output columns only from a top-level SELECT list")
    columns = []
    for line in lines[starts[-1] + 1 :]:
        if line.startswith("FROM"):
            return columns
        name = line.strip().rstrip(",")
        aliased = re.fullmatch(r".+ AS ([A-Za-z_][A-Za-z0-9_]*)", name)
        name = aliased.group(1) if aliased else name
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise NotImplementedError(f"stand-in reads plain column names only, got {name!r}")
        columns.append(name)
    raise NotImplementedError("stand-in found no FROM after the SELECT list")
