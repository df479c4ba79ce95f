"""Our SDK's producer against Apache's namesrv and broker; Apache's Java consumer checks
that every message arrived intact, with the ids our SDK reported."""
import re

import pytest

import harness

DIRECTION = "our SDK -> Apache cluster"


def _received(tmp_path, ns, topic, count, seconds=40):
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", topic,
                                  "--group", f"g_{topic}", "--count", count, "--seconds", seconds)
    assert rc == 0, out
    return {m.group(1): m.group(2) for m in re.finditer(r"received body=(\S+) msgId=(\S+)", out)}


def _sent(out):
    return {m.group(2): m.group(1) for m in re.finditer(r"sent status=\S+ msgId=(\S+) .*body=(\S+)", out)}


@pytest.mark.parametrize("mode,feature", [
    ("sync", "send sync"),
    ("async", "send async"),
    ("batch", "send batch"),
])
def test_sdk_sends_are_consumed_by_java(apache_cluster, tmp_path, mode, feature, request):
    request.node.add_marker(pytest.mark.interop(feature, DIRECTION))
    ns, topic = apache_cluster["namesrv"], f"SdkOnApache_{mode}"
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic, "--count", 5,
                                 "--mode", mode, "--prefix", mode)
    assert rc == 0, out
    sent = _sent(out)
    assert sorted(sent) == [f"{mode}-{i}" for i in range(5)], out
    received = _received(tmp_path, ns, topic, 5)
    assert received == sent


@pytest.mark.interop("send oneway", DIRECTION)
def test_sdk_oneway_is_consumed_by_java(apache_cluster, tmp_path):
    ns = apache_cluster["namesrv"]
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", "SdkOnApache_oneway",
                                 "--count", 4, "--mode", "oneway", "--prefix", "oneway")
    assert rc == 0, out
    assert sorted(_received(tmp_path, ns, "SdkOnApache_oneway", 4)) == [f"oneway-{i}" for i in range(4)]


@pytest.mark.interop("send orderly", DIRECTION)
def test_sdk_orderly_keeps_one_queue_per_key(apache_cluster, tmp_path):
    ns = apache_cluster["namesrv"]
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", "SdkOnApache_orderly",
                                 "--count", 6, "--mode", "orderly", "--key", "order-42",
                                 "--prefix", "orderly")
    assert rc == 0, out
    queues = re.findall(r"queue=(\d+) offset=(\d+)", out)
    assert len({q for q, _ in queues}) == 1, out
    assert [int(o) for _, o in queues] == sorted(int(o) for _, o in queues), out
    assert len(_received(tmp_path, ns, "SdkOnApache_orderly", 6)) == 6


@pytest.mark.interop("delay level", DIRECTION)
def test_sdk_delay_level_is_honoured_by_apache(apache_cluster, tmp_path):
    ns = apache_cluster["namesrv"]
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", "SdkOnApache_delay",
                                 "--count", 2, "--delay", 2, "--prefix", "delayed")
    assert rc == 0, out
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", "SdkOnApache_delay",
                                  "--group", "g_SdkOnApache_delay", "--count", 2, "--seconds", 40)
    assert rc == 0, out
    rows = re.findall(r"received body=(\S+) .* born=(\d+) stored=(\d+)", out)
    assert sorted(b for b, _, _ in rows) == ["delayed-0", "delayed-1"], out
    # Level 2 is 3 s on the suite's delay table (harness.DELAY_LEVELS): Apache stores the
    # message into its topic again only when it is due.
    assert all(int(stored) - int(born) >= 2900 for _, born, stored in rows), out


@pytest.mark.interop("timer message", DIRECTION)
def test_sdk_timer_message_is_refused_by_apache_49(apache_cluster):
    # Apache 4.9.7 ignores TIMER_* properties and would deliver at once; the SDK learns the
    # broker's version (407, V4_9_7, on its heartbeat answer) and refuses to send.
    ns = apache_cluster["namesrv"]
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", "SdkOnApache_timer",
                                 "--count", 1, "--delay-ms", 2000, "--prefix", "timed")
    assert rc != 0, out
    assert "V4_9_7" in out and "ignores timer messages" in out, out
    assert "sent status=" not in out, out


def _java_sent(tmp_path, ns, topic, count, *extra):
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", count, "--prefix", topic, *extra)
    assert rc == 0, out
    return out, {m.group(2): m.group(1) for m in re.finditer(r"sent status=SEND_OK msgId=(\S+) .*body=(\S+)", out)}


@pytest.mark.interop("push concurrently", DIRECTION)
@pytest.mark.interop("route lookup", DIRECTION)
def test_sdk_push_consumer_on_apache(apache_cluster, tmp_path):
    ns, topic = apache_cluster["namesrv"], "SdkConsumesApache"
    _, sent = _java_sent(tmp_path, ns, topic, 6)
    rc, out = harness.sdk_driver("consume", "--namesrv", ns, "--topic", topic, "--group", "sdk_c_1",
                                 "--count", 6, "--seconds", 40)
    assert rc == 0, out
    received = {m.group(1): m.group(2) for m in re.finditer(r"received body=(\S+) msgId=(\S+)", out)}
    assert received == sent


@pytest.mark.interop("push orderly", DIRECTION)
def test_sdk_orderly_consumer_on_apache(apache_cluster, tmp_path):
    ns, topic = apache_cluster["namesrv"], "SdkOrderlyOnApache"
    _java_sent(tmp_path, ns, topic, 8, "--mode", "orderly", "--key", "k7")
    rc, out = harness.sdk_driver("consume", "--namesrv", ns, "--topic", topic, "--group", "sdk_c_2",
                                 "--count", 8, "--seconds", 40, "--listener", "orderly")
    assert rc == 0, out
    # One queue, taken under Apache's broker lock, delivered in send order.
    assert re.findall(r"received body=(\S+)", out) == [f"{topic}-{i}" for i in range(8)]


@pytest.mark.interop("pull / lite pull", DIRECTION)
def test_sdk_lite_pull_consumer_on_apache(apache_cluster, tmp_path):
    ns, topic = apache_cluster["namesrv"], "SdkLitePullsApache"
    _, sent = _java_sent(tmp_path, ns, topic, 6)
    rc, out = harness.sdk_driver("litepull", "--namesrv", ns, "--topic", topic, "--group", "sdk_lite_1",
                                 "--count", 6, "--seconds", 40)
    assert rc == 0, out
    received = {m.group(1): m.group(2) for m in re.finditer(r"received body=(\S+) msgId=(\S+)", out)}
    assert received == sent


def _sdk_failing_consumer_reaches_apache_dlq(apache_cluster, tmp_path, topic, group, listener, send_mode):
    """Our push consumer with a listener that fails every time (maxReconsumeTimes 2) against
    Apache's broker; returns what Java sent, our deliveries and Apache's Java DLQ reader's
    output once both messages are in %DLQ%group."""
    ns = apache_cluster["namesrv"]
    _, sent = _java_sent(tmp_path, ns, topic, 2, "--mode", send_mode, "--key", "k1")
    failing = harness.sdk_driver_background(tmp_path / "sdk", "sdk-failing", "consume", "--namesrv", ns,
                                            "--topic", topic, "--group", group, "--count", 2,
                                            "--listener", listener, "--fail", "true",
                                            "--max-reconsume", 2, "--until", "stdin", "--seconds", 90)
    try:
        failing.wait_until(lambda t: len(set(re.findall(r"delivery body=(\S+) .*reconsume=2", t))) == 2,
                           60, "the last redelivery of both messages")
        rc, dlq = harness.java_driver(tmp_path / "java", "consume", "--namesrv", ns, "--topic",
                                      f"%DLQ%{group}", "--group", f"dlq_{group}", "--count", 2,
                                      "--seconds", 40)
    finally:
        failing_rc, out = failing.finish(30)
    assert rc == 0, dlq
    assert failing_rc == 0, out
    deliveries = {}
    for body, msg_id, times in re.findall(r"delivery body=(\S+) msgId=(\S+) reconsume=(\d+)", out):
        assert msg_id == sent[body], out
        deliveries.setdefault(body, set()).add(int(times))
    assert deliveries == {b: {0, 1, 2} for b in sent}, out
    return sent, re.findall(r"received body=(\S+) msgId=(\S+) .*reconsume=(\d+) .*retryTopic=(\S+)", dlq), dlq


@pytest.mark.interop("retry to DLQ", DIRECTION)
def test_sdk_retries_reach_apache_dlq(apache_cluster, tmp_path):
    """Concurrent listener: Apache's broker redelivers (CONSUMER_SEND_MSG_BACK) with reconsume 1
    and 2, then moves each message to %DLQ%group with reconsume 3 and its original topic."""
    topic = "SdkRetriesOnApache"
    sent, rows, dlq = _sdk_failing_consumer_reaches_apache_dlq(apache_cluster, tmp_path, topic, "sdk_retry_1",
                                                               "concurrently", "sync")
    assert sorted(rows) == sorted((b, i, "3", topic) for b, i in sent.items()), dlq


@pytest.mark.interop("retry to DLQ", DIRECTION)
def test_sdk_orderly_retries_reach_apache_dlq(apache_cluster, tmp_path):
    """Orderly listener that keeps suspending: our SDK redelivers locally with reconsume 0, 1, 2,
    then gives up. Unlike Java's orderly service (a SEND_MESSAGE to %RETRY%group with
    RECONSUME_TIME 2, which Apache 4.9.7 diverts at >= max and 5.x only at > max), it asks for
    the DLQ directly (CONSUMER_SEND_MSG_BACK, delay level -1): Apache stores the dead letter
    with the stored message's reconsume count + 1, i.e. 1, where Java's would read 2."""
    topic = "SdkOrderlyRetriesOnApache"
    sent, rows, dlq = _sdk_failing_consumer_reaches_apache_dlq(apache_cluster, tmp_path, topic, "sdk_retry_2",
                                                               "orderly", "orderly")
    assert sorted(rows) == sorted((b, i, "1", topic) for b, i in sent.items()), dlq


@pytest.mark.interop("transaction check-back", DIRECTION)
def test_sdk_transactions_on_apache(apache_cluster, tmp_path):
    """Our TransactionProducer against Apache's broker: the committed message is delivered, the
    rolled-back one never, and the unknown one after Apache's check-back, which our checker
    answers with commit."""
    ns, topic = apache_cluster["namesrv"], "SdkTxnOnApache"
    producer = harness.sdk_driver_background(tmp_path / "sdk", "sdk-txn", "txn", "--namesrv", ns,
                                             "--topic", topic, "--group", "sdk_txn_group",
                                             "--prefix", "sdktxn", "--seconds", 90)
    try:
        producer.wait_until(lambda t: t.count("txn status=") == 3, 40, "three transactional sends")
        rc, out = harness.java_driver(tmp_path / "java", "consume", "--namesrv", ns, "--topic", topic,
                                      "--group", "g_SdkTxnOnApache", "--count", 2, "--seconds", 40)
    finally:
        producer_rc, sent = producer.finish(30)
    assert producer_rc == 0, sent
    states = {what: state for state, what in
              re.findall(r"txn status=SEND_OK state=(\w+) msgId=\S+ body=sdktxn-(\w+)", sent)}
    assert states == {"commit": "COMMIT_MESSAGE", "rollback": "ROLLBACK_MESSAGE",
                      "unknown": "UNKNOW"}, sent
    assert rc == 0, out
    ids = {m.group(2): m.group(1) for m in re.finditer(r"txn status=\S+ state=\S+ msgId=(\S+) body=(\S+)", sent)}
    received = {m.group(1): m.group(2) for m in re.finditer(r"received body=(\S+) msgId=(\S+)", out)}
    assert received == {b: ids[b] for b in ("sdktxn-commit", "sdktxn-unknown")}, out
    assert "checked body=sdktxn-unknown" in sent, sent
    assert "checked body=sdktxn-commit" not in sent and "checked body=sdktxn-rollback" not in sent


@pytest.mark.interop("message properties", DIRECTION)
def test_sdk_messages_carry_javas_properties(apache_cluster, tmp_path):
    """A message our SDK sends is stored by Apache's broker with the properties of the same
    message sent by Apache's Java client (tag, key, unique id; nothing extra)."""
    ns, topic = apache_cluster["namesrv"], "SdkPropsOnApache"
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic, "--count", 2, "--prefix", "sdk")
    assert rc == 0, out
    _java_sent(tmp_path, ns, topic, 2)
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", topic,
                                  "--group", "g_SdkPropsOnApache", "--count", 4, "--seconds", 40)
    assert rc == 0, out
    props = {body: set(p.split(",")) for body, p in re.findall(r"received body=(\S+) .*props=(\S*)", out)}
    assert len(props) == 4, out
    java = props[f"{topic}-0"]
    for body, names in props.items():
        assert names == java, f"{body}: {sorted(names)}, Java's message: {sorted(java)}"


@pytest.mark.interop("message properties", DIRECTION)
def test_sdk_consumer_sees_the_properties_java_sees(apache_cluster, tmp_path):
    """A message our push consumer receives from Apache's broker has the properties Java's
    push consumer sees on it: those stored plus the ones the client adds (MIN_OFFSET and
    MAX_OFFSET from the pull's answer, CONSUME_START_TIME)."""
    ns, topic = apache_cluster["namesrv"], "SdkConsumerProps"
    _java_sent(tmp_path, ns, topic, 2)
    rc, java_out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", topic,
                                       "--group", "g_SdkConsumerProps_java", "--count", 2, "--seconds", 40)
    assert rc == 0, java_out
    rc, sdk_out = harness.sdk_driver("consume", "--namesrv", ns, "--topic", topic,
                                     "--group", "g_SdkConsumerProps_sdk", "--count", 2, "--seconds", 40)
    assert rc == 0, sdk_out
    java = dict(re.findall(r"received body=(\S+) .*props=(\S*)", java_out))
    sdk = dict(re.findall(r"received body=(\S+) .*props=(\S*)", sdk_out))
    assert len(java) == 2 and java.keys() == sdk.keys(), (java_out, sdk_out)
    for body in java:
        assert set(sdk[body].split(",")) == set(java[body].split(",")), (body, sdk[body], java[body])
