"""Stand-in for the one pyspark.sql.functions call the runners make: lit."""

from __future__ import annotations


class Column:
    """A literal column: only its SQL text is kept (what the stand-in records)."""

    def __init__(self, sql):
        self.sql = sql

    def __repr__(self):
        return f"Column<{self.sql}>"


def lit(value):
    if not isinstance(value, (bool, int, float, str)):
        raise NotImplementedError(f"stand-in lit() takes a plain value, not {value!r}")
    return Column(repr(value).upper() if isinstance(value, bool) else repr(value))
