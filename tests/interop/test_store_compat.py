"""A store directory moves between implementations: what one broker wrote, the other serves
with the same message ids, queues and offsets."""
import re

import pytest

import harness

DIRECTIONS = {"apache-to-ours": "Java client -> our cluster", "ours-to-apache": "our broker -> Apache namesrv"}


def _produce(tmp_path, ns, topic, count):
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", count, "--prefix", topic)
    assert rc == 0, out
    return {m.group(4): (m.group(1), m.group(2), m.group(3))
            for m in re.finditer(r"sent status=SEND_OK msgId=(\S+) offsetMsgId=\S+ queue=(\d+) offset=(\d+) body=(\S+)", out)}


def _consume(tmp_path, ns, topic, count):
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", topic,
                                  "--group", f"g_{topic}", "--count", count, "--seconds", 40)
    assert rc == 0, out
    return {m.group(1): (m.group(2), m.group(3), m.group(4))
            for m in re.finditer(r"received body=(\S+) msgId=(\S+) queue=(\d+) offset=(\d+)", out)}


@pytest.mark.parametrize("direction", ["apache-to-ours", "ours-to-apache"])
def test_store_directory_moves_between_brokers(java_ready, our_namesrv, tmp_path, direction, request):
    if harness.our_binary("reference-broker/broker/broker") is None:
        pytest.skip("our broker is not built yet")
    request.node.add_marker(pytest.mark.interop("store directory", DIRECTIONS[direction]))
    store = tmp_path / "store"
    ns = our_namesrv.addr
    topic = "StoreCompat_" + direction.replace("-", "_")
    writer, reader = ((harness.start_apache_broker, harness.start_our_broker)
                      if direction == "apache-to-ours" else
                      (harness.start_our_broker, harness.start_apache_broker))

    first = writer(tmp_path / "writer", ns, store=store)
    try:
        sent = _produce(tmp_path / "p", ns, topic, 8)
    finally:
        first.stop()
    assert len(sent) == 8

    second = reader(tmp_path / "reader", ns, store=store)
    try:
        received = _consume(tmp_path / "c", ns, topic, 8)
    finally:
        second.stop()
    assert received == sent
