"""SQL92 filtering across implementations: Java's MessageSelector.bySql consumer against our
broker (and, as the reference, Apache's), and our SDK's SQL92 consumer against Apache's broker.
Both brokers run with enablePropertyFilter=true (Apache's default is false)."""
import re

import pytest

import harness

SELECTOR = "n >= 5 AND n < 8"
EXPECTED = {5, 6, 7}


@pytest.fixture(scope="module")
def apache_sql_cluster(java_ready, tmp_path_factory):
    work = tmp_path_factory.mktemp("apache-sql")
    ns = harness.start_apache_namesrv(work / "namesrv")
    try:
        broker = harness.start_apache_broker(work / "broker", ns.addr,
                                             extra={"enablePropertyFilter": "true"})
        try:
            yield {"namesrv": ns.addr, "workdir": work}
        finally:
            broker.stop()
    finally:
        ns.stop()


@pytest.fixture(scope="module")
def our_sql_cluster(tmp_path_factory):
    if harness.our_binary("reference-broker/broker/broker") is None:
        pytest.skip("our broker is not built yet")
    work = tmp_path_factory.mktemp("our-sql")
    ns = harness.start_our_namesrv(work / "namesrv")
    try:
        broker = harness.start_our_broker(work / "broker", ns.addr,
                                          extra_args=["--enablePropertyFilter=true"])
        try:
            yield {"namesrv": ns.addr, "workdir": work}
        finally:
            broker.stop()
    finally:
        ns.stop()


def _produce(tmp_path, ns, topic):
    """Ten messages "<topic>-<i>" with user property n = i, sent by Apache's Java client."""
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", 10, "--prefix", topic, "--number-property", "n")
    assert rc == 0, out


def _received(out, topic):
    return {int(m.group(1)) for m in re.finditer(rf"received body={re.escape(topic)}-(\d+) ", out)}


@pytest.mark.parametrize("side,direction", [
    ("ours", "Java client -> our cluster"),
    ("apache", "Java client -> Apache cluster"),
])
def test_java_bysql_consumer_gets_only_matching_messages(side, direction, request, tmp_path):
    request.node.add_marker(pytest.mark.interop("SQL92 filter", direction))
    cluster = request.getfixturevalue("our_sql_cluster" if side == "ours" else "apache_sql_cluster")
    ns, topic = cluster["namesrv"], f"Sql92Java_{side}"
    _produce(tmp_path, ns, topic)
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", topic,
                                  "--group", f"g_{topic}", "--sql", SELECTOR,
                                  "--count", len(EXPECTED), "--seconds", 60, timeout=120)
    assert rc == 0, out
    assert _received(out, topic) == EXPECTED, out


@pytest.mark.parametrize("side", ["ours", "apache"])
def test_java_consumer_with_bad_selector_fails_to_start(side, request, tmp_path):
    cluster = request.getfixturevalue("our_sql_cluster" if side == "ours" else "apache_sql_cluster")
    ns, topic = cluster["namesrv"], f"Sql92Bad_{side}"
    _produce(tmp_path, ns, topic)
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", topic,
                                  "--group", f"g_{topic}", "--sql", "n >", "--seconds", 10)
    assert rc != 0, out
    # CHECK_CLIENT_CONFIG's SUBSCRIPTION_PARSE_FAILED, raised by DefaultMQPushConsumer.start().
    assert "CODE: 23" in out, out[-3000:]
    if side == "ours":
        assert "Invalid MessageSelector" in out, out[-3000:]


@pytest.mark.interop("SQL92 filter", "our SDK -> Apache cluster")
def test_sdk_sql92_consumer_on_apache_gets_only_matching_messages(apache_sql_cluster, tmp_path):
    ns, topic = apache_sql_cluster["namesrv"], "Sql92Sdk"
    _produce(tmp_path, ns, topic)
    rc, out = harness.sdk_driver("consume", "--namesrv", ns, "--topic", topic, "--group",
                                 f"g_{topic}", "--sql", SELECTOR, "--count", len(EXPECTED),
                                 "--seconds", 60, timeout=120)
    assert rc == 0, out
    assert _received(out, topic) == EXPECTED, out
