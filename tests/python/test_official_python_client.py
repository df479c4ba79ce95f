"""The official Python client (apache/rocketmq-client-python 2.0.0, which loads
librocketmq.so with ctypes) run unchanged on this project's librocketmq.so. The package is
not a dependency of the project: the test runs when RMQ_OFFICIAL_PYTHON_CLIENT names a
directory holding it (pip install --target DIR rocketmq-client-python==2.0.0), and is
skipped otherwise. It runs in a process of its own: the package is called `rocketmq`, as is
this project's binding."""

import os
import subprocess
import sys

import pytest

import c_abi_cluster

OFFICIAL_CLIENT = os.environ.get("RMQ_OFFICIAL_PYTHON_CLIENT", "")

pytestmark = pytest.mark.skipif(
    not os.path.exists(c_abi_cluster.LIBRARY) or
    not os.path.exists(os.path.join(OFFICIAL_CLIENT, "rocketmq", "ffi.py")),
    reason="needs a built librocketmq.so and RMQ_OFFICIAL_PYTHON_CLIENT")


def test_official_client_sends_consumes_and_runs_transactions():
    program = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "official_client_program.py")
    environment = dict(os.environ, PYTHONPATH=OFFICIAL_CLIENT,
                       LD_LIBRARY_PATH=c_abi_cluster.LIBRARY_DIR)
    with c_abi_cluster.cluster() as namesrv:
        run = subprocess.run([sys.executable, program, namesrv], env=environment,
                             capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "official client OK" in run.stdout
