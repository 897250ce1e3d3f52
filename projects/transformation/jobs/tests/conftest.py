import sys
from pathlib import Path

# The scripts import their shared module by name, as Glue does with --extra-py-files.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# What the scripts import from the Glue runtime (awsglue, pyspark, boto3): the stand-in
# (glue_standin/README.md). No test here reaches AWS.
sys.path.insert(0, str(Path(__file__).resolve().parent / "glue_standin"))
