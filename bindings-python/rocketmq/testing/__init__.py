"""A local reference cluster for tests: one namesrv and one broker on free loopback ports,
with their store in a temporary directory. No JVM, no Docker.

    from rocketmq.testing import LocalCluster
    with LocalCluster() as cluster:
        producer = rocketmq.Producer("g", namesrv_addr=cluster.namesrv_addr)

The programs are the ones shipped in the wheel (rocketmq/_bin), or those of a build tree
named by ``bin_dir`` or the RMQ_BUILD_DIR environment variable. With the pytest plugin this
package installs, tests get a session-wide cluster from the ``rocketmq_cluster`` fixture.
"""

import os
import re
import shutil
import subprocess
import tempfile
import threading
import weakref
from pathlib import Path

__all__ = ["LocalCluster", "ClusterError"]

_LISTENING = re.compile(rb"boot success.*listening on (\S+)")

# A small store: the broker's defaults (1 GiB CommitLog files, 5M-slot index files) are
# sized for production disks, and each file is pre-written when created. Nor do the
# defaults' disk limits (forced deletion above 85% full, appends refused above 90%) suit a
# test's few MB on a developer's or CI machine's shared disk.
_SMALL_STORE = [
    "--mappedFileSizeCommitLog=67108864",
    "--diskSpaceCleanForciblyRatio=99",
    "--diskSpaceWarningLevelRatio=99",
    "--mappedFileSizeConsumeQueue=600000",
    "--maxHashSlotNum=50000",
    "--maxIndexNum=200000",
]


class ClusterError(RuntimeError):
    """A server did not start (its log is in the message) or its program is missing."""


def _programs(bin_dir):
    if bin_dir is None and os.environ.get("RMQ_BUILD_DIR"):
        bin_dir = os.environ["RMQ_BUILD_DIR"]
    if bin_dir is not None:
        root = Path(bin_dir)
        candidates = [
            (root / "namesrv" / "namesrv", root / "reference-broker" / "broker" / "broker"),
            (root / "namesrv", root / "broker"),
        ]
    else:
        packaged = Path(__file__).resolve().parent.parent / "_bin"
        candidates = [(packaged / "namesrv", packaged / "broker")]
    for namesrv, broker in candidates:
        if os.access(namesrv, os.X_OK) and os.access(broker, os.X_OK):
            return str(namesrv), str(broker)
    raise ClusterError(
        "namesrv and broker programs not found in "
        + " or ".join(str(c[0].parent) for c in candidates)
    )


class _Server:
    """A started program whose stdout is read by a thread (so that it never blocks on a full
    pipe) until the "boot success ... listening on HOST:PORT" line gives its address."""

    def __init__(self, name, argv, workdir):
        self.name = name
        self.log_path = Path(workdir) / f"{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.address = None
        self._ready = threading.Event()
        self.process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log, cwd=workdir
        )
        self._reader = threading.Thread(target=self._read, name=f"rocketmq-{name}-stdout", daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            if self.address is None:
                match = _LISTENING.search(line)
                if match:
                    self.address = match.group(1).decode()
                    self._ready.set()
        self._ready.set()  # the program exited: stop waiting

    def wait_ready(self, timeout):
        if not self._ready.wait(timeout) or self.address is None:
            self.stop()
            raise ClusterError(
                f"{self.name} did not start within {timeout}s; its log:\n"
                + self.log_path.read_text(errors="replace")[-4000:]
            )
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


def _stop(servers, workdir):
    for server in reversed(servers):
        server.stop()
    servers.clear()
    if workdir:
        shutil.rmtree(workdir, ignore_errors=True)


class LocalCluster:
    """A namesrv and a broker on 127.0.0.1, started by start() (or ``with``), stopped and
    their directory removed by stop().

    ``broker_options``: extra broker settings by Apache's names, e.g.
    ``{"transactionCheckInterval": 1000}``. Property filtering (SQL92 subscriptions) is on.
    ``workdir``: where the store and logs go (a new temporary directory by default, removed
    at stop; a given one is kept).
    """

    def __init__(self, *, bin_dir=None, broker_options=None, workdir=None, startup_timeout=30.0):
        self._namesrv_program, self._broker_program = _programs(bin_dir)
        self._broker_options = {"enablePropertyFilter": "true"}
        self._broker_options.update({k: str(v) for k, v in (broker_options or {}).items()})
        self._given_workdir = workdir
        self._startup_timeout = startup_timeout
        self._servers = []
        self._finalizer = None
        self.workdir = None
        self.namesrv_addr = None
        self.broker_addr = None

    def start(self):
        self.workdir = self._given_workdir or tempfile.mkdtemp(prefix="rocketmq-cluster-")
        # A cluster the program forgets to stop is stopped when it is collected or at exit.
        self._finalizer = weakref.finalize(
            self, _stop, self._servers, None if self._given_workdir else self.workdir
        )
        try:
            namesrv = self._spawn(
                "namesrv",
                [
                    self._namesrv_program,
                    "--listenPort=0",
                    "--bindAddress=127.0.0.1",
                    f"--kvConfigPath={self.workdir}/kvConfig.json",
                ],
            )
            self.namesrv_addr = namesrv.wait_ready(self._startup_timeout)
            broker = self._spawn(
                "broker",
                [
                    self._broker_program,
                    "-n",
                    self.namesrv_addr,
                    "--listenPort=0",
                    "--bindAddress=127.0.0.1",
                    "--brokerIP1=127.0.0.1",
                    f"--storePathRootDir={self.workdir}/store",
                    *_SMALL_STORE,
                    *(f"--{k}={v}" for k, v in self._broker_options.items()),
                ],
            )
            self.broker_addr = broker.wait_ready(self._startup_timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, name, argv):
        server = _Server(name, argv, self.workdir)
        self._servers.append(server)
        return server

    def stop(self):
        """Stops the broker, then the namesrv (SIGTERM, SIGKILL after 10 s)."""
        if self._finalizer is not None:
            self._finalizer()
        self.workdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
