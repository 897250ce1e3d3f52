"""Stand-in for awsglue.utils.getResolvedOptions (aws-glue-libs awsglue/utils.py)."""

from __future__ import annotations

import argparse

from .job import Job


class GlueArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    # aws-glue-libs raises instead of exiting, so the job fails with the message.
    def error(self, message):
        raise GlueArgumentError(message)


def getResolvedOptions(args, options):  # noqa: N802 (Glue's name)
    """Glue's own options are optional and may not be asked for; every asked-for one is required.

    As in aws-glue-libs: `job_bookmark_option` is always in the result (`job-bookmark-disable`
    when Glue passed none), `TempDir` is optional and copied to `RedshiftTempDir`, arguments
    nobody asked for are ignored (parse_known_args over args[1:]).
    """
    bookmark = Job.job_bookmark_options()
    continuation = Job.continuation_options()
    reserved = [bookmark[0], continuation[0], *Job.job_bookmark_range_options(), *Job.id_params()[1:], "--encryption-type"]
    for option in reserved:
        if option[2:] in options:
            raise RuntimeError("Using reserved arguments " + option)
    parser = _Parser()
    parser.add_argument(bookmark[0], choices=bookmark[1:], required=False)
    parser.add_argument(continuation[0], choices=continuation[1:], required=False)
    for option in [*Job.job_bookmark_range_options(), *Job.id_params()[1:]]:
        parser.add_argument(option, required=False)
    parser.add_argument("--encryption-type", choices=["sse-s3"])
    parser.add_argument("--RedshiftTempDir", required=False)
    parser.add_argument("--TempDir", required=False)
    for option in options:
        if option not in ("RedshiftTempDir", "TempDir"):
            parser.add_argument("--" + option, required=True)
    parsed, _extra = parser.parse_known_args(args[1:])
    result = vars(parsed)
    if result.get("TempDir") is not None:
        result["RedshiftTempDir"] = result["TempDir"]
    elif result.get("RedshiftTempDir") is not None:
        result["TempDir"] = result["RedshiftTempDir"]
    old = result.pop("continuation_option", None)
    if result.get("job_bookmark_option") is None:
        result["job_bookmark_option"] = bookmark[3] if old is None else bookmark[continuation.index(old)]
    ranges = [o for o in Job.job_bookmark_range_options() if result.get(o[2:].replace("-", "_")) is None]
    if result["job_bookmark_option"] == "job-bookmark-pause":
        if len(ranges) == 1:
            raise RuntimeError("Missing option or value for " + ranges[0])
    elif not ranges:
        raise RuntimeError("Invalid option(s)" + " ".join(Job.job_bookmark_range_options()))
    return result
