"""Process harness for the interop suite: Apache RocketMQ's Java servers and client driver,
and this project's programs, side by side on loopback.

Every process is started with a bounded wait for its "ready" line and stopped with SIGTERM,
then SIGKILL after a bounded wait; a registry kills anything still running at exit, so no
JVM outlives the suite.
"""
import atexit
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INTEROP_DIR = Path(__file__).resolve().parent
CACHE_ROOT = Path(os.environ.get("RMQ_INTEROP_CACHE", Path.home() / ".cache" / "rocketmq-interop"))
BUILD_DIR = Path(os.environ.get("RMQ_BUILD_DIR", ROOT / "build" / "test"))

_running = []
_running_lock = threading.Lock()


def _kill_all():
    with _running_lock:
        procs = list(_running)
    for p in procs:
        p.stop()


atexit.register(_kill_all)


class SetupError(RuntimeError):
    """Java, Maven or the Apache jars could not be had; the message says which and why."""


class PortTaken(SetupError):
    """A server exited before it was ready because a port it was given was in use."""


class PeerPortTaken(PortTaken):
    """The port in use was one of a DLedger group's peer ports, not the listen port the
    server was started on: only a new set of peers helps, which is the group's to choose."""


def rocketmq_version():
    text = (INTEROP_DIR / "pom.xml").read_text()
    return re.search(r"<rocketmq.version>([^<]+)</rocketmq.version>", text).group(1)


def _run(cmd, what, timeout):
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError as e:
        raise SetupError(f"{what}: {cmd[0]} is not installed (scripts/setup.sh installs it): {e}")
    except subprocess.TimeoutExpired:
        raise SetupError(f"{what}: timed out after {timeout} s")
    if res.returncode != 0:
        tail = "\n".join((res.stdout + res.stderr).splitlines()[-15:])
        raise SetupError(f"{what} failed (exit {res.returncode}):\n{tail}")
    return res


# Maven's own plugin is pinned so that preparation resolves the same artifacts on every machine.
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"


def _lib_dir():
    return CACHE_ROOT / rocketmq_version() / "lib"


def _driver_dir():
    src = INTEROP_DIR / "java" / "Interop.java"
    digest = hashlib.sha256(src.read_bytes()).hexdigest()[:16]
    return CACHE_ROOT / rocketmq_version() / f"driver-{digest}"


def _maven_errors(output):
    """Maven's first [ERROR] lines name the artifact that failed and why; the advice on how to
    re-run Maven that follows them is noise here."""
    errors = []
    for line in output.splitlines():
        if line.startswith("[ERROR] To see the full stack trace"):
            break
        if line.startswith("[ERROR]") and line.strip() != "[ERROR]":
            errors.append(line)
    return "\n".join(errors[:8]) or "\n".join(output.splitlines()[-15:])


def _resolve_jars(lib):
    shutil.rmtree(lib, ignore_errors=True)
    lib.mkdir(parents=True)
    cmd = ["mvn", "-B", "-ntp", "-f", str(INTEROP_DIR / "pom.xml"),
           f"{DEPENDENCY_PLUGIN}:copy-dependencies", f"-DoutputDirectory={lib}"]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    except FileNotFoundError as e:
        raise SetupError(f"resolving Apache RocketMQ jars: mvn is not installed (scripts/setup.sh installs it): {e}")
    except subprocess.TimeoutExpired:
        raise SetupError("resolving Apache RocketMQ jars with Maven: timed out after 900 s")
    if res.returncode != 0:
        raise SetupError(f"resolving Apache RocketMQ {rocketmq_version()} jars with Maven failed "
                         f"(exit {res.returncode}):\n{_maven_errors(res.stdout + res.stderr)}")
    if not list(lib.glob("rocketmq-broker-*.jar")):
        raise SetupError(f"Maven finished but no rocketmq-broker jar is in {lib}")
    (lib / ".complete").write_text("ok\n")


def _compile_driver(out):
    tmp = out.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _run(["javac", "-d", str(tmp), "-cp", f"{_lib_dir()}/*", str(INTEROP_DIR / "java" / "Interop.java")],
         "compiling the Java interop driver", 300)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def prepare():
    """Resolves the Apache jars from Maven Central into the cache and compiles the driver, each
    once. This is the suite's only step that needs the network: scripts/interop.sh runs it before
    it enters its network namespace, where the suite only reads the cache."""
    lib = _lib_dir()
    if not (lib / ".complete").exists():
        _resolve_jars(lib)
    out = _driver_dir()
    if not (out / "Interop.class").exists():
        _compile_driver(out)
    return driver_classpath()


def _not_prepared(what, path):
    return SetupError(f"{what}: not found in {path}; run `python3 tests/interop/harness.py prepare` "
                      "(scripts/interop.sh does, before it enters its network namespace)")


def apache_classpath():
    """The classpath of the Apache jars that prepare() put in the cache."""
    lib = _lib_dir()
    if not (lib / ".complete").exists():
        raise _not_prepared(f"the Apache RocketMQ {rocketmq_version()} jars", lib)
    return f"{lib}/*"


def driver_classpath():
    """The Apache jars and the driver that prepare() compiled, as one classpath."""
    cp = apache_classpath()
    out = _driver_dir()
    if not (out / "Interop.class").exists():
        raise _not_prepared("the compiled Java interop driver (java/Interop.java)", out)
    return f"{cp}:{out}"


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port(span=(0,)):
    """A port p such that p+d is free for every d in span (the broker also uses p-2 and p+1)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + min(span) < 1024 or base + max(span) > 65535:
            continue
        if all(port_free(base + d) for d in span):
            return base
    raise SetupError("no free loopback port range found")


def start_on_free_port(start, span=(0,), attempts=5):
    """start(port) on a port free_port chose, choosing again when the server could not bind
    it: free_port's probe releases the port before the server binds, and in between any
    process may take it (every outgoing connection, the suite's clients' too, draws its local
    port from the same ephemeral range); a lost port would fail a whole module's fixture."""
    for attempt in range(attempts):
        try:
            return start(free_port(span))
        except PeerPortTaken:
            raise
        except PortTaken:
            if attempt == attempts - 1:
                raise


class Process:
    """A child process whose stdout is watched for a ready line (none: do not wait), with a
    pipe on its stdin when `stdin` is set (closing it is how drivers are told to stop)."""

    def __init__(self, name, cmd, ready, workdir, env=None, timeout=60, stdin=False):
        self.name = name
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / f"{name}.log"
        self._log = open(self.log_path, "w")
        self._lines = []
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env=env, cwd=self.workdir, start_new_session=True,
                                     stdin=subprocess.PIPE if stdin else subprocess.DEVNULL)
        with _running_lock:
            _running.append(self)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            self.match = self.wait_for(ready, timeout) if ready else None
        except SetupError as e:
            # A server that never got ready (a JVM slow to boot on a loaded machine) would
            # otherwise keep running, and its CPU, until the suite exits.
            self.stop()
            # Java's BindException and our servers' "cannot listen" both carry strerror's
            # text; it can be far from the output's end (a JVM's shutdown hooks log after it),
            # and a JVM whose bind failed may stay up (Netty's threads), not ready.
            if "Address already in use" in self.output():
                raise PortTaken(str(e)) from e
            raise

    def _read(self):
        for line in self.proc.stdout:
            self._log.write(line)
            self._log.flush()
            with self._cond:
                self._lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, pattern, timeout):
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                for line in self._lines[seen:]:
                    m = regex.search(line)
                    if m:
                        return m
                seen = len(self._lines)
                # Exited, and its last lines (the reason, often) read from the pipe too.
                if self.proc.poll() is not None and not self._reader.is_alive():
                    raise SetupError(f"{self.name} exited with {self.proc.returncode} before "
                                     f"printing /{pattern}/ (full log {self.log_path}); "
                                     f"output:\n{self.output()[-3000:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SetupError(f"{self.name} did not print /{pattern}/ within {timeout} s "
                                     f"(full log {self.log_path}); output:\n{self.output()[-3000:]}")
                self._cond.wait(min(left, 0.5))

    def output(self):
        with self._cond:
            return "".join(self._lines)

    def wait_until(self, predicate, timeout, what):
        """Waits until predicate(output so far) holds; fails naming `what` after `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                text = "".join(self._lines)
                if predicate(text):
                    return text
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and text == "".join(self._lines)
                                 and not self._reader.is_alive()):
                    raise AssertionError(f"{self.name}: {what} did not happen within {timeout} s "
                                         f"(exit {self.proc.poll()}); output:\n{text[-4000:]}")
                self._cond.wait(min(max(left, 0.01), 0.5))

    def finish(self, timeout):
        """Closes stdin (the driver's signal to stop), waits for the exit; returns (rc, output)."""
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        rc = self.proc.returncode
        self.stop()
        return rc, self.output()

    def stop(self, grace=10):
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
            except ProcessLookupError:
                pass
        self._reader.join(10)
        with _running_lock:
            if self in _running:
                _running.remove(self)
        self._log.close()


LOGBACK = """<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
"""

JVM_FLAGS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"]
# For measurements: the JVM's own defaults (G1, full JIT) with a fixed heap, roughly as
# Apache's runbroker.sh starts a broker (it uses 8 GiB).
FULL_SPEED_JVM = ["-Xms1g", "-Xmx1g", "-XX:MaxDirectMemorySize=1g"]
# Apache 4.9's store unmaps files through DirectByteBuffer's cleaner by reflection; on Java 9+
# that needs these packages opened, or a broker that truncates a dirty file on load (or
# deletes one) dies with InaccessibleObjectException.
STORE_JVM_FLAGS = ["--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                   "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"]


def _java_home(workdir):
    """A ROCKETMQ_HOME with the logback configs Apache's startup classes insist on."""
    home = Path(workdir) / "rocketmq-home"
    (home / "conf").mkdir(parents=True, exist_ok=True)
    for name in ("namesrv", "broker", "tools"):
        (home / "conf" / f"logback_{name}.xml").write_text(LOGBACK)
    env = dict(os.environ, ROCKETMQ_HOME=str(home))
    return home, env


def _write_conf(path, settings):
    path.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))


# Short delays and transaction checks, so that retries (delay level 3 + reconsume times),
# delayed messages (level 2: 3 s) and check-backs take seconds: used by both brokers.
DELAY_LEVELS = "1s 3s " + " ".join(["1s"] * 16)
SHORT_TIMES = {
    "messageDelayLevel": DELAY_LEVELS,
    "transactionTimeOut": 2000,
    "transactionCheckInterval": 1000,
}


def start_apache_namesrv(workdir, jvm_props=()):
    workdir = Path(workdir)
    home, env = _java_home(workdir)

    def start(port):
        conf = workdir / "namesrv.conf"
        _write_conf(conf, {"listenPort": port, "kvConfigPath": workdir / "kvConfig.json"})
        cmd = ["java", "-Xms64m", "-Xmx192m", *JVM_FLAGS, *jvm_props, f"-Duser.home={workdir}",
               "-cp", apache_classpath(),
               "org.apache.rocketmq.namesrv.NamesrvStartup", "-c", str(conf)]
        p = Process("apache-namesrv", cmd, r"boot success", workdir, env=env, timeout=60)
        p.addr = f"127.0.0.1:{port}"
        return p

    return start_on_free_port(start)


def _own_dledger_port(settings):
    """The port of dLegerSelfId's entry in dLegerPeers ("n0-host:port;n1-host:port"), if any."""
    self_id = settings.get("dLegerSelfId")
    for peer in str(settings.get("dLegerPeers", "")).split(";"):
        if self_id and peer.startswith(f"{self_id}-"):
            return int(peer.rsplit(":", 1)[1])
    return None


def start_apache_broker(workdir, namesrv_addr, name="broker-a", extra=None, jvm_props=(), store=None,
                        jvm=None):
    workdir = Path(workdir)
    home, env = _java_home(workdir)
    store = Path(store) if store else workdir / "store"
    if jvm is None:
        jvm = ["-Xms192m", "-Xmx384m", "-XX:MaxDirectMemorySize=256m", *JVM_FLAGS]
    peer_port = _own_dledger_port(extra or {})

    def start(port):
        settings = {
            "brokerClusterName": "DefaultCluster", "brokerName": name, "brokerId": 0,
            "listenPort": port, "brokerIP1": "127.0.0.1", "namesrvAddr": namesrv_addr,
            "storePathRootDir": store, "storePathCommitLog": store / "commitlog",
            # The same file geometry as start_our_broker's, so either broker can open the other's store.
            "mappedFileSizeCommitLog": 16 * 1024 * 1024, "mappedFileSizeConsumeQueue": 60000,
            "maxHashSlotNum": 10000, "maxIndexNum": 40000,
            "autoCreateTopicEnable": "true", "flushDiskType": "ASYNC_FLUSH",
            # On a loaded 2-core machine a request can wait longer than the default 200 ms for
            # the send thread; Apache then answers "broker busy" instead of storing the message.
            "waitTimeMillsInSendQueue": 10000,
            **SHORT_TIMES,
        }
        settings.update(extra or {})
        conf = workdir / "broker.conf"
        _write_conf(conf, settings)
        cmd = ["java", *jvm, *STORE_JVM_FLAGS,
               *jvm_props,
               f"-Duser.home={workdir}", "-cp", apache_classpath(),
               "org.apache.rocketmq.broker.BrokerStartup", "-c", str(conf)]
        try:
            p = Process("apache-broker", cmd, r"boot success", workdir, env=env, timeout=90)
        except PortTaken as e:
            # A DLedger broker binds its own peer port (in the store's start) before its listen
            # port, and Netty's BindException does not say which port it was: if the peer port
            # is still held by someone, that was it.
            if peer_port is not None and not port_free(peer_port):
                raise PeerPortTaken(str(e)) from e
            raise
        p.addr = f"127.0.0.1:{port}"
        return p

    # The broker also listens on port - 2 (VIP channel) and port + 1 (HA).
    return start_on_free_port(start, span=(-2, 0, 1))


def our_binary(relative):
    path = BUILD_DIR / relative
    return path if path.exists() else None


def start_our_namesrv(workdir, extra_args=()):
    binary = our_binary("namesrv/namesrv")
    workdir = Path(workdir)
    cmd = [str(binary), "--listenPort=0", "--bindAddress=127.0.0.1",
           f"--kvConfigPath={workdir / 'kvConfig.json'}", *extra_args]
    # The boot line, printed once serving (log lines also say "listening on" earlier).
    p = Process("our-namesrv", cmd, r"boot success.* listening on (\S+:\d+)", workdir, timeout=20)
    p.addr = p.match.group(1)
    return p


# JVM property making a Java peer send ROCKETMQ (binary) headers instead of JSON.
BINARY_HEADERS = "-Drocketmq.serialize.type=ROCKETMQ"


def _java_driver_cmd(workdir, args, jvm_props, jvm=None):
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    _, env = _java_home(workdir)
    if jvm is None:
        jvm = ["-Xmx256m", *JVM_FLAGS]
    cmd = ["java", *jvm, *jvm_props, f"-Duser.home={workdir}",
           "-Drocketmq.client.logLevel=WARN", "-cp", driver_classpath(), "Interop", *map(str, args)]
    return cmd, env


def _run_driver(what, cmd, timeout, **kwargs):
    """Runs a client driver to its end; returns (exit code, stdout+stderr). One that hangs past
    `timeout` fails the test with what it printed so far, which says where it stopped."""
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired as e:
        out = "".join(s.decode(errors="replace") if isinstance(s, bytes) else s
                      for s in (e.stdout or "", e.stderr or ""))
        raise AssertionError(f"{what} timed out after {timeout} s:\n{out[-3000:]}")
    return res.returncode, res.stdout + res.stderr


def java_driver(workdir, *args, timeout=90, jvm_props=(), jvm=None):
    """Runs the Java client driver; returns (exit code, stdout+stderr)."""
    cmd, env = _java_driver_cmd(workdir, args, jvm_props, jvm)
    return _run_driver(f"Java driver {args[:1]}", cmd, timeout, cwd=workdir, env=env)


def java_driver_background(workdir, name, *args, jvm_props=()):
    """Starts the Java driver without waiting (a Process with a stdin pipe; finish() ends it)."""
    cmd, env = _java_driver_cmd(workdir, args, jvm_props)
    return Process(name, cmd, None, workdir, env=env, stdin=True)


def sdk_driver_background(workdir, name, *args):
    """Starts our SDK's driver without waiting (a Process with a stdin pipe)."""
    binary = our_binary("tests/interop/rmq-interop-driver")
    if binary is None:
        raise SetupError("rmq-interop-driver is not built (build the `test` preset)")
    return Process(name, [str(binary), *map(str, args)], None, workdir, stdin=True)


def json_line(output):
    """The payload of the driver's last "JSON {...}" line."""
    lines = [l[5:] for l in output.splitlines() if l.startswith("JSON ")]
    if not lines:
        raise AssertionError(f"no JSON line in the driver's output:\n{output[-3000:]}")
    return json.loads(lines[-1])


_our_settings = None


def our_broker_settings():
    """The setting names our broker accepts (from its -h), read once."""
    global _our_settings
    if _our_settings is None:
        res = subprocess.run([str(our_binary("reference-broker/broker/broker")), "-h"],
                             capture_output=True, text=True, timeout=20)
        _our_settings = set(re.findall(r"^  (\w+) \(default", res.stdout + res.stderr, re.M))
    return _our_settings


def our_broker_has(*settings):
    """Whether our broker has every one of these settings (a feature it implements)."""
    return all(s in our_broker_settings() for s in settings)


def start_our_broker(workdir, namesrv_addr, name="broker-a", extra_args=(), store=None):
    binary = our_binary("reference-broker/broker/broker")
    workdir = Path(workdir)
    store = Path(store) if store else workdir / "store"
    short = [f"--{k}={v}" for k, v in SHORT_TIMES.items() if our_broker_has(k)]
    cmd = [str(binary), "-n", namesrv_addr, "--listenPort=0", "--bindAddress=127.0.0.1", *short,
           "--brokerIP1=127.0.0.1",
           f"--brokerName={name}", f"--storePathRootDir={store}",
           f"--storePathCommitLog={store / 'commitlog'}", "--mappedFileSizeCommitLog=16777216",
           "--mappedFileSizeConsumeQueue=60000", "--maxHashSlotNum=10000", "--maxIndexNum=40000",
           # A small store: how full the (shared) disk is must not delete or refuse it.
           "--diskSpaceCleanForciblyRatio=99", "--diskSpaceWarningLevelRatio=99",
           *extra_args]
    # The boot line comes after the first registration with the nameservers; the remoting
    # server's own "listening on" log line comes before it.
    p = Process("our-broker", cmd, r"boot success.* listening on (\S+:\d+)", workdir, timeout=20)
    p.addr = p.match.group(1)
    return p


def sdk_driver(*args, timeout=60):
    """Runs our SDK's interop driver; returns (exit code, stdout+stderr)."""
    binary = our_binary("tests/interop/rmq-interop-driver")
    if binary is None:
        raise SetupError("rmq-interop-driver is not built (build the `test` preset)")
    return _run_driver(f"our SDK's driver {args[:1]}", [str(binary), *map(str, args)], timeout)


def rmq_admin(*args, timeout=30):
    """Runs our rmq-admin with --json; returns (exit code, stdout, stderr)."""
    binary = our_binary("sdk-cpp/tools/rmq-admin/rmq-admin")
    if binary is None:
        raise SetupError("rmq-admin is not built (build the `test` preset)")
    res = subprocess.run([str(binary), *map(str, args), "--json"], capture_output=True, text=True,
                         timeout=timeout)
    return res.returncode, res.stdout, res.stderr


def mqadmin(workdir, *args, timeout=60):
    """Runs Apache's mqadmin tool (MQAdminStartup); returns (exit code, stdout+stderr)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    home, env = _java_home(workdir)
    cmd = ["java", "-Xmx192m", *JVM_FLAGS, f"-Duser.home={workdir}", "-cp", apache_classpath(),
           "org.apache.rocketmq.tools.command.MQAdminStartup", *map(str, args)]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=workdir, env=env)
    return res.returncode, res.stdout + res.stderr


def remoting_call(addr, code, ext=None, timeout=5):
    """One request with a JSON header (`ext`: its extFields) and no body over a fresh
    connection; returns the response's (header dict, body bytes). Enough for the admin
    requests the tests poll."""
    host, port = addr.rsplit(":", 1)
    fields = {k: str(v) for k, v in (ext or {}).items()}
    header = json.dumps({"code": code, "language": "PYTHON", "version": 395, "opaque": 1,
                         "flag": 0, "extFields": fields}).encode()
    frame = struct.pack(">ii", 4 + len(header), len(header)) + header
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(frame)

        def read(n):
            data = b""
            while len(data) < n:
                chunk = s.recv(n - len(data))
                if not chunk:
                    raise ConnectionError(f"{addr} closed the connection mid-response")
                data += chunk
            return data

        total = struct.unpack(">i", read(4))[0]
        rest = read(total)
    header_len = struct.unpack(">i", rest[:4])[0] & 0xFFFFFF
    return json.loads(rest[4:4 + header_len]), rest[4 + header_len:]


QUERY_CONSUMER_OFFSET = 14
UPDATE_CONSUMER_OFFSET = 15
GET_ALL_TOPIC_CONFIG = 21
GET_BROKER_RUNTIME_INFO = 28


def broker_runtime_info(addr):
    """A broker's runtime info table (GET_BROKER_RUNTIME_INFO), Apache's or ours. Apache's
    broker answers NoSuchElementException until its statistics have their first samples (a
    few seconds after it starts), so that answer is asked again for up to 15 s; any other
    error answer is a ValueError."""
    deadline = time.monotonic() + 15
    while True:
        header, body = remoting_call(addr, GET_BROKER_RUNTIME_INFO)
        if header.get("code") == 0:
            return json.loads(body)["table"]
        remark = header.get("remark") or ""
        if "NoSuchElementException" not in remark or time.monotonic() > deadline:
            raise ValueError(f"runtime info of {addr}: code {header.get('code')} {remark}")
        time.sleep(0.2)


def broker_has_topic(addr, topic):
    """Whether a broker's topic table (GET_ALL_TOPIC_CONFIG) names `topic`."""
    header, body = remoting_call(addr, GET_ALL_TOPIC_CONFIG)
    return header.get("code") == 0 and f'"{topic}"'.encode() in body


def commit_offset(addr, group, topic, queue_id, offset):
    """UPDATE_CONSUMER_OFFSET, as a consumer commits."""
    header, _ = remoting_call(addr, UPDATE_CONSUMER_OFFSET, {"consumerGroup": group, "topic": topic,
                                                             "queueId": queue_id, "commitOffset": offset})
    if header.get("code") != 0:
        raise AssertionError(f"committing an offset on {addr}: {header}")


def committed_offset(addr, group, topic, queue_id):
    """The offset QUERY_CONSUMER_OFFSET answers, None when the broker has none."""
    header, _ = remoting_call(addr, QUERY_CONSUMER_OFFSET, {"consumerGroup": group, "topic": topic,
                                                            "queueId": queue_id})
    return int(header["extFields"]["offset"]) if header.get("code") == 0 else None


def wait_until(predicate, timeout, what, interval=0.2):
    """Polls predicate() until it returns a true value (returned); fails naming `what`."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (OSError, ValueError, KeyError) as e:
            last_error = e
        time.sleep(interval)
    raise AssertionError(f"{what} did not happen within {timeout} s (last error: {last_error})")


if __name__ == "__main__":
    import sys
    if sys.argv[1:] != ["prepare"]:
        sys.exit("usage: harness.py prepare")
    try:
        prepare()
    except SetupError as e:
        sys.exit(f"interop: {e}")
    print(f"interop: Apache RocketMQ {rocketmq_version()} jars and the Java driver are ready in "
          f"{CACHE_ROOT / rocketmq_version()}")
