"""Stand-in for awsglue.job.Job (aws-glue-libs awsglue/job.py) with job bookmarks.

Bookmark behaviour (Glue developer guide, "Tracking processed data using job bookmarks"): the
option comes from the `args` given to `init` (`job_bookmark_option`, which getResolvedOptions
always sets); state is kept per job name and per `transformation_ctx`; for S3 it tracks objects
by last-modified time, so a new or rewritten object is read again; it is saved only by
`commit()`, so a run that fails before committing leaves it unchanged.
"""

from __future__ import annotations

import glue_world


class Job:
    @classmethod
    def continuation_options(cls):
        return ["--continuation-option", "continuation-enabled", "continuation-readonly", "continuation-ignore"]

    @classmethod
    def job_bookmark_options(cls):
        return ["--job-bookmark-option", "job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"]

    @classmethod
    def job_bookmark_range_options(cls):
        return ["--job-bookmark-from", "--job-bookmark-to"]

    @classmethod
    def id_params(cls):
        return ["--JOB_NAME", "--JOB_ID", "--JOB_RUN_ID", "--SECURITY_CONFIGURATION"]

    def __init__(self, glue_context):
        self._glue_context = glue_context
        self.name = None
        self.option = None
        self._pending = {}

    def init(self, job_name, args={}):  # noqa: B006 (Glue's signature)
        if self.name is not None:
            raise RuntimeError("Job.init called twice")
        option = args.get("job_bookmark_option", "job-bookmark-disable")
        if option not in self.job_bookmark_options()[1:]:
            raise ValueError(f"unknown job_bookmark_option {option!r}")
        self.name = job_name
        self.option = option
        self._glue_context._job = self
        glue_world.WORLD.events.append(("init", job_name, dict(args)))

    def isInitialized(self):  # noqa: N802
        return self.name is not None

    def seen(self, ctx):
        """Objects the committed bookmark of `ctx` has processed (empty when bookmarks are off)."""
        if self.option == "job-bookmark-disable":
            return {}
        return glue_world.WORLD.bookmarks.get(self.name, {}).get(ctx, {})

    def track(self, ctx, objects):
        self._pending.setdefault(ctx, {}).update(objects)

    def commit(self):
        if self.name is None:
            raise RuntimeError("Job.commit before Job.init")
        if self.option == "job-bookmark-enable":
            state = glue_world.WORLD.bookmarks.setdefault(self.name, {})
            for ctx, objects in self._pending.items():
                state.setdefault(ctx, {}).update(objects)
        glue_world.WORLD.events.append(("commit", self.name))
        self._pending = {}
