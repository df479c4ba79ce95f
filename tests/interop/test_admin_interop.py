"""Our rmq-admin (`--json`) against Apache's cluster (the matrix cell) and ours, checked against
Apache's own mqadmin for the same cluster: the same brokers, topics, per-queue offsets, consumer
offsets and lag, broker status, and the same message (and body) found by key and by id; a topic
created and deleted by rmq-admin is seen so by mqadmin. The topic is created by rmq-admin, filled by Apache's Java
producer (8 messages, keys "adm-<i>"), consumed to the end by a Java consumer, then 3 more are
sent, so the group lags by 3. mqadmin's commands run in one JVM (Interop.java "mqadmin")."""
import json
import re
from pathlib import Path

import pytest

import harness

TOPIC, GROUP = "AdminInterop", "cg_admin_interop"


def ours(ns, *args):
    """rmq-admin's JSON answer to one command; the command must succeed."""
    rc, out, err = harness.rmq_admin(*args, "-n", ns)
    assert rc == 0, f"rmq-admin {args}: exit {rc}\n{err}"
    return json.loads(out)


def mqadmin_runs(workdir, ns, runs):
    """Apache's mqadmin output per command name, all runs in one JVM."""
    args = []
    for run in runs:
        args += (["+"] if args else []) + [*map(str, run), "-n", ns]
    rc, out = harness.java_driver(workdir, "mqadmin", *args, timeout=120)
    assert rc == 0, out[-3000:]
    # Not anchored at a line start: some commands (queryMsgById) end without a newline.
    parts = re.split(r"=== mqadmin (\w+).*$", out, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def rows(text, first):
    """The whitespace-split rows of an mqadmin table whose first column is `first`."""
    return [line.split() for line in text.splitlines() if line.split()[:1] == [first]]


@pytest.fixture(scope="module", params=["apache_cluster", "our_cluster"])
def cluster_scene(request, tmp_path_factory):
    cluster = request.getfixturevalue(request.param)
    ns, broker = cluster["namesrv"], cluster["broker"]
    work = tmp_path_factory.mktemp("admin-interop")
    created = ours(ns, "updateTopic", "-b", broker, "-t", TOPIC, "-r", 4, "-w", 4)
    assert created["brokers"] == [broker], created
    rc, out = harness.java_driver(work / "produce", "produce", "--namesrv", ns, "--topic", TOPIC,
                                  "--count", 8, "--prefix", "adm")
    assert rc == 0 and out.count("sent status=SEND_OK") == 8, out[-3000:]
    offset_id = re.search(r"offsetMsgId=(\S+) .* body=adm-3$", out, flags=re.M).group(1)
    rc, out = harness.java_driver(work / "consume", "consume", "--namesrv", ns, "--topic", TOPIC,
                                  "--group", GROUP, "--count", 8, "--seconds", 30)
    assert rc == 0 and out.count("received body=adm-") == 8, out[-3000:]
    rc, out = harness.java_driver(work / "produce", "produce", "--namesrv", ns, "--topic", TOPIC,
                                  "--count", 3, "--prefix", "late")
    assert rc == 0 and out.count("sent status=SEND_OK") == 3, out[-3000:]
    # The broker's per-minute counts move in 10-second samples: wait until they show the sends
    # and the consumption, so that mqadmin's statsAll and rmq-admin's, read moments apart within
    # that minute, both see them (test_stats_all).
    harness.wait_until(lambda: [s for s in ours(ns, "statsAll", "-t", TOPIC)["stats"]
                                if s["inMsg24Hour"] > 0 and s["outMsg24Hour"] > 0], 40,
                       "statsAll counting the sends and the consumption")
    apache_tool = mqadmin_runs(work / "mqadmin", ns, [
        ["clusterList"], ["topicList"], ["topicRoute", "-t", TOPIC], ["topicStatus", "-t", TOPIC],
        ["consumerProgress", "-g", GROUP], ["brokerStatus", "-b", broker],
        ["queryMsgByKey", "-t", TOPIC, "-k", "adm-3"], ["queryMsgById", "-i", offset_id],
        ["statsAll", "-t", TOPIC]])
    for command, text in apache_tool.items():
        assert "Exception" not in text, f"mqadmin {command}:\n{text}"
    return {"ns": ns, "broker": broker, "work": work, "offset_id": offset_id,
            "mqadmin": apache_tool, "ours": cluster["ours"]}


@pytest.fixture
def scene(request, cluster_scene):
    """The scene on each cluster; only Apache's proves the matrix cell (rmq-admin on ours is
    checked against mqadmin too, the cell has no column for it)."""
    if not cluster_scene["ours"]:
        request.node.add_marker(pytest.mark.interop("cluster info", "our SDK -> Apache cluster"))
    return cluster_scene


def test_cluster_list(scene):
    got = ours(scene["ns"], "clusterList")
    mine = {(c["cluster"], b["brokerName"], str(b["brokerId"]), b["addr"], b["version"])
            for c in got["clusters"] for b in c["brokers"]}
    theirs = {tuple(r[:5]) for r in rows(scene["mqadmin"]["clusterList"], "DefaultCluster")}
    assert mine == theirs, (got, scene["mqadmin"]["clusterList"])
    assert {m[:4] for m in mine} == {("DefaultCluster", "broker-a", "0", scene["broker"])}, \
        (got, scene["mqadmin"]["clusterList"])


def test_topic_list(scene):
    mine = set(ours(scene["ns"], "topicList")["topicList"])
    theirs = {line.strip() for line in scene["mqadmin"]["topicList"].splitlines() if line.strip()}
    assert TOPIC in mine and mine == theirs, (mine, theirs)


def test_topic_route(scene):
    got = ours(scene["ns"], "topicRoute", "-t", TOPIC)
    text = scene["mqadmin"]["topicRoute"].replace(" ", "")
    assert [b["brokerAddrs"] for b in got["brokerDatas"]] == [{"0": scene["broker"]}], got
    assert f'0:"{scene["broker"]}"' in text or f'"0":"{scene["broker"]}"' in text, text
    (queues,) = got["queueDatas"]
    assert (queues["brokerName"], queues["readQueueNums"], queues["writeQueueNums"], queues["perm"]) \
        == ("broker-a", 4, 4, 6), got
    for field, value in [("brokerName", '"broker-a"'), ("readQueueNums", 4), ("writeQueueNums", 4),
                         ("perm", 6)]:
        assert f'"{field}":{value}' in text, text


def test_topic_status(scene):
    got = ours(scene["ns"], "topicStatus", "-t", TOPIC)["queues"]
    mine = sorted((q["brokerName"], q["queueId"], q["minOffset"], q["maxOffset"]) for q in got)
    theirs = sorted((r[0], int(r[1]), int(r[2]), int(r[3]))
                    for r in rows(scene["mqadmin"]["topicStatus"], "broker-a"))
    assert mine == theirs and sum(q[3] for q in mine) == 11, (got, scene["mqadmin"]["topicStatus"])


def test_consumer_progress(scene):
    got = ours(scene["ns"], "consumerProgress", "-g", GROUP)
    mine = sorted((q["topic"], q["brokerName"], q["queueId"], q["brokerOffset"], q["consumerOffset"],
                   q["diff"]) for q in got["queues"] if q["topic"] == TOPIC)
    text = scene["mqadmin"]["consumerProgress"]
    theirs = sorted((r[0], r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in rows(text, TOPIC))
    assert mine == theirs and len(mine) == 4, (got, text)
    total = int(re.search(r"^Diff Total: (\d+)", text, flags=re.M).group(1))
    # At least the 3 late messages: Java's consumer commits its last offsets with oneway
    # requests at shutdown, which its exiting JVM may not have delivered.
    assert sum(q[5] for q in mine) == total >= 3, (got, text)


def test_broker_status(scene):
    got = ours(scene["ns"], "brokerStatus", "-b", scene["broker"])[scene["broker"]]
    theirs = dict(re.findall(r"^(\S+)\s*: (.*)$", scene["mqadmin"]["brokerStatus"], flags=re.M))
    assert set(got) == set(theirs), (sorted(got), sorted(theirs))
    for key in ("brokerVersionDesc", "bootTimestamp", "commitLogMinOffset", "msgPutTotalTodayNow"):
        assert got[key] == theirs[key].strip(), (key, got, theirs)


def test_stats_all(scene):
    got = ours(scene["ns"], "statsAll", "-t", TOPIC)["stats"]
    text = scene["mqadmin"]["statsAll"]
    theirs = {(r[0], r[1]): r for r in rows(text, TOPIC)}
    assert {(s["topic"], s["group"]) for s in got} == set(theirs) == {(TOPIC, GROUP)}, (got, text)
    (mine,) = got
    row = theirs[(TOPIC, GROUP)]
    assert mine["accumulation"] == int(row[2]), (got, text)
    # Both read the same VIEW_BROKER_STATS_DATA within the minute its counts cover (the scene
    # waited for them to show): messages in and out.
    for key, column in (("inMsg24Hour", 5), ("outMsg24Hour", 6)):
        assert mine[key] > 0 and int(row[column]) > 0, (key, got, text)


def test_query_message_by_key_and_id(scene):
    (found,) = ours(scene["ns"], "queryMsgByKey", "-t", TOPIC, "-k", "adm-3")["messages"]
    assert (found["topic"], found["keys"], found["body"]) == (TOPIC, ["adm-3"], "adm-3"), found
    assert [(found["queueId"], found["queueOffset"])] == \
        [(int(r[1]), int(r[2])) for r in rows(scene["mqadmin"]["queryMsgByKey"], found["msgId"])], \
        (found, scene["mqadmin"]["queryMsgByKey"])
    (by_id,) = ours(scene["ns"], "queryMsgById", "-i", scene["offset_id"])["messages"]
    text = scene["mqadmin"]["queryMsgById"]
    theirs = dict(re.findall(r"^(Topic|Keys|Queue ID|Queue Offset|CommitLog Offset|Message Body Path):"
                             r"\s+(\S+)", text, flags=re.M))
    assert (by_id["topic"], f"[{', '.join(by_id['keys'])}]", str(by_id["queueId"]),
            str(by_id["queueOffset"]), str(by_id["commitLogOffset"])) == \
        (theirs["Topic"], theirs["Keys"], theirs["Queue ID"], theirs["Queue Offset"],
         theirs["CommitLog Offset"]), (by_id, text)
    assert f"UNIQ_KEY={by_id['msgId']}" in text and by_id["msgId"] == found["msgId"], (by_id, text)
    # mqadmin writes the body to a file named by the message's UNIQ_KEY.
    body_file = Path(theirs["Message Body Path"])
    assert by_id["body"] == body_file.read_text() == "adm-3", by_id
    body_file.unlink()
    # rmq-admin's extension: with -t, the producer's message id (UNIQ_KEY) finds the same message.
    (by_key,) = ours(scene["ns"], "queryMsgById", "-t", TOPIC, "-i", by_id["msgId"])["messages"]
    assert (by_key["offsetMsgId"], by_key["body"]) == (scene["offset_id"], "adm-3"), by_key


def test_update_and_delete_topic_seen_by_mqadmin(scene):
    ns, broker, topic = scene["ns"], scene["broker"], "AdminInteropCreated"
    ours(ns, "updateTopic", "-b", broker, "-t", topic, "-r", 2, "-w", 3, "-p", 6)
    route = mqadmin_runs(scene["work"] / "mqadmin-created", ns, [["topicRoute", "-t", topic]])["topicRoute"]
    text = route.replace(" ", "")
    assert '"readQueueNums":2' in text and '"writeQueueNums":3' in text, route
    ours(ns, "deleteTopic", "-c", "DefaultCluster", "-t", topic)
    listed = mqadmin_runs(scene["work"] / "mqadmin-deleted", ns, [["topicList"]])["topicList"]
    assert TOPIC in listed.split() and topic not in listed.split(), listed
    assert not harness.broker_has_topic(broker, topic)
