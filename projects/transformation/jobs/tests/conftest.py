import sys
from pathlib import Path

# The scripts import their shared module by name, as Glue does with --extra-py-files.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
