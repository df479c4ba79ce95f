"""A store directory moves between implementations: what one broker wrote, the other serves
with the same message ids, queues and offsets."""
import re

import pytest

import harness

# (writer, reader, whose nameserver, the matrix cells proved). Apache to Apache is the
# baseline: the suite's store geometry is one Apache's broker itself reopens.
CASES = {
    "apache-to-ours": ("apache", "ours", "ours", ["Java client -> our cluster", "Apache broker -> our namesrv"]),
    "ours-to-apache": ("ours", "apache", "apache", ["our broker -> Apache namesrv"]),
    "apache-to-apache": ("apache", "apache", "apache", ["Java client -> Apache cluster"]),
}
STARTERS = {"apache": harness.start_apache_broker, "ours": harness.start_our_broker}


@pytest.fixture(scope="module")
def apache_namesrv(java_ready, tmp_path_factory):
    ns = harness.start_apache_namesrv(tmp_path_factory.mktemp("store-apache-ns"))
    yield ns
    ns.stop()


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


@pytest.mark.parametrize("direction", list(CASES))
def test_store_directory_moves_between_brokers(java_ready, tmp_path, direction, request):
    writer_kind, reader_kind, namesrv_kind, cells = CASES[direction]
    for cell in cells:
        request.node.add_marker(pytest.mark.interop("store directory", cell))
    if "ours" in (writer_kind, reader_kind) and harness.our_binary("reference-broker/broker/broker") is None:
        pytest.skip("our broker is not built yet")
    store = tmp_path / "store"
    ns = request.getfixturevalue("our_namesrv" if namesrv_kind == "ours" else "apache_namesrv").addr
    topic = "StoreCompat_" + direction.replace("-", "_")
    writer, reader = STARTERS[writer_kind], STARTERS[reader_kind]

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
