"""Fixtures of the dashboard tests: a namesrv and a broker of the C++ build on loopback, and
`rmq-admin dashboard` processes in front of them.

Environment:
  RMQ_BUILD_DIR   the build tree with namesrv, broker, rmq-admin and rmq-bench
                  (default: <repo>/build/test)
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("RMQ_BUILD_DIR", REPO / "build" / "test"))
NAMESRV = BUILD / "namesrv" / "namesrv"
BROKER = BUILD / "reference-broker" / "broker" / "broker"
RMQ_ADMIN = BUILD / "sdk-cpp" / "tools" / "rmq-admin" / "rmq-admin"
RMQ_BENCH = BUILD / "sdk-cpp" / "tools" / "rmq-bench" / "rmq-bench"
SCREENSHOTS = REPO / "build" / "test" / "dashboard-screenshots"

_SERVER_LISTENING = re.compile(rb"boot success.*listening on (\S+)")
_DASHBOARD_LISTENING = re.compile(rb"dashboard listening on (http://\S+?)/")
# The broker's default files are sized for production disks; these keep the store small.
_SMALL_STORE = [
    "--mappedFileSizeCommitLog=67108864",
    "--mappedFileSizeConsumeQueue=600000",
    "--maxHashSlotNum=50000",
    "--maxIndexNum=200000",
    "--diskSpaceCleanForciblyRatio=99",
    "--diskSpaceWarningLevelRatio=99",
]


class Process:
    """A program whose stdout a thread reads until `pattern` gives its address."""

    def __init__(self, name, argv, workdir, pattern, env=None):
        self.name = name
        self.log_path = Path(workdir) / f"{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.address = None
        self._ready = threading.Event()
        self._pattern = pattern
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=self._log, cwd=workdir, env=env)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self._log.write(line)
            if self.address is None:
                match = self._pattern.search(line)
                if match:
                    self.address = match.group(1).decode()
                    self._ready.set()
        self._ready.set()

    def wait_ready(self, timeout=20.0):
        if not self._ready.wait(timeout) or self.address is None:
            self.stop()
            raise RuntimeError(f"{self.name} did not start; its log:\n"
                               + self.log_path.read_text(errors="replace")[-3000:])
        return self.address

    def stop(self, timeout=10.0):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout)
        self.process.stdout.close()
        self._log.close()
        return self.process.returncode


def wait_until(condition, timeout=20.0, interval=0.1, message="condition"):
    """Polls `condition` until it returns a true value (which is returned)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"{message} not met within {timeout}s (last: {last!r})")


def http(url, *, data=None, headers=None, method=None, timeout=10.0):
    """(status, parsed JSON or text, headers) of one request; HTTP errors are answers too."""
    import json

    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body, head = response.status, response.read(), response.headers
    except urllib.error.HTTPError as e:
        status, body, head = e.code, e.read(), e.headers
    text = body.decode("utf-8", errors="replace")
    if head.get("Content-Type", "").startswith("application/json"):
        return status, json.loads(text), head
    return status, text, head


def post_json(url, payload, headers=None):
    import json

    return http(url, data=json.dumps(payload).encode(), method="POST",
                headers={"Content-Type": "application/json", **(headers or {})})


def free_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, workdir):
        self.workdir = workdir
        self.processes = []
        self.namesrv_addr = None
        self.broker_addr = None

    def start(self):
        for program in (NAMESRV, BROKER, RMQ_ADMIN, RMQ_BENCH):
            if not os.access(program, os.X_OK):
                pytest.fail(f"{program} is not built (cmake --build --preset test)")
        namesrv = self._spawn("namesrv", [str(NAMESRV), "--listenPort=0", "--bindAddress=127.0.0.1",
                                          f"--kvConfigPath={self.workdir}/kvConfig.json"],
                              _SERVER_LISTENING)
        self.namesrv_addr = namesrv.wait_ready()
        broker = self._spawn("broker", [str(BROKER), "-n", self.namesrv_addr, "--listenPort=0",
                                        "--bindAddress=127.0.0.1", "--brokerIP1=127.0.0.1",
                                        f"--storePathRootDir={self.workdir}/store",
                                        "--traceTopicEnable=true", *_SMALL_STORE],
                             _SERVER_LISTENING)
        self.broker_addr = broker.wait_ready()
        return self

    def _spawn(self, name, argv, pattern, env=None):
        process = Process(name, argv, self.workdir, pattern, env)
        self.processes.append(process)
        return process

    def dashboard(self, name, *options, namesrv=None, env=None):
        """Starts `rmq-admin dashboard` and returns (process, base URL)."""
        argv = [str(RMQ_ADMIN), "dashboard", "-n", namesrv or self.namesrv_addr,
                "--listen", "127.0.0.1:0", "--sampleInterval", "500", *options]
        process = self._spawn(name, argv, _DASHBOARD_LISTENING,
                              env=dict(os.environ, **(env or {})))
        return process, process.wait_ready()

    def admin(self, *args, check=True):
        """Runs an rmq-admin command against the cluster; returns its stdout."""
        result = subprocess.run([str(RMQ_ADMIN), *args, "-n", self.namesrv_addr],
                                capture_output=True, timeout=30, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"rmq-admin {args}: {result.stderr.decode(errors='replace')}")
        return result.stdout.decode(errors="replace")

    def send(self, topic, body, key=None):
        """Sends one message; returns its message id."""
        args = ["sendMessage", "-t", topic, "-p", body]
        if key:
            args += ["-k", key]
        out = self.admin(*args)
        return out.strip().splitlines()[-1].split()[-1]

    def send_traced(self, topic, seconds=1):
        """Sends messages for `seconds` from a producer with message traces on (rmq-bench)."""
        result = subprocess.run([str(RMQ_BENCH), "produce", "-n", self.namesrv_addr, "-t", topic,
                                 "-w", "1", "-d", str(seconds), "-i", str(seconds),
                                 "--trace", "true"],
                                capture_output=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr.decode(errors="replace")

    def consume(self, topic, group, count):
        """Consumes `count` messages as `group` (offsets committed at the end)."""
        result = subprocess.run([str(RMQ_BENCH), "consume", "-n", self.namesrv_addr, "-t", topic,
                                 "-g", group, "--expect", str(count), "-d", "30", "-w", "2"],
                                capture_output=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr.decode(errors="replace")

    def stop(self):
        """Stops every process; a dashboard must exit cleanly (status 0) on SIGTERM, which
        also catches a sanitizer's report in an ASan build."""
        failures = []
        for process in reversed(self.processes):
            code = process.stop()
            if process.name.startswith("dashboard") and code != 0:
                failures.append(f"{process.name} exited with {code}; its log:\n"
                                + process.log_path.read_text(errors="replace")[-3000:])
        assert not failures, "\n".join(failures)


@pytest.fixture(scope="session")
def cluster():
    workdir = tempfile.mkdtemp(prefix="rmq-dashboard-test-")
    c = Cluster(workdir)
    try:
        yield c.start()
    finally:
        c.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def dashboard(cluster):
    """A dashboard that may change things, sampling every 0.5 s."""
    _, url = cluster.dashboard("dashboard")
    return url


@pytest.fixture(scope="session")
def read_only_dashboard(cluster):
    _, url = cluster.dashboard("dashboard-read-only", "--read-only")
    return url
