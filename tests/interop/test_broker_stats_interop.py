"""Apache's mqadmin reads real figures from our broker under a little traffic: statsAll
(VIEW_BROKER_STATS_DATA per topic and group), brokerStatus and clusterList
(GET_BROKER_RUNTIME_INFO rates and totals); and updateBrokerConfig changes a live setting
(UPDATE_BROKER_CONFIG), seen by getBrokerConfig and by the next send. One broker of our own,
so that the update touches no other test; every mqadmin command runs in one JVM."""
import json
import re

import pytest

import harness

DIRECTION = "Java client -> our cluster"
TOPIC, GROUP, SENT = "StatsTopic", "g_stats", 20
VIEW_BROKER_STATS_DATA = 315


@pytest.fixture(scope="module")
def traffic(java_ready, tmp_path_factory):
    """Our cluster after SENT messages went in and out, sampled by the broker's 10-second
    statistics, plus mqadmin's output per command (in order) while a producer keeps sending."""
    for binary in ("namesrv/namesrv", "reference-broker/broker/broker",
                   "tests/interop/rmq-interop-driver"):
        if harness.our_binary(binary) is None:
            pytest.skip(f"our {binary} is not built yet")
    work = tmp_path_factory.mktemp("stats")
    ns = harness.start_our_namesrv(work / "namesrv")
    broker = None
    try:
        broker = harness.start_our_broker(work / "broker", ns.addr, name="broker-stats")
        rc, out = harness.java_driver(work / "java", "produce", "--namesrv", ns.addr, "--topic", TOPIC,
                                      "--count", SENT, "--prefix", "stats")
        assert rc == 0, out
        # Read back by our SDK's consumer: the figures under test are the broker's, and a JVM
        # less keeps the module short.
        rc, out = harness.sdk_driver("consume", "--namesrv", ns.addr, "--topic", TOPIC, "--group", GROUP,
                                     "--count", SENT, "--seconds", 40)
        assert rc == 0, out

        def sampled():
            header, body = harness.remoting_call(broker.addr, VIEW_BROKER_STATS_DATA,
                                                 {"statsName": "GROUP_GET_NUMS",
                                                  "statsKey": f"{TOPIC}@{GROUP}"})
            return header.get("code") == 0 and json.loads(body)["statsMinute"]["sum"] == SENT

        harness.wait_until(sampled, 20, "the broker's first 10-second statistics sample")
        # The rates clusterList shows cover the last 10 s: keep sending meanwhile.
        background = harness.sdk_driver_background(work, "sdk-producer", "produce", "--namesrv", ns.addr,
                                                   "--topic", "StatsBackground", "--count", 200000)
        try:
            ns_arg = ["-n", ns.addr]
            runs = [["clusterList", *ns_arg], ["clusterList", "-m", *ns_arg],
                    ["brokerStatus", "-b", broker.addr, *ns_arg], ["statsAll", *ns_arg],
                    ["brokerConsumeStats", "-b", broker.addr, *ns_arg],
                    ["updateBrokerConfig", "-b", broker.addr, "-k", "autoCreateTopicEnable", "-v", "false",
                     *ns_arg],
                    ["getBrokerConfig", "-b", broker.addr, *ns_arg]]
            args = []
            for run in runs:
                args += (["+"] if args else []) + run
            rc, out = harness.java_driver(work / "mqadmin", "mqadmin", *args, timeout=120)
        finally:
            background.stop()
        assert rc == 0, out
        outputs = re.split(r"^=== mqadmin .*$", out, flags=re.M)[1:]
        assert len(outputs) == len(runs), out
        yield {"ns": ns.addr, "broker": broker.addr, "out": outputs}
    finally:
        if broker is not None:
            broker.stop()
        ns.stop()


def _rows(text, first):
    return [line.split() for line in text.splitlines() if line.split()[:1] == [first]]


@pytest.mark.interop("mqadmin statistics", DIRECTION)
def test_cluster_list_shows_rates_and_totals(traffic):
    plain, more = traffic["out"][0], traffic["out"][1]
    rows = _rows(plain, "DefaultCluster")
    assert rows, plain
    in_tps, out_tps = re.findall(r"(\d+\.\d+)\(", plain)[:2]
    assert float(in_tps) > 0, plain
    # #Cluster #Broker #InTotalYest #OutTotalYest #InTotalToday #OutTotalToday
    totals = _rows(more, "DefaultCluster")
    assert totals, more
    assert int(totals[0][4]) >= SENT and int(totals[0][5]) >= SENT, more


@pytest.mark.interop("mqadmin statistics", DIRECTION)
def test_broker_status_shows_rates(traffic):
    text = traffic["out"][2]
    table = dict(re.findall(r"^(\w+)\s*: ?(.*)$", text, flags=re.M))
    assert "Exception" not in text, text
    put = [float(x) for x in table["putTps"].split()]
    assert len(put) == 3 and put[0] > 0 and put[1] > 0, text
    assert float(table["getTransferedTps"].split()[2]) > 0, text
    assert int(table["msgPutTotalTodayNow"]) >= SENT, text


@pytest.mark.interop("mqadmin statistics", DIRECTION)
def test_stats_all_shows_topic_and_group(traffic):
    text = traffic["out"][3]
    rows = _rows(text, TOPIC)
    assert rows, text
    # topic, group, accumulation, in TPS, out TPS, in today, out today
    row = rows[0]
    assert row[1] == GROUP, text
    assert float(row[3]) > 0 and float(row[4]) > 0, text
    assert int(row[5]) == SENT and int(row[6]) == SENT, text


@pytest.mark.interop("mqadmin statistics", DIRECTION)
def test_broker_consume_stats_lists_the_group(traffic):
    text = traffic["out"][4]
    # topic, group, broker, queue, broker offset, consumer offset, diff, last time
    rows = [r for r in _rows(text, TOPIC) if r[1] == GROUP]
    assert rows and all(r[2] == "broker-stats" for r in rows), text
    assert sum(int(r[4]) for r in rows) == SENT, text
    total = re.search(r"^Diff Total: (\d+)$", text, flags=re.M)
    assert total and int(total.group(1)) == sum(int(r[6]) for r in _rows(text, TOPIC)), text


@pytest.mark.interop("mqadmin update broker config", DIRECTION)
def test_update_broker_config_applies_live(traffic):
    assert f"update broker config success, {traffic['broker']}" in traffic["out"][5], traffic["out"][5]
    assert re.search(r"autoCreateTopicEnable\s*=\s*false", traffic["out"][6]), traffic["out"][6]
    # Live: a send to a topic the broker does not have is refused now.
    rc, out = harness.sdk_driver("produce", "--namesrv", traffic["ns"], "--topic", "CreatedAfterUpdate",
                                 "--count", 1, timeout=60)
    assert rc != 0, out


@pytest.mark.interop("mqadmin statistics", "Java client -> Apache cluster")
def test_stats_all_on_apache_cluster(apache_cluster, tmp_path):
    """The baseline: the same traffic gives the same statsAll row on Apache's broker."""
    ns, broker = apache_cluster["namesrv"], apache_cluster["broker"]
    topic, group = "StatsTopicApache", "g_stats_apache"
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic, "--count", SENT,
                                  "--prefix", "stats")
    assert rc == 0, out
    rc, out = harness.sdk_driver("consume", "--namesrv", ns, "--topic", topic, "--group", group,
                                 "--count", SENT, "--seconds", 40)
    assert rc == 0, out

    def sampled():
        header, body = harness.remoting_call(broker, VIEW_BROKER_STATS_DATA,
                                             {"statsName": "GROUP_GET_NUMS", "statsKey": f"{topic}@{group}"})
        return header.get("code") == 0 and json.loads(body)["statsMinute"]["sum"] == SENT

    harness.wait_until(sampled, 20, "Apache's first 10-second statistics sample")
    rc, out = harness.java_driver(tmp_path / "mqadmin", "mqadmin", "statsAll", "-n", ns, timeout=120)
    assert rc == 0, out
    row = [r for r in _rows(out, topic) if r[1] == group]
    assert row and float(row[0][3]) > 0 and float(row[0][4]) > 0, out
    assert int(row[0][5]) == SENT and int(row[0][6]) == SENT, out
