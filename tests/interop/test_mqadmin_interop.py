"""Apache's mqadmin tool reads cluster, topic and consumer state from each cluster: the topic
and group are those of test_java_client's "sync" job (4 messages sent, consumed to the end).
All six commands run in one JVM per cluster (Interop.java "mqadmin")."""
import re

import pytest

import harness
from conftest import CLUSTER_FIXTURES
from test_java_client import PREFIXES, job_lines, jobs_of

_outputs = {}

COMMANDS = ["clusterList", "topicList", "topicRoute", "topicStatus", "consumerProgress", "queryMsgById"]


def admin(request, direction, command):
    """The output of one mqadmin command against the direction's cluster."""
    if direction not in _outputs:
        text = job_lines(request, direction, "sync")
        _, cluster = jobs_of(request, direction)
        topic, group = f"{PREFIXES[direction]}_sync", f"cg_{PREFIXES[direction]}_sync"
        offset_id = re.search(r"offsetMsgId=(\S+)", text).group(1)
        ns = ["-n", cluster["namesrv"]]
        runs = [["clusterList", *ns], ["topicList", *ns], ["topicRoute", "-t", topic, *ns],
                ["topicStatus", "-t", topic, *ns], ["consumerProgress", "-g", group, *ns],
                ["queryMsgById", "-i", offset_id, *ns]]
        args = []
        for run in runs:
            args += (["+"] if args else []) + run
        rc, out = harness.java_driver(cluster["workdir"] / "mqadmin", "mqadmin", *args, timeout=120)
        parts = re.split(r"^=== mqadmin (\w+).*$", out, flags=re.M)
        _outputs[direction] = dict(zip(parts[1::2], parts[2::2]))
        _outputs[direction].update(_topic=topic, _group=group, _rc=rc, _all=out)
    assert _outputs[direction]["_rc"] == 0, _outputs[direction]["_all"][-3000:]
    assert command in _outputs[direction], _outputs[direction]["_all"][-3000:]
    out = _outputs[direction][command]
    assert "Exception" not in out, out
    return out, _outputs[direction]["_topic"], cluster_broker(request, direction)


def cluster_broker(request, direction):
    return jobs_of(request, direction)[1]["broker"]


@pytest.fixture(params=list(CLUSTER_FIXTURES))
def direction(request):
    request.node.add_marker(pytest.mark.interop("mqadmin reads", request.param))
    return request.param


def test_cluster_list(request, direction):
    out, _, broker = admin(request, direction, "clusterList")
    assert "broker-a" in out and broker in out, out


def test_topic_list_and_route(request, direction):
    out, topic, _ = admin(request, direction, "topicList")
    assert topic in out, out
    out, _, _ = admin(request, direction, "topicRoute")
    assert '"brokerName":"broker-a"' in out.replace(" ", ""), out


def test_topic_status(request, direction):
    out, _, _ = admin(request, direction, "topicStatus")
    # One row per queue: broker, queue id, min offset, max offset, last update time.
    rows = [l.split() for l in out.splitlines() if l.strip().startswith("broker-a")]
    assert rows, out
    assert sum(int(r[3]) for r in rows) == 4, out


def test_consumer_progress(request, direction):
    out, topic, _ = admin(request, direction, "consumerProgress")
    rows = [l.split() for l in out.splitlines() if l.strip().startswith(topic)]
    assert rows, out
    # Columns: topic, broker, queue, broker offset, consumer offset, ...; consumed to the end.
    # On failure the sync job's lines show its allocations, receipts and shutdown commits.
    why = f"{out}\nthe sync job:\n{job_lines(request, direction, 'sync')}"
    assert all(r[3] == r[4] for r in rows), why
    assert sum(int(r[3]) for r in rows) == 4, why


def test_query_msg_by_id(request, direction):
    out, topic, _ = admin(request, direction, "queryMsgById")
    assert topic in out and "sync-" in out, out
