"""SQL92 filtering across implementations: Java's MessageSelector.bySql consumer against our
broker (and, as the reference, Apache's), and our SDK's SQL92 consumer against Apache's broker.
Our SDK's consumer with a bad selector fails to start against Apache's broker (CHECK_CLIENT_CONFIG).
Both brokers run with enablePropertyFilter=true (Apache's default is false). The selector
tables of our unit tests are checked against Apache's own parser and evaluator."""
import json
import re
from pathlib import Path

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


@pytest.mark.interop("SQL92 filter", "our SDK -> Apache cluster")
def test_sdk_consumer_with_bad_selector_fails_to_start_on_apache(apache_sql_cluster, tmp_path):
    """Apache's broker answers a heartbeat with a bad selector SUCCESS; our SDK's
    CHECK_CLIENT_CONFIG at start is what refuses it, with Apache's own parser message."""
    ns, topic = apache_sql_cluster["namesrv"], "Sql92SdkBad"
    _produce(tmp_path, ns, topic)
    rc, out = harness.sdk_driver("consume", "--namesrv", ns, "--topic", topic, "--group",
                                 f"g_{topic}", "--sql", "n >", "--count", 1, "--seconds", 5,
                                 timeout=60)
    assert rc != 0, out
    assert 'SQL92 expression "n >"' in out, out[-3000:]
    assert "23 SUBSCRIPTION_PARSE_FAILED" in out, out[-3000:]
    # Apache's remark: the JavaCC parser's message.
    assert "Encountered" in out or "encountered" in out, out[-3000:]


def _cpp_string(literal):
    """The text of a C++ string literal of the unit tests (only JSON-compatible escapes)."""
    return json.loads(literal)


def _unit_test_table():
    """The selector tables of tests/unit/filter: evaluator_test.cc's {selector, properties,
    expected} cases and parser_test.cc's compiled / refused lists."""
    unit = Path(__file__).resolve().parent.parent / "unit" / "filter"
    evaluator = (unit / "evaluator_test.cc").read_text()
    named = {"kAnd": "a=3 and b<>4 And c>5 AND d<=4", "kOr": "a=3 or b<>4 Or c>5 OR d<=4"}
    cases = []
    for m in re.finditer(r'\{(kAnd|kOr|"(?:[^"\\]|\\.)*"),\s*(\{\}|Props\{\{.*?\}\}|\{\{.*?\}\})\s*,'
                         r'\s*([TFNE])\}', evaluator, re.S):
        selector = named.get(m.group(1)) or _cpp_string(m.group(1))
        props = {_cpp_string(f'"{k}"'): _cpp_string(f'"{v}"') for k, v in
                 re.findall(r'\{"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"\}', m.group(2))}
        cases.append({"sel": selector, "props": props, "exp": m.group(3)})
    parser = (unit / "parser_test.cc").read_text()

    def listed(test):
        start = parser.index(test)
        end = parser.index("}) {", start)
        return [_cpp_string(s) for s in re.findall(r'^\s*("(?:[^"\\]|\\.)*"),\s*$', parser[start:end], re.M)]

    return {"cases": cases, "ok": listed("CompilesApacheGrammar"),
            "bad": listed("RefusesWhatApacheRefuses")}


# Refused by our parser, accepted by Apache's, which stops at the end of a complete selector
# and ignores what follows ("a = 012" is "a = 0" then "12"): the one deliberate difference.
TRAILING_TEXT = {"a = 012", "a = 0L", "a = 1)", "a = 1 b = 2", "a-b = 1"}


def test_unit_test_tables_are_apaches_results(java_ready, tmp_path):
    table = _unit_test_table()
    assert len(table["cases"]) > 100 and table["ok"] and table["bad"]
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(table))
    rc, out = harness.java_driver(tmp_path, "sqlcheck", "--cases", cases)
    assert rc == 0, out
    counts = harness.json_line(out)
    assert counts["cases"] == len(table["cases"]), out
    assert counts["mismatches"] == 0 and counts["refused"] == 0, out
    accepted = set(re.findall(r"^accepted selector=\[(.*)\]$", out, re.M))
    assert accepted == TRAILING_TEXT, out
