"""Apache's mqadmin tool reads cluster, topic and consumer state from our namesrv + broker."""
import re

import pytest

import harness

pytestmark = pytest.mark.interop("mqadmin reads", "Java client -> our cluster")

TOPIC = "AdminTopic"
GROUP = "admin_group"


@pytest.fixture(scope="module")
def populated(our_cluster, tmp_path_factory):
    work = tmp_path_factory.mktemp("mqadmin")
    ns = our_cluster["namesrv"]
    rc, out = harness.java_driver(work, "produce", "--namesrv", ns, "--topic", TOPIC, "--count", 4,
                                  "--prefix", "adm")
    assert rc == 0, out
    sent = re.findall(r"offsetMsgId=(\S+)", out)
    rc, out = harness.java_driver(work, "consume", "--namesrv", ns, "--topic", TOPIC, "--group", GROUP,
                                  "--count", 4, "--seconds", 40)
    assert rc == 0, out
    return {"ns": ns, "broker": our_cluster["broker"], "work": work, "offset_ids": sent}


def _admin(populated, *args):
    rc, out = harness.mqadmin(populated["work"], *args, "-n", populated["ns"])
    assert "Exception" not in out, out
    return out


def test_cluster_list(populated):
    out = _admin(populated, "clusterList")
    assert "broker-a" in out and populated["broker"] in out


def test_topic_list_and_route(populated):
    assert TOPIC in _admin(populated, "topicList")
    out = _admin(populated, "topicRoute", "-t", TOPIC)
    assert '"brokerName":"broker-a"' in out.replace(" ", "")


def test_topic_status(populated):
    out = _admin(populated, "topicStatus", "-t", TOPIC)
    # One row per queue: broker, queue id, min offset, max offset, last update time.
    rows = [l.split() for l in out.splitlines() if l.strip().startswith("broker-a")]
    assert rows, out
    assert sum(int(r[3]) for r in rows) == 4, out


def test_consumer_progress(populated):
    out = _admin(populated, "consumerProgress", "-g", GROUP)
    rows = [l.split() for l in out.splitlines() if l.strip().startswith(TOPIC)]
    assert rows, out
    # Columns: topic, broker, queue, broker offset, consumer offset, ...; consumed to the end.
    assert all(r[3] == r[4] for r in rows), out


def test_query_msg_by_id(populated):
    out = _admin(populated, "queryMsgById", "-i", populated["offset_ids"][0])
    assert TOPIC in out and "adm-" in out, out
