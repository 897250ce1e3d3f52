"""Stand-in for awsglue.dynamicframe.DynamicFrame: `fromDF(dataframe, glue_ctx, name)` and `toDF()` (aws-glue-libs awsglue/dynamicframe.py)."""

from __future__ import annotations


class DynamicFrame:
    def __init__(self, df, glue_ctx, name=""):
        self._df = df
        self.glue_ctx = glue_ctx
        self.name = name

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name):  # noqa: N802 (Glue's name)
        return cls(dataframe, glue_ctx, name)

    def toDF(self):  # noqa: N802
        return self._df
