"""One consumer group, two members: Apache's Java push consumer and ours. They must compute the
same rebalance (Java's AllocateMessageQueueAveragely and our "AVG"), so that every queue has
exactly one owner: every message is consumed, and none by both.

Java reports each allocation it computes ("allocated topic=... cids=... queues=...") and, apart,
the queues it consumes ("holds topic=... queues=..."): it stops consuming a queue it gave up only
some time after the allocation (over 100 ms under load). Our SDK logs each queue it takes or
releases (a released queue is consumed no more). Messages are sent only once both sides hold complementary
halves, so every one of them has a single rightful consumer."""
import re

import pytest

import harness
from conftest import cluster_for

# The cluster of each case is that of its first direction.
CASES = {
    "apache": ("Java client -> Apache cluster", "our SDK -> Apache cluster"),
    "ours": ("Java client -> our cluster",),
    "apache_broker_our_ns": ("Apache broker -> our namesrv",),
    "our_broker_apache_ns": ("our broker -> Apache namesrv",),
}
FEATURE = "mixed consumer group"
COUNT = 40


def java_allocation(text, topic):
    """Java's latest allocation for `topic`: (its client id, all client ids, its queues)."""
    rows = re.findall(rf"allocated topic={re.escape(topic)} cid=(\S+) cids=(\S+) queues=(\S*)", text)
    if not rows:
        return None
    cid, cids, queues = rows[-1]
    return cid, cids.split(","), {q.split(":")[1] for q in queues.split(",") if q}


def java_holdings(text, topic):
    """The queues of `topic` Java consumes, from its latest "holds" line (None before any)."""
    rows = re.findall(rf"holds topic={re.escape(topic)} queues=(\S*)", text)
    return {q.split(":")[1] for q in rows[-1].split(",") if q} if rows else None


def sdk_holdings(text, topic):
    """The queues of `topic` our SDK holds, from its took/released log lines, in order."""
    held = set()
    for verb, queue in re.findall(r"consumer group \S+ (took|released) MessageQueue \[topic="
                                  + re.escape(topic) + r", brokerName=\S+, queueId=(\d+)\]", text):
        if verb == "took":
            held.add(queue)
        else:
            held.discard(queue)
    return held


def averagely(queue_ids, cids, cid):
    """Java's AllocateMessageQueueAveragely, for the expected split."""
    queues, index = sorted(queue_ids, key=int), sorted(cids).index(cid)
    n, mod = len(queues), len(queues) % len(cids)
    size = (1 if n <= len(cids) else (n // len(cids) + 1 if mod > 0 and index < mod else n // len(cids)))
    start = index * size if mod > 0 and index < mod else index * size + mod
    return set(queues[start:start + min(size, n - start)]) if start < n else set()


def received(text):
    return {m.group(1): (m.group(2), m.group(3))
            for m in re.finditer(r"received body=(\S+) msgId=(\S+) queue=(\d+)", text)}


@pytest.mark.parametrize("case", list(CASES))
def test_java_and_cpp_consumers_share_a_group(request, case, tmp_path):
    for direction in CASES[case]:
        request.node.add_marker(pytest.mark.interop(FEATURE, direction))
    cluster = cluster_for(request, CASES[case][0])
    ns, topic, group = cluster["namesrv"], f"Mixed_{case}", f"mixed_{case}"
    # Creates the topic (4 queues); its tag keeps it away from the group's listeners.
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic, "--tag", "Warm",
                                 "--prefix", "warm")
    assert rc == 0, out
    consume = ["consume", "--namesrv", ns, "--topic", topic, "--group", group, "--expression",
               "TagA", "--count", 0, "--until", "stdin", "--seconds", 90]
    java = harness.java_driver_background(tmp_path / "java", "java-consumer", *consume)
    cpp = None
    try:
        java.wait_until(lambda t: len(java_holdings(t, topic) or ()) == 4, 40,
                        "the Java consumer taking all 4 queues alone")
        cpp = harness.sdk_driver_background(tmp_path / "cpp", "sdk-consumer", *consume,
                                            "--rebalance-ms", 1000)

        def split_settled(_):
            java_out = java.output()
            alloc, java_held = java_allocation(java_out, topic), java_holdings(java_out, topic)
            held = sdk_holdings(cpp.output(), topic)
            return (alloc and len(alloc[1]) == 2 and len(alloc[2]) == 2 and java_held == alloc[2]
                    and len(held) == 2 and not java_held & held)

        java.wait_until(split_settled, 40, "a 2 + 2 split of the queues between Java and our SDK")
        rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic,
                                     "--count", COUNT, "--prefix", "mixed")
        assert rc == 0, out
        bodies = {f"mixed-{i}" for i in range(COUNT)}
        java.wait_until(lambda _: bodies <= set(received(java.output())) | set(received(cpp.output())),
                        40, f"all {COUNT} messages consumed by the two members")
        # What each side held and consumed while both ran: once one stops, the other takes
        # its queues over (and may see again what the first had not committed yet).
        java_out, cpp_out = java.output(), cpp.output()
    finally:
        java_rc, java_log = java.finish(30)
        cpp_rc, cpp_log = cpp.finish(30) if cpp else (None, "")
    assert java_rc == 0, java_log[-3000:]
    assert cpp_rc == 0, cpp_log[-3000:]

    java_cid, cids, java_queues = java_allocation(java_out, topic)
    assert java_holdings(java_out, topic) == java_queues, "Java consumes other queues than it allocated"
    cpp_queues = sdk_holdings(cpp_out, topic)
    cpp_cid = next(c for c in cids if c != java_cid)
    everything = java_queues | cpp_queues
    assert everything == {"0", "1", "2", "3"}, (java_queues, cpp_queues)
    assert java_queues == averagely(everything, cids, java_cid)
    assert cpp_queues == averagely(everything, cids, cpp_cid), "our SDK's split differs from Java's"

    by_java, by_cpp = received(java_out), received(cpp_out)
    assert set(by_java) | set(by_cpp) == bodies
    assert not set(by_java) & set(by_cpp), f"consumed by both: {set(by_java) & set(by_cpp)}"
    assert not {i for i, _ in by_java.values()} & {i for i, _ in by_cpp.values()}
    assert {q for _, q in by_java.values()} <= java_queues
    assert {q for _, q in by_cpp.values()} <= cpp_queues
    assert by_java and by_cpp, "one member consumed nothing"
