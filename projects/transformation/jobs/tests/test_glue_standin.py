"""The Glue runtime stand-in behaves as awslabs/aws-glue-libs and the Glue guide say (glue_standin/README.md)."""

import os

import glue_world
import pytest
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import GlueArgumentError, getResolvedOptions
from pyspark.context import SparkContext

# The argument list Glue gives a job script: its own ids and options, then the job's arguments.
ARGV = [
    "script.py",
    "--JOB_ID", "j_0123",
    "--JOB_RUN_ID", "jr_0456",
    "--job-bookmark-option", "job-bookmark-enable",
    "--JOB_NAME", "lakehouse-dev-cdc-merge",
    "--TempDir", "s3://assets/glue/tmp/",
    "--enable-metrics", "true",
    "--manifest_path", "s3://assets/glue/manifests/cdc-merge.json",
]


def test_resolved_options_hold_the_asked_names_and_glues_own():
    # aws-glue-libs awsglue/utils.py getResolvedOptions: vars(parsed) of every registered option.
    args = getResolvedOptions(ARGV, ["JOB_NAME", "manifest_path"])
    assert args["JOB_NAME"] == "lakehouse-dev-cdc-merge"
    assert args["manifest_path"] == "s3://assets/glue/manifests/cdc-merge.json"
    assert args["job_bookmark_option"] == "job-bookmark-enable"
    assert args["JOB_RUN_ID"] == "jr_0456"
    assert args["TempDir"] == args["RedshiftTempDir"] == "s3://assets/glue/tmp/"
    assert "enable_metrics" not in args  # not asked for: ignored (parse_known_args)


def test_bookmarks_default_to_disabled_when_glue_passes_no_option():
    argv = [a for a in ARGV if a not in ("--job-bookmark-option", "job-bookmark-enable")]
    assert getResolvedOptions(argv, ["JOB_NAME"])["job_bookmark_option"] == "job-bookmark-disable"


def test_old_continuation_options_translate_to_bookmark_options():
    argv = ["script.py", "--continuation-option", "continuation-enabled", "--JOB_NAME", "x"]
    assert getResolvedOptions(argv, ["JOB_NAME"])["job_bookmark_option"] == "job-bookmark-enable"


@pytest.mark.parametrize("name", ["job-bookmark-option", "JOB_ID", "JOB_RUN_ID", "job-bookmark-from"])
def test_glues_own_names_cannot_be_asked_for(name):
    with pytest.raises(RuntimeError, match="Using reserved arguments"):
        getResolvedOptions(ARGV, [name])


def test_a_missing_or_invalid_argument_fails_the_run():
    with pytest.raises(GlueArgumentError, match="--source_path"):
        getResolvedOptions(ARGV, ["JOB_NAME", "source_path"])
    with pytest.raises(GlueArgumentError, match="invalid choice"):
        getResolvedOptions(["s.py", "--job-bookmark-option", "on", "--JOB_NAME", "x"], ["JOB_NAME"])


def test_pause_needs_both_range_ends_and_other_options_none():
    pause = ["s.py", "--job-bookmark-option", "job-bookmark-pause", "--job-bookmark-from", "jr_1", "--JOB_NAME", "x"]
    with pytest.raises(RuntimeError, match="--job-bookmark-to"):
        getResolvedOptions(pause, ["JOB_NAME"])
    ranged = [*ARGV, "--job-bookmark-from", "jr_1", "--job-bookmark-to", "jr_2"]
    with pytest.raises(RuntimeError, match="Invalid option"):
        getResolvedOptions(ranged, ["JOB_NAME"])


@pytest.fixture
def world(tmp_path):
    SparkContext._active = None
    return glue_world.reset(str(tmp_path))


def put(world, uri, text, mtime_ns=None):
    path = world.path(uri)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def read(job_args, ctx="source"):
    glue = GlueContext(SparkContext.getOrCreate())
    job = Job(glue)
    job.init(job_args["JOB_NAME"], job_args)
    frame = glue.create_dynamic_frame.from_options(
        connection_type="s3", connection_options={"paths": ["s3://raw/in/"]}, format="json", transformation_ctx=ctx
    ).toDF()
    return job, sorted({r["__file__"] for r in frame._rows})


def test_bookmark_advances_only_on_commit(world):
    args = getResolvedOptions(ARGV, ["JOB_NAME"])
    put(world, "s3://raw/in/a.json", '{"k": 1}\n')
    job, files = read(args)
    assert files == ["s3://raw/in/a.json"]
    _, files = read(args)  # the first run never committed: same input again
    assert files == ["s3://raw/in/a.json"]
    job, files = read(args)
    job.commit()
    put(world, "s3://raw/in/b.json", '{"k": 2}\n')
    _, files = read(args)
    assert files == ["s3://raw/in/b.json"]


def test_a_rewritten_object_is_read_again(world):
    args = getResolvedOptions(ARGV, ["JOB_NAME"])
    put(world, "s3://raw/in/a.json", '{"k": 1}\n', mtime_ns=1_000_000_000)
    job, _ = read(args)
    job.commit()
    put(world, "s3://raw/in/a.json", '{"k": 1}\n{"k": 3}\n', mtime_ns=2_000_000_000)
    _, files = read(args)
    assert files == ["s3://raw/in/a.json"]


def test_without_the_bookmark_option_in_init_every_run_reads_everything(world):
    # The defect of issue 21: job.init given a reduced dict without job_bookmark_option.
    args = getResolvedOptions(ARGV, ["JOB_NAME"])
    reduced = {"JOB_NAME": args["JOB_NAME"]}
    put(world, "s3://raw/in/a.json", '{"k": 1}\n')
    job, _ = read(reduced)
    job.commit()
    _, files = read(reduced)
    assert files == ["s3://raw/in/a.json"]


def test_state_is_per_job_and_transformation_ctx(world):
    args = getResolvedOptions(ARGV, ["JOB_NAME"])
    put(world, "s3://raw/in/a.json", '{"k": 1}\n')
    job, _ = read(args, ctx="source_orders")
    job.commit()
    _, files = read(args, ctx="source_customers")
    assert files == ["s3://raw/in/a.json"]
    other = {**args, "JOB_NAME": "lakehouse-prod-cdc-merge"}
    _, files = read(other, ctx="source_orders")
    assert files == ["s3://raw/in/a.json"]


def test_what_the_stand_in_cannot_model_fails_loudly(world):
    glue = GlueContext(SparkContext.getOrCreate())
    with pytest.raises(RuntimeError, match="before Job.init"):
        glue.create_dynamic_frame.from_options("s3", {"paths": ["s3://raw/in/"]}, "json", transformation_ctx="x")
    with pytest.raises(NotImplementedError, match="attachFilename"):
        glue.create_dynamic_frame.from_options("s3", {"paths": ["s3://raw/in/"], "attachFilename": "f"}, "json")
