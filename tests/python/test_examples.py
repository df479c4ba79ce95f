"""Every program in examples/python runs to completion against the session's cluster."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "python"
PROGRAMS = sorted(p.name for p in EXAMPLES.glob("*.py") if p.name != "example_args.py")


@pytest.mark.parametrize("program", PROGRAMS)
def test_example_runs(program, namesrv):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / program), "-n", namesrv, "-t", "Ex_" + program[:-3], "-c", "3"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert out.returncode == 0, out.stdout + out.stderr
