"""Master/slave replication across implementations: an Apache 4.9.7 slave on our master and
ours on Apache's, as ASYNC_MASTER and SYNC_MASTER, end with byte-identical CommitLogs, each
slave having synced the master's topics and consumer offsets; a Java consumer reads our slave while our master is
stopped.

Each slave is started after its master with no haMasterAddress, so it learns the master's HA
address from its registration with the nameserver (our nameserver for an Apache slave,
Apache's for ours), as a slave configured like Apache's quick start does."""
import re
from pathlib import Path

import pytest

import harness

# Apache's slave sends its first offset report after haSendHeartbeatInterval (5 s by default)
# and a master streams nothing before it; 1 s keeps each case short.
APACHE_SLAVE = {"brokerRole": "SLAVE", "brokerId": 1, "haSendHeartbeatInterval": 1000, "slaveReadEnable": "true"}
OUR_SLAVE = ["--brokerRole=SLAVE", "--brokerId=1", "--slaveReadEnable=true"]
MESSAGES = 40


@pytest.fixture(autouse=True)
def _need_ha():
    if harness.our_binary("reference-broker/broker/broker") is None:
        pytest.skip("our broker is not built yet")
    if not harness.our_broker_has("brokerRole", "haListenPort"):
        pytest.skip("our broker has no HA yet")


@pytest.fixture(scope="module")
def apache_namesrv(java_ready, tmp_path_factory):
    ns = harness.start_apache_namesrv(tmp_path_factory.mktemp("ha-apache-ns"))
    yield ns
    ns.stop()


def _max_offset(addr):
    return int(harness.broker_runtime_info(addr)["commitLogMaxOffset"])


def _commitlog(store):
    files = sorted((Path(store) / "commitlog").iterdir())
    return b"".join(f.read_bytes() for f in files)


def _produce(workdir, ns, topic):
    rc, out = harness.java_driver(workdir, "produce", "--namesrv", ns, "--topic", topic, "--count", MESSAGES,
                                  "--prefix", topic)
    assert rc == 0, out
    statuses = re.findall(r"sent status=(\S+)", out)
    assert len(statuses) == MESSAGES, out
    return statuses


def _start_master(kind, workdir, ns, name, role):
    if kind == "ours":
        # An Apache slave syncs metadata through the master's VIP channel, listenPort - 2: the
        # port must be fixed for the slave to derive it.
        return harness.start_on_free_port(
            lambda port: harness.start_our_broker(workdir, ns, name=name,
                                                  extra_args=[f"--brokerRole={role}", f"--listenPort={port}"]),
            span=(-2, 0, 1))
    return harness.start_apache_broker(workdir, ns, name=name, extra={"brokerRole": role})


def _start_slave(kind, workdir, ns, name):
    if kind == "ours":
        return harness.start_our_broker(workdir, ns, name=name, extra_args=OUR_SLAVE)
    return harness.start_apache_broker(workdir, ns, name=name, extra=APACHE_SLAVE)


def _slave_linked(master_kind, master, slave_kind, slave):
    """Whether the link is up, from whichever side reports it (Apache 4.9's runtime info has
    no HA keys; ours does on both ends)."""
    if master_kind == "ours":
        return int(harness.broker_runtime_info(master.addr).get("haSlaveCount", 0)) >= 1
    return harness.broker_runtime_info(slave.addr).get("haConnected") == "true"


# (master, slave, the nameserver both register with, matrix direction)
PAIRS = {
    "our-master-apache-slave": ("ours", "apache", "ours", "Apache broker -> our namesrv"),
    "apache-master-our-slave": ("apache", "ours", "apache", "our broker -> Apache namesrv"),
}


@pytest.mark.parametrize("role", ["ASYNC_MASTER", "SYNC_MASTER"])
@pytest.mark.parametrize("pair", list(PAIRS))
def test_slave_replicates_byte_for_byte(java_ready, tmp_path, request, pair, role):
    master_kind, slave_kind, ns_kind, direction = PAIRS[pair]
    request.node.add_marker(pytest.mark.interop("HA replication", direction))
    ns = request.getfixturevalue("our_namesrv" if ns_kind == "ours" else "apache_namesrv").addr
    name = f"ha-{pair}-{role}".replace("_", "-").lower()
    topic = f"Ha_{pair}_{role}".replace("-", "_")

    master = _start_master(master_kind, tmp_path / "master", ns, name, role)
    slave = None
    try:
        slave = _start_slave(slave_kind, tmp_path / "slave", ns, name)
        # A SYNC_MASTER without a slave answers SLAVE_NOT_AVAILABLE: wait for the link first.
        harness.wait_until(lambda: _slave_linked(master_kind, master, slave_kind, slave), 30,
                           f"{slave_kind} slave linking to {master_kind} master")
        statuses = _produce(tmp_path / "producer", ns, topic)
        # Every send of a SYNC_MASTER waited for the slave's acknowledgement.
        assert set(statuses) == {"SEND_OK"}, statuses
        harness.commit_offset(master.addr, "g_" + topic, topic, 0, 7)
        end = _max_offset(master.addr)
        assert end > 0
        harness.wait_until(lambda: _max_offset(slave.addr) == end, 30,
                           f"{slave_kind} slave reaching the master's end {end}")
        # The slave's metadata sync (GET_ALL_TOPIC_CONFIG and GET_ALL_CONSUMER_OFFSET every
        # 10 s) read the other side's topic and offset tables.
        harness.wait_until(lambda: harness.broker_has_topic(slave.addr, topic), 25,
                           f"{slave_kind} slave learning the topic from the {master_kind} master")
        harness.wait_until(lambda: harness.committed_offset(slave.addr, "g_" + topic, topic, 0) == 7, 25,
                           f"{slave_kind} slave learning the consumer offset from the {master_kind} master")
    finally:
        if slave is not None:
            slave.stop()
        master.stop()

    ours, theirs = _commitlog(tmp_path / "master" / "store"), _commitlog(tmp_path / "slave" / "store")
    assert len(ours) >= end and len(theirs) >= end
    assert ours[:end] == theirs[:end], "the slave's CommitLog differs from its master's"
    assert theirs[end:].count(0) == len(theirs) - end, "the slave wrote past its master's end"


def _expect_mqadmin_sees_the_pair(workdir, ns, name, master, slave):
    """Apache's mqadmin lists our master (id 0) and slave (id 1) under one broker name, and its
    brokerStatus prints the HA state from our runtime info: the master's slave count and lag,
    the slave's link and its master's HA address."""
    rc, out = harness.mqadmin(workdir, "clusterList", "-n", ns)
    assert rc == 0, out
    ids = {row.split()[2] for row in out.splitlines() if len(row.split()) > 3 and row.split()[1] == name}
    assert ids == {"0", "1"}, out

    def status(addr):
        rc, out = harness.mqadmin(workdir, "brokerStatus", "-n", ns, "-b", addr)
        assert rc == 0, out
        return {k: v.strip() for k, v in re.findall(r"^(\S+)\s*: (.*)$", out, flags=re.M)}

    master_status = status(master.addr)
    assert master_status.get("haSlaveCount") == "1", master_status
    assert master_status.get("haSlaveFallBehindBytes") == "0", master_status
    slave_status = status(slave.addr)
    assert slave_status.get("brokerRole") == "SLAVE", slave_status
    assert slave_status.get("haConnected") == "true", slave_status
    assert slave_status.get("haMasterAddress"), slave_status


@pytest.mark.interop("HA replication", "Java client -> our cluster")
def test_java_consumer_reads_our_slave_while_master_is_stopped(java_ready, tmp_path, our_namesrv):
    ns = our_namesrv.addr
    name = "ha-slave-read"
    topic = "Ha_slave_read"
    master = harness.start_our_broker(tmp_path / "master", ns, name=name, extra_args=["--brokerRole=ASYNC_MASTER"])
    slave = None
    try:
        slave = harness.start_our_broker(tmp_path / "slave", ns, name=name, extra_args=OUR_SLAVE)
        harness.wait_until(lambda: _slave_linked("ours", master, "ours", slave), 30, "slave link")
        _produce(tmp_path / "producer", ns, topic)
        end = _max_offset(master.addr)
        harness.wait_until(lambda: _max_offset(slave.addr) == end, 30, "slave catching up")
        # A slave serves only topics it knows; its metadata sync from the master (every 10 s,
        # as Apache's SlaveSynchronize) brings this one.
        harness.wait_until(lambda: harness.broker_has_topic(slave.addr, topic), 20, "slave learning the topic")
        _expect_mqadmin_sees_the_pair(tmp_path / "mqadmin", ns, name, master, slave)
        master.stop()

        rc, out = harness.java_driver(tmp_path / "consumer", "consume", "--namesrv", ns, "--topic", topic,
                                      "--group", "g_ha_slave_read", "--count", MESSAGES, "--seconds", 40)
        assert rc == 0, out
        bodies = set(re.findall(r"received body=(\S+)", out))
        assert bodies == {f"{topic}-{i}" for i in range(MESSAGES)}, out[-3000:]
    finally:
        if slave is not None:
            slave.stop()
        master.stop()
