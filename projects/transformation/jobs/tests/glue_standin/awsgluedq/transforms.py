"""Stand-in for awsgluedq.transforms.EvaluateDataQuality (AWS Glue developer guide, "EvaluateDataQuality class").

`apply(frame, ruleset, publishing_options)` returns a DynamicFrame of rule outcomes, one row per
rule with columns Rule, Outcome ("Passed" or "Failed"), FailureReason and EvaluatedMetrics, as the
guide's example prints them. Rules are not evaluated here (the rules themselves run on DuckDB in
packages/pipeline): every rule passes unless the world lists it as failing for the ruleset's
evaluation context. A document that is not `Rules = [ ... ]` is refused, as Glue refuses it.
"""

from __future__ import annotations

import re

import glue_world
from awsglue.dynamicframe import DynamicFrame
from pyspark.sql import DataFrame

_DOCUMENT = re.compile(r"^\s*Rules\s*=\s*\[\s*(?P<body>.*?)\s*\]\s*$", re.S)
_OPTIONS = {"dataQualityEvaluationContext", "enableDataQualityCloudWatchMetrics", "enableDataQualityResultsPublishing", "resultsS3Prefix"}


class EvaluateDataQuality:
    @staticmethod
    def apply(frame, ruleset, publishing_options=None):
        options = publishing_options or {}
        unknown = set(options) - _OPTIONS
        if unknown:
            raise NotImplementedError(f"stand-in does not model publishing options {sorted(unknown)}")
        match = _DOCUMENT.match(ruleset)
        if not match or not match.group("body"):
            raise ValueError(f"not a DQDL ruleset document: {ruleset[:80]!r}")
        rules = [line.strip().rstrip(",") for line in match.group("body").splitlines() if line.strip()]
        context = options.get("dataQualityEvaluationContext", "default_context")
        failing = glue_world.WORLD.dq_failing.get(context, {})
        glue_world.WORLD.events.append(("evaluate", context, rules, options))
        rows = [
            {
                "Rule": rule,
                "Outcome": "Failed" if rule in failing else "Passed",
                "FailureReason": failing.get(rule),
                "EvaluatedMetrics": {},
            }
            for rule in rules
        ]
        schema = {"type": "struct", "fields": [{"name": n, "type": "string"} for n in ("Rule", "Outcome", "FailureReason")]}
        df = DataFrame(frame.toDF()._spark, rows, schema)
        return DynamicFrame(df, frame.glue_ctx, "dq_results")
