"""A namesrv and a broker from $RMQ_BUILD_DIR on ephemeral loopback ports, with a small store
and fast transaction check-backs: what the C ABI's Python tests run against."""

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time

BUILD_DIR = os.environ.get("RMQ_BUILD_DIR", "")
LIBRARY_DIR = os.path.join(BUILD_DIR, "sdk-cpp")
LIBRARY = os.path.join(LIBRARY_DIR, "librocketmq.so")


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


class _Server:
    """A server program whose stdout goes to a file; started() returns its HOST:PORT."""

    def __init__(self, workdir, name, args):
        self.out_path = os.path.join(workdir, name + ".out")
        self.out = open(self.out_path, "w")
        self.err = open(os.path.join(workdir, name + ".log"), "w")
        self.process = subprocess.Popen(args, stdout=self.out, stderr=self.err)

    def started(self, timeout=15):
        def address():
            assert self.process.poll() is None, "server exited: see " + self.out_path
            with open(self.out_path) as f:
                match = re.search(r"listening on ([0-9.]+:[0-9]+)", f.read())
            return match.group(1) if match else None
        return wait_for(address, timeout, "a server to listen")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.out.close()
        self.err.close()


@contextlib.contextmanager
def cluster():
    """Yields the nameserver's HOST:PORT; stops both servers afterwards."""
    workdir = tempfile.mkdtemp(prefix="rmq-ctypes-")
    servers = []
    try:
        ns = _Server(workdir, "namesrv", [
            os.path.join(BUILD_DIR, "namesrv", "namesrv"), "--listenPort=0",
            "--bindAddress=127.0.0.1", "--kvConfigPath=" + os.path.join(workdir, "kv.json")])
        servers.append(ns)
        ns_addr = ns.started()
        broker = _Server(workdir, "broker", [
            os.path.join(BUILD_DIR, "reference-broker", "broker", "broker"), "-n", ns_addr,
            "--listenPort=0", "--bindAddress=127.0.0.1", "--brokerIP1=127.0.0.1",
            "--storePathRootDir=" + os.path.join(workdir, "store"),
            "--mappedFileSizeCommitLog=8388608", "--mappedFileSizeConsumeQueue=60000",
            "--maxHashSlotNum=50000", "--maxIndexNum=200000",
            "--diskSpaceCleanForciblyRatio=99", "--diskSpaceWarningLevelRatio=99",
            "--transactionCheckInterval=100", "--transactionTimeOut=300"])
        servers.append(broker)
        broker.started()
        yield ns_addr
    finally:
        for server in reversed(servers):
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
