"""Message traces across implementations, both brokers with traceTopicEnable=true: our SDK's
traces (a tracing producer, push consumer and lite pull consumer) decoded by Apache's own
TraceDataEncoder, on our broker and on Apache's (transactional producers' EndTransaction records
too), and Java's enableMsgTrace producer against our broker (and Apache's, the reference)."""
import re

import pytest

import harness

COUNT = 3


@pytest.fixture(scope="module")
def apache_trace_cluster(java_ready, tmp_path_factory):
    work = tmp_path_factory.mktemp("apache-trace")
    ns = harness.start_apache_namesrv(work / "namesrv")
    try:
        broker = harness.start_apache_broker(work / "broker", ns.addr,
                                             extra={"traceTopicEnable": "true"})
        try:
            yield {"namesrv": ns.addr}
        finally:
            broker.stop()
    finally:
        ns.stop()


@pytest.fixture(scope="module")
def our_trace_cluster(tmp_path_factory):
    if harness.our_binary("reference-broker/broker/broker") is None:
        pytest.skip("our broker is not built yet")
    work = tmp_path_factory.mktemp("our-trace")
    ns = harness.start_our_namesrv(work / "namesrv")
    try:
        broker = harness.start_our_broker(work / "broker", ns.addr,
                                          extra_args=["--traceTopicEnable=true"])
        try:
            yield {"namesrv": ns.addr}
        finally:
            broker.stop()
    finally:
        ns.stop()


def _sent_ids(out):
    return set(re.findall(r"^sent status=SEND_OK msgId=(\S+) ", out, re.M))


def _beans(out):
    """(type, msgId, group, topic, success, code) of every decoded trace bean."""
    return re.findall(r"^trace type=(\S+) msgId=(\S+) group=(\S+) topic=(\S*) success=(\S+) code=(\S+) ",
                      out, re.M)


def _sdk_traces_decode(tmp_path, ns, topic):
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic, "--count", COUNT,
                                 "--prefix", topic, "--trace", "true", "--group", f"pg_{topic}")
    assert rc == 0, out
    ids = _sent_ids(out)
    assert len(ids) == COUNT, out
    rc, out = harness.sdk_driver("consume", "--namesrv", ns, "--topic", topic, "--group",
                                 f"cg_{topic}", "--count", COUNT, "--seconds", 60,
                                 "--trace", "true", timeout=120)
    assert rc == 0, out
    rc, out = harness.java_driver(tmp_path, "tracedecode", "--namesrv", ns, "--count", COUNT,
                                  "--types", "Pub,SubBefore,SubAfter", "--seconds", 60,
                                  "--msg-ids", ",".join(sorted(ids)),
                                  "--group", f"tr_{topic}", timeout=120)
    assert rc == 0, out
    beans = [b for b in _beans(out) if b[1] in ids]
    pub = {b[1] for b in beans if b[0] == "Pub" and b[2] == f"pg_{topic}" and b[3] == topic
           and b[4] == "true"}
    assert pub == ids, out
    # Apache's decoder reads the consumer group of a SubAfter from its last field.
    after = {b[1] for b in beans if b[0] == "SubAfter" and b[2] == f"cg_{topic}"
             and b[4] == "true" and b[5] == "0"}
    assert after == ids, out
    assert {b[1] for b in beans if b[0] == "SubBefore" and b[2] == f"cg_{topic}"} == ids, out


@pytest.mark.interop("message trace", "our SDK -> Apache cluster")
def test_sdk_lite_pull_traces_decode_with_apaches_encoder(apache_trace_cluster, tmp_path):
    """Our lite pull consumer traces each pulled message as Java 4.9.7's does: SubBefore and
    a successful SubAfter (context code 0) per message, readable by Apache's decoder."""
    ns, topic = apache_trace_cluster["namesrv"], "TraceSdkLitePull"
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic, "--count", COUNT,
                                 "--prefix", topic, "--group", f"pg_{topic}")
    assert rc == 0, out
    ids = _sent_ids(out)
    assert len(ids) == COUNT, out
    rc, out = harness.sdk_driver("litepull", "--namesrv", ns, "--topic", topic, "--group",
                                 f"cg_{topic}", "--count", COUNT, "--seconds", 60,
                                 "--trace", "true", timeout=120)
    assert rc == 0, out
    rc, out = harness.java_driver(tmp_path, "tracedecode", "--namesrv", ns, "--count", COUNT,
                                  "--types", "SubBefore,SubAfter", "--seconds", 60,
                                  "--msg-ids", ",".join(sorted(ids)),
                                  "--group", f"tr_{topic}", timeout=120)
    assert rc == 0, out
    beans = [b for b in _beans(out) if b[1] in ids]
    assert {b[1] for b in beans if b[0] == "SubBefore" and b[2] == f"cg_{topic}"} == ids, out
    assert {b[1] for b in beans if b[0] == "SubAfter" and b[2] == f"cg_{topic}"
            and b[4] == "true" and b[5] == "0"} == ids, out


@pytest.mark.interop("message trace", "our SDK -> Apache cluster")
def test_sdk_traces_on_apache_broker_decode_with_apaches_encoder(apache_trace_cluster, tmp_path):
    _sdk_traces_decode(tmp_path, apache_trace_cluster["namesrv"], "TraceSdkApache")


def test_sdk_traces_on_our_broker_decode_with_apaches_encoder(our_trace_cluster, java_ready,
                                                              tmp_path):
    _sdk_traces_decode(tmp_path, our_trace_cluster["namesrv"], "TraceSdkOurs")


@pytest.mark.parametrize("side,direction", [
    ("ours", "Java client -> our cluster"),
    ("apache", "Java client -> Apache cluster"),
])
def test_java_traces(side, direction, request, java_ready, tmp_path):
    request.node.add_marker(pytest.mark.interop("message trace", direction))
    cluster = request.getfixturevalue("our_trace_cluster" if side == "ours" else "apache_trace_cluster")
    ns, topic = cluster["namesrv"], f"TraceJava_{side}"
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", COUNT, "--prefix", topic, "--trace", "true",
                                  "--group", f"pg_{topic}")
    assert rc == 0, out
    ids = _sent_ids(out)
    assert len(ids) == COUNT, out
    rc, out = harness.java_driver(tmp_path, "tracedecode", "--namesrv", ns, "--count", COUNT,
                                  "--types", "Pub", "--seconds", 60, "--msg-ids", ",".join(sorted(ids)),
                                  "--group", f"tr_{topic}", timeout=120)
    assert rc == 0, out
    assert {b[1] for b in _beans(out) if b[0] == "Pub" and b[3] == topic} == ids, out


@pytest.mark.parametrize("side", ["ours", "apache"])
def test_sdk_transaction_traces_decode_with_apaches_encoder(side, request, java_ready, tmp_path):
    cluster = request.getfixturevalue("our_trace_cluster" if side == "ours" else "apache_trace_cluster")
    ns, topic = cluster["namesrv"], f"TraceTxn_{side}"
    rc, out = harness.sdk_driver("txn", "--namesrv", ns, "--topic", topic, "--group", f"pg_{topic}",
                                 "--prefix", topic, "--trace", "true", "--until", "none",
                                 "--seconds", 1, timeout=60)
    assert rc == 0, out
    ids = dict(re.findall(r"^txn status=SEND_OK state=\S+ msgId=(\S+) body=(\S+)$", out, re.M))
    assert len(ids) == 3, out
    rc, out = harness.java_driver(tmp_path, "tracedecode", "--namesrv", ns, "--count", 3,
                                  "--types", "EndTransaction", "--seconds", 60,
                                  "--msg-ids", ",".join(sorted(ids)),
                                  "--group", f"tr_{topic}", timeout=120)
    assert rc == 0, out
    states = {ids[m.group(1)]: m.group(2) for m in re.finditer(
        r"^trace type=EndTransaction msgId=(\S+) group=\S+ topic=\S+ .* state=(\S+) check=false ",
        out, re.M) if m.group(1) in ids}
    assert states == {f"{topic}-commit": "COMMIT_MESSAGE", f"{topic}-rollback": "ROLLBACK_MESSAGE",
                      f"{topic}-unknown": "UNKNOW"}, out
