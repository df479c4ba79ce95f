"""Every program in examples/python runs to completion against the session's cluster."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import rocketmq

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


@pytest.mark.parametrize("mode", ["sync", "async", "oneway", "batch"])
def test_bench_produce_prints_a_json_summary(mode, namesrv):
    import json

    out = subprocess.run(
        [sys.executable, "-m", "rocketmq.bench", "produce", "-n", namesrv, "-t", "BenchSmoke", "-m", mode,
         "-d", "0.5", "-s", "100"],
        capture_output=True, text=True, timeout=60, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
    )
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["sent"] > 0 and summary["failed"] == 0 and summary["tps"] > 0


def test_bench_consume_prints_a_json_summary(namesrv, producer):
    import json

    producer.send_batch([rocketmq.Message("BenchConsume", b"x")] * 10)
    out = subprocess.run(
        [sys.executable, "-m", "rocketmq.bench", "consume", "-n", namesrv, "-t", "BenchConsume", "--expect", "10",
         "-d", "30"],
        capture_output=True, text=True, timeout=60, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1])["received"] >= 10
