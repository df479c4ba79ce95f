"""DLedger mode across implementations: a Raft group of our members (dledger_node) and Apache's
DLedger 0.3.1.2 (the jar RocketMQ 4.9.7 ships) elects leaders of either kind, replicates appends
both ways, transfers leadership both ways, and every member's data file holds the same bytes;
then each store directory is reopened by the other implementation and the group carries on."""
import base64
import json
import re
import shutil
import signal
import struct
import socket
import time
from pathlib import Path

import pytest

import harness

GROUP = "g"
HEARTBEAT_MS = 300
DATA_FILE_SIZE = 4 * 1024 * 1024
INDEX_FILE_SIZE = 1024 * 1024
METADATA, APPEND, GET, LEADERSHIP_TRANSFER = 50000, 50001, 50002, 51005
GET_ROUTEINFO_BY_TOPIC = 105
LOGBACK_WARN = """<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
"""


def dledger_call(addr, code, body, timeout=5):
    """One DLedger RPC: a JSON-header remoting frame with the request JSON as body and no
    extFields; returns (frame code, response JSON or None)."""
    host, port = addr.rsplit(":", 1)
    header = json.dumps({"code": code, "language": "JAVA", "version": 0, "opaque": 7, "flag": 0,
                         "serializeTypeCurrentRPC": "JSON"}).encode()
    payload = json.dumps(body).encode()
    frame = struct.pack(">ii", 4 + len(header) + len(payload), len(header)) + header + payload
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(frame)
        data = b""
        while len(data) < 4 or len(data) < 4 + struct.unpack(">i", data[:4])[0]:
            chunk = s.recv(65536)
            if not chunk:
                raise ConnectionError(f"{addr} closed the connection")
            data += chunk
    header_len = struct.unpack(">i", data[4:8])[0] & 0xFFFFFF
    reply = json.loads(data[8:8 + header_len])
    rest = data[8 + header_len:]
    return reply["code"], (json.loads(rest) if rest else None)


@pytest.fixture(scope="module")
def member_classes(java_ready, tmp_path_factory):
    out = tmp_path_factory.mktemp("dledger-java")
    harness._run(["javac", "-d", str(out), "-cp", harness.apache_classpath(),
                  str(harness.INTEROP_DIR / "java" / "DLedgerMember.java")],
                 "compiling DLedgerMember.java", 120)
    (out / "logback.xml").write_text(LOGBACK_WARN)
    return out


class Group:
    def __init__(self, tmp_path, classes, kinds, addrs=None):
        self.tmp = Path(tmp_path)
        self.classes = classes
        self.kinds = kinds
        # Every member's peer list names every port, so a port taken between free_port's probe
        # and a member's bind means a new set of ports for the whole group; a group given its
        # addresses (a restart on the same ports) has no other to take.
        attempts = 1 if addrs else 5
        for attempt in range(attempts):
            self.addrs = addrs or [f"127.0.0.1:{harness.free_port()}" for _ in kinds]
            try:
                self._start_all()
                return
            except harness.PortTaken:
                if attempt == attempts - 1:
                    raise
                for i in range(len(kinds)):
                    shutil.rmtree(self.store(i), ignore_errors=True)

    def _start_all(self):
        self.peers = ";".join(f"n{i}-{a}" for i, a in enumerate(self.addrs))
        self.procs = [None] * len(self.kinds)
        try:
            for i in range(len(self.kinds)):
                self.start(i)
        except BaseException:
            # The caller gets no group to stop: the members already running (JVMs) would
            # otherwise outlive the test, until the suite exits.
            self.stop()
            raise

    def store(self, i):
        return self.tmp / f"store-n{i}"

    def start(self, i):
        name = f"n{i}"
        if self.kinds[i] == "apache":
            cmd = ["java", "-Xms64m", "-Xmx256m", *harness.JVM_FLAGS, *harness.STORE_JVM_FLAGS,
                   f"-Dlogback.configurationFile={self.classes / 'logback.xml'}",
                   "-cp", f"{self.classes}:{harness.apache_classpath()}", "DLedgerMember", GROUP, name,
                   self.peers, str(self.store(i)), str(HEARTBEAT_MS), str(DATA_FILE_SIZE),
                   str(INDEX_FILE_SIZE)]
            self.procs[i] = harness.Process(f"apache-{name}", cmd, r"listening", self.tmp, stdin=True,
                                            timeout=60)
        else:
            cmd = [str(harness.our_binary("tests/integration/dledger/dledger_node")),
                   f"--group={GROUP}", f"--selfId={name}", f"--peers={self.peers}",
                   f"--storeDir={self.store(i)}", f"--heartbeatMs={HEARTBEAT_MS}",
                   f"--dataFileSize={DATA_FILE_SIZE}", f"--indexFileSize={INDEX_FILE_SIZE}"]
            self.procs[i] = harness.Process(f"ours-{name}", cmd, r"listening on", self.tmp, timeout=30)

    def kill(self, i):
        proc = self.procs[i].proc
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        self.procs[i].stop()
        self.procs[i] = None

    def stop(self):
        for p in self.procs:
            if p is not None:
                p.stop()
        self.procs = [None] * len(self.kinds)

    def leader(self, timeout=20):
        """The member every live member names as leader (asked with METADATA)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            named = set()
            for i, addr in enumerate(self.addrs):
                if self.procs[i] is None:
                    continue
                try:
                    code, body = dledger_call(addr, METADATA, {"group": GROUP, "remoteId": f"n{i}"})
                except OSError:
                    named.add(None)
                    continue
                named.add(body.get("leaderId") if code == 200 and body else None)
            if len(named) == 1 and None not in named:
                leader = int(next(iter(named))[1:])
                if self.procs[leader] is not None:
                    return leader
            time.sleep(0.1)
        raise AssertionError(f"no agreed leader within {timeout} s")

    def append(self, i, data):
        code, body = dledger_call(self.addrs[i], APPEND, {
            "group": GROUP, "remoteId": f"n{i}", "body": base64.b64encode(data).decode()})
        assert code == 200, f"APPEND frame code {code}"
        return body

    def data_file(self, i):
        return (self.store(i) / f"dledger-n{i}" / "data" / ("0" * 20)).read_bytes()


def test_mixed_dledger_group_elects_replicates_and_writes_identical_files(member_classes, tmp_path):
    """Leaders of both kinds: the leader is killed and restarted round after round until each
    implementation has led (and replicated to the other) at least once; then LEADERSHIP_TRANSFER
    moves leadership from one implementation to the other and back."""
    if harness.our_binary("tests/integration/dledger/dledger_node") is None:
        pytest.skip("dledger_node is not built yet")
    group = Group(tmp_path, member_classes, ["ours", "apache", "apache"])
    try:
        leaders = []
        sent = []
        for round_ in range(8):
            leader = group.leader()
            leaders.append(group.kinds[leader])
            for k in range(10):
                data = f"round{round_}-{k}".encode() * (k + 1)
                reply = group.append(leader, data)
                assert reply["code"] == 200, f"{group.kinds[leader]} leader n{leader}: {reply}"
                sent.append((reply["index"], reply["pos"], data))
            # Every live member holds the same bytes where the entries are.
            end = sent[-1][1] + 48 + len(sent[-1][2]) + 1024
            harness.wait_until(lambda: len({group.data_file(i)[:end] for i in range(3)
                                             if group.procs[i] is not None}) == 1,
                               10, f"identical data files after round {round_} ({leaders[-1]} leader)")
            if round_ >= 2 and {"ours", "apache"} <= set(leaders):
                break
            group.kill(leader)
            group.leader()  # the other two elect one of them
            group.start(leader)
        print(f"leaders by round: {leaders}")
        assert {"ours", "apache"} <= set(leaders), f"only {set(leaders)} led in {len(leaders)} rounds"
        # LEADERSHIP_TRANSFER from the leader to a member of the other implementation, and back.
        for _ in range(2):
            leader = group.leader()
            target = next(i for i in range(3) if group.kinds[i] != group.kinds[leader])
            term = group.append(leader, b"before-transfer")["term"]
            code, answer = dledger_call(group.addrs[leader], LEADERSHIP_TRANSFER, {
                "group": GROUP, "remoteId": f"n{leader}", "transferId": f"n{leader}",
                "transfereeId": f"n{target}", "term": term, "takeLeadershipLedgerIndex": 0},
                timeout=10)
            assert code == 200 and answer["code"] == 200, \
                f"{group.kinds[leader]} -> {group.kinds[target]}: {answer}"
            assert group.leader() == target
            reply = group.append(target, b"after-transfer")
            assert reply["code"] == 200, reply
            print(f"leadership moved from {group.kinds[leader]} n{leader} to {group.kinds[target]} n{target}")
        assert [index for index, _, _ in sent] == list(range(len(sent)))
        group.stop()

        # The stores change hands: each member's directory is reopened by the other
        # implementation, which recovers the log, the term and the commit point from it.
        group = Group(tmp_path, member_classes, ["apache", "ours", "ours"], addrs=group.addrs)
        leader = group.leader()
        reply = group.append(leader, b"after-swap")
        assert reply["code"] == 200, reply
        last = reply["index"]
        assert last > sent[-1][0]
        harness.wait_until(lambda: len({group.data_file(i)[:reply["pos"] + 1024] for i in range(3)}) == 1,
                           10, "identical data files after the stores changed hands")
        for i in range(3):
            raw = group.data_file(i)
            for index, pos, data in sent:
                assert struct.unpack(">i", raw[pos:pos + 4])[0] == 1
                assert struct.unpack(">q", raw[pos + 8:pos + 16])[0] == index
                assert struct.unpack(">q", raw[pos + 24:pos + 32])[0] == pos
                assert raw[pos + 48:pos + 48 + len(data)] == data
    finally:
        group.stop()


def test_mixed_broker_group_survives_the_death_of_its_leader(java_ready, tmp_path):
    """Whole brokers: our broker and two Apache 4.9.7 brokers in DLedger mode form one group
    (DLedger's default 2 s heartbeats, which Apache's brokers cannot change). One becomes
    master and takes sends from our SDK; the master is killed, whichever kind it is, another
    member becomes master, takes sends, and a consumer gets every message sent to either."""
    if not harness.our_broker_has("dLegerHeartBeatTimeIntervalMs"):
        pytest.skip("our broker does not run DLedger mode yet")
    ns = harness.start_our_namesrv(tmp_path / "ns")
    peers = ";".join(f"n{i}-127.0.0.1:{harness.free_port()}" for i in range(3))
    kinds = ["ours", "apache", "apache"]
    brokers = [None] * 3

    def start(i):
        work = tmp_path / f"broker-n{i}"
        work.mkdir(exist_ok=True)
        keys = {"enableDLegerCommitLog": "true", "dLegerGroup": "broker-dl", "dLegerPeers": peers,
                "dLegerSelfId": f"n{i}"}
        if kinds[i] == "apache":
            brokers[i] = harness.start_apache_broker(work, ns.addr, name="broker-dl", extra=keys)
        else:
            brokers[i] = harness.start_our_broker(
                work, ns.addr, name="broker-dl",
                extra_args=[f"--{k}={v}" for k, v in keys.items()] +
                ["--dLegerMappedFileSizeForEntryIndex=1048576"])

    def master():
        """The member the nameserver routes as master (id 0): Apache 4.9.7's runtime info
        does not name the role."""
        header, body = harness.remoting_call(ns.addr, GET_ROUTEINFO_BY_TOPIC, {"topic": "broker-dl"})
        if header.get("code") != 0:
            return None
        found = re.search(r'"brokerAddrs":\{[^}]*?"?0"?:"([^"]+)"', body.decode())
        addr = found.group(1) if found else None
        return next((i for i in range(3) if brokers[i] is not None and brokers[i].addr == addr),
                    None)

    def produce(prefix, count, timeout):
        deadline = time.monotonic() + timeout
        while True:
            rc, out = harness.sdk_driver("produce", "--namesrv", ns.addr, "--topic", "DLedgerMixed",
                                         "--count", count, "--prefix", prefix)
            if rc == 0:
                return {f"{prefix}-{k}" for k in range(count)}
            assert time.monotonic() < deadline, f"sends to the group failed:\n{out[-3000:]}"
            time.sleep(0.5)

    try:
        # A DLedger port taken before its member's bind (free_port only probed it): the group
        # starts again on new ports, as Group does.
        for attempt in range(5):
            try:
                for i in range(3):
                    start(i)
                break
            except harness.PortTaken:
                if attempt == 4:
                    raise
                for i in range(3):
                    if brokers[i] is not None:
                        brokers[i].stop()
                        brokers[i] = None
                    shutil.rmtree(tmp_path / f"broker-n{i}", ignore_errors=True)
                peers = ";".join(f"n{i}-127.0.0.1:{harness.free_port()}" for i in range(3))
        # (index,): a master's index may be 0.
        first = harness.wait_until(lambda: (m := master()) is not None and (m,), 60,
                                   "a master in the mixed group")[0]
        sent = produce("before", 20, 30)
        print(f"first master: {kinds[first]} n{first}")

        brokers[first].proc.send_signal(signal.SIGKILL)
        brokers[first].proc.wait(10)
        brokers[first].stop()
        brokers[first] = None
        killed = time.monotonic()
        second = harness.wait_until(lambda: (m := master()) is not None and (m,), 60,
                                    "a new master after the kill")[0]
        assert second != first
        sent |= produce("after", 20, 30)
        print(f"{kinds[first]} master n{first} killed; {kinds[second]} n{second} took sends "
              f"{time.monotonic() - killed:.1f} s later")

        rc, out = harness.sdk_driver("consume", "--namesrv", ns.addr, "--topic", "DLedgerMixed",
                                     "--group", "CG_DLEDGER_MIXED", "--count", len(sent),
                                     "--seconds", 60, timeout=90)
        received = {line.split("body=")[1].split()[0] for line in out.splitlines()
                    if line.startswith("received body=")}
        assert rc == 0 and sent <= received, f"missing {sorted(sent - received)[:10]}:\n{out[-2000:]}"
    finally:
        for b in brokers:
            if b is not None:
                b.stop()
        ns.stop()
