"""Our broker with Apache's Java client and Apache's nameserver."""
import re

import pytest

import harness

OURS = "Java client -> our cluster"


def _wait_route(tmp_path, namesrv, topic, broker_name, attempts=20):
    """Routes appear after the broker's registration; poll a bounded number of times."""
    out = ""
    for _ in range(attempts):
        rc, out = harness.java_driver(tmp_path, "route", "--namesrv", namesrv, "--topic", topic)
        if rc == 0 and broker_name in out:
            return harness.json_line(out)
    pytest.fail(f"route of {topic} never named {broker_name}: {out[-2000:]}")


@pytest.mark.interop("route lookup", OURS)
@pytest.mark.interop("cluster info", OURS)
def test_java_reads_routes_and_cluster_of_our_cluster(our_cluster, tmp_path):
    route = _wait_route(tmp_path, our_cluster["namesrv"], "TBW102", "broker-a")
    assert route["brokerDatas"][0]["brokerAddrs"]["0"] == our_cluster["broker"]
    rc, out = harness.java_driver(tmp_path, "cluster", "--namesrv", our_cluster["namesrv"])
    assert rc == 0, out
    assert our_cluster["broker"] in out


@pytest.mark.interop("send sync", OURS)
@pytest.mark.interop("push concurrently", OURS)
def test_java_round_trip_on_our_cluster(our_cluster, tmp_path):
    ns = our_cluster["namesrv"]
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", "JavaOnOurs",
                                  "--count", "6", "--prefix", "ours")
    assert rc == 0, out
    assert len(re.findall(r"sent status=SEND_OK", out)) == 6, out
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", "JavaOnOurs",
                                  "--group", "java_on_ours", "--count", "6", "--seconds", "40")
    assert rc == 0, out
    assert sorted(re.findall(r"received body=(\S+)", out)) == [f"ours-{i}" for i in range(6)]


@pytest.fixture(scope="module")
def our_broker_on_apache_namesrv(java_ready, tmp_path_factory):
    if harness.our_binary("reference-broker/broker/broker") is None:
        pytest.skip("our broker is not built yet")
    work = tmp_path_factory.mktemp("our-broker-apache-ns")
    ns = harness.start_apache_namesrv(work / "namesrv")
    try:
        broker = harness.start_our_broker(work / "broker", ns.addr)
        try:
            yield {"namesrv": ns.addr, "broker": broker.addr}
        finally:
            broker.stop()
    finally:
        ns.stop()


@pytest.mark.interop("broker registration", "our broker -> Apache namesrv")
@pytest.mark.interop("route lookup", "our broker -> Apache namesrv")
def test_our_broker_registers_with_apache_namesrv(our_broker_on_apache_namesrv, tmp_path):
    ns = our_broker_on_apache_namesrv["namesrv"]
    route = _wait_route(tmp_path, ns, "TBW102", "broker-a")
    assert route["brokerDatas"][0]["brokerAddrs"]["0"] == our_broker_on_apache_namesrv["broker"]
    rc, out = harness.java_driver(tmp_path, "cluster", "--namesrv", ns)
    assert rc == 0, out
    assert our_broker_on_apache_namesrv["broker"] in out


@pytest.mark.interop("send sync", "our broker -> Apache namesrv")
@pytest.mark.interop("push concurrently", "our broker -> Apache namesrv")
def test_java_round_trip_via_apache_namesrv_on_our_broker(our_broker_on_apache_namesrv, tmp_path):
    ns = our_broker_on_apache_namesrv["namesrv"]
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", "OursViaApacheNs",
                                  "--count", "3", "--prefix", "mixed")
    assert rc == 0, out
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", "OursViaApacheNs",
                                  "--group", "mixed_group", "--count", "3", "--seconds", "40")
    assert rc == 0, out
    assert sorted(re.findall(r"received body=(\S+)", out)) == [f"mixed-{i}" for i in range(3)]


def _java_received(tmp_path, ns, topic, count, listener="concurrently", command="consume"):
    args = [command, "--namesrv", ns, "--topic", topic, "--group", f"g_{topic}", "--count", count,
            "--seconds", 40]
    if command == "consume":
        args += ["--listener", listener]
    rc, out = harness.java_driver(tmp_path, *args)
    assert rc == 0, out
    return out, sorted(re.findall(r"received body=(\S+)", out))


@pytest.mark.parametrize("mode,feature", [
    ("async", "send async"),
    ("oneway", "send oneway"),
    ("batch", "send batch"),
])
def test_java_send_modes_on_our_cluster(our_cluster, tmp_path, mode, feature, request):
    request.node.add_marker(pytest.mark.interop(feature, OURS))
    ns, topic = our_cluster["namesrv"], f"JavaOnOurs_{mode}"
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", 5, "--mode", mode, "--prefix", mode)
    assert rc == 0, out
    _, bodies = _java_received(tmp_path, ns, topic, 5)
    assert bodies == [f"{mode}-{i}" for i in range(5)]


@pytest.mark.interop("send orderly", OURS)
@pytest.mark.interop("push orderly", OURS)
def test_java_orderly_on_our_cluster(our_cluster, tmp_path):
    ns, topic = our_cluster["namesrv"], "JavaOnOurs_orderly"
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", 8, "--mode", "orderly", "--key", "k1", "--prefix", "ord")
    assert rc == 0, out
    assert len(set(re.findall(r"queue=(\d+)", out))) == 1, out
    out, _ = _java_received(tmp_path, ns, topic, 8, listener="orderly")
    # An orderly listener sees one queue's messages in send order.
    assert re.findall(r"received body=(\S+)", out) == [f"ord-{i}" for i in range(8)]


@pytest.mark.interop("pull / lite pull", OURS)
def test_java_lite_pull_on_our_cluster(our_cluster, tmp_path):
    ns, topic = our_cluster["namesrv"], "JavaOnOurs_lite"
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", 5, "--prefix", "lite")
    assert rc == 0, out
    _, bodies = _java_received(tmp_path, ns, topic, 5, command="litepull")
    assert bodies == [f"lite-{i}" for i in range(5)]
