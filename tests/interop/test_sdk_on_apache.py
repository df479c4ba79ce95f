"""Our SDK's producer against Apache's namesrv and broker; Apache's Java consumer checks
that every message arrived intact, with the ids our SDK reported."""
import re
import time

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
    sent_at = time.monotonic()
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", "SdkOnApache_delay",
                                 "--count", 2, "--delay", 2, "--prefix", "delayed")
    assert rc == 0, out
    assert sorted(_received(tmp_path, ns, "SdkOnApache_delay", 2)) == ["delayed-0", "delayed-1"]
    # Level 2 is 5 s on Apache's default table: the consumer cannot have had them sooner.
    assert time.monotonic() - sent_at >= 5


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
