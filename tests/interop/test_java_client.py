"""Apache's Java client against each of the four clusters (Apache's own, ours, and the two
mixed ones): every send mode, both push listeners, lite pull, delay levels, retries to the DLQ
and cluster info. One JVM per cluster runs every scenario concurrently (Interop.java "jobs");
each test checks its scenario's lines."""
import json
import re
from collections import defaultdict

import pytest

import harness
from conftest import CLUSTER_FIXTURES, cluster_for

PREFIXES = {
    "Java client -> Apache cluster": "JApache",
    "Java client -> our cluster": "JOurs",
    "Apache broker -> our namesrv": "JApacheBrokerOurNs",
    "our broker -> Apache namesrv": "JOurBrokerApacheNs",
}
JOBS = ["sync", "async", "oneway", "batch", "orderly", "litepull", "retry", "orderlyretry", "cluster",
        "delay", "txn"]
# Level 2 of harness.DELAY_LEVELS.
DELAY_MS = 3000

_runs = {}


def delay_supported(cluster):
    return not cluster["ours"] or harness.our_broker_has("messageDelayLevel")


def jobs_of(request, direction):
    """Runs every job against the direction's cluster once per session; returns
    {job: [lines without the "[job] " prefix]} and the cluster."""
    cluster = cluster_for(request, direction)
    if direction not in _runs:
        work = cluster["workdir"] / "java-jobs"
        jobs = [j for j in JOBS if j != "delay" or delay_supported(cluster)]
        try:
            _, out = harness.java_driver(work, "jobs", "--namesrv", cluster["namesrv"],
                                         "--prefix", PREFIXES[direction], "--run", ",".join(jobs),
                                         "--seconds", 40, timeout=150)
        except AssertionError as e:
            # A hung run fails every job of the cluster once, instead of each test waiting again.
            out = "\n".join(f"[{j}] job=FAIL the jobs JVM: {e}" for j in jobs)
        (work / "jobs.log").write_text(out)
        lines = defaultdict(list)
        for line in out.splitlines():
            m = re.match(r"\[(\w+)\] (.*)", line)
            if m:
                lines[m.group(1)].append(m.group(2))
        _runs[direction] = (lines, out)
    return _runs[direction][0], cluster


def job_lines(request, direction, job):
    lines, _ = jobs_of(request, direction)
    text = "\n".join(lines[job])
    assert any(l.startswith("job=pass") for l in lines[job]), f"job {job} on {direction}:\n{text[-4000:]}"
    return text


def sent(text):
    return {m.group(2): m.group(1) for m in re.finditer(r"sent status=\S+ msgId=(\S+) .*body=(\S+)", text)}


def received(text):
    return {m.group(1): m.group(2) for m in re.finditer(r"received body=(\S+) msgId=(\S+)", text)}


DIRECTIONS = list(CLUSTER_FIXTURES)


def _mark(request, feature, direction):
    request.node.add_marker(pytest.mark.interop(feature, direction))


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("job,feature", [
    ("sync", "send sync"), ("async", "send async"), ("batch", "send batch"),
])
def test_sends_arrive_with_their_ids(request, direction, job, feature):
    _mark(request, feature, direction)
    _mark(request, "push concurrently", direction)
    text = job_lines(request, direction, job)
    assert sorted(sent(text)) == [f"{job}-{i}" for i in range(4)], text
    assert received(text) == sent(text), text


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_oneway(request, direction):
    _mark(request, "send oneway", direction)
    text = job_lines(request, direction, "oneway")
    assert sorted(received(text)) == [f"oneway-{i}" for i in range(4)], text


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_orderly(request, direction):
    _mark(request, "send orderly", direction)
    _mark(request, "push orderly", direction)
    text = job_lines(request, direction, "orderly")
    assert len(set(re.findall(r"sent .*queue=(\d+)", text))) == 1, text
    # An orderly listener sees one queue's messages in send order.
    assert re.findall(r"received body=(\S+)", text) == [f"orderly-{i}" for i in range(8)], text


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_lite_pull(request, direction):
    _mark(request, "pull / lite pull", direction)
    text = job_lines(request, direction, "litepull")
    assert received(text) == sent(text) and len(sent(text)) == 4, text


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_delay_level(request, direction):
    _mark(request, "delay level", direction)
    if not delay_supported(cluster_for(request, direction)):
        pytest.skip("our broker does not schedule delayed messages yet (no messageDelayLevel)")
    text = job_lines(request, direction, "delay")
    rows = re.findall(r"received body=(\S+) .* born=(\d+) stored=(\d+)", text)
    assert sorted(b for b, _, _ in rows) == ["delay-0", "delay-1"], text
    # The broker stores a delayed message again when it is due (Apache's ScheduleMessageService
    # puts a new message into the real topic): its store time is at least the delay after birth.
    for body, born, stored in rows:
        assert int(stored) - int(born) >= DELAY_MS - 100, f"{body} stored too early:\n{text}"


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_retry_to_dlq(request, direction):
    """RECONSUME_LATER with maxReconsumeTimes 2: delivered with reconsume 0, 1 and 2 (through
    %RETRY%group and the delay levels), then moved to %DLQ%group with reconsume 3, its id and
    its original topic kept, as Apache's SendMessageProcessor does."""
    _mark(request, "retry to DLQ", direction)
    text = job_lines(request, direction, "retry")
    ids = sent(text)
    assert sorted(ids) == ["retry-0", "retry-1"], text
    deliveries = defaultdict(set)
    for body, msg_id, times in re.findall(r"delivery body=(\S+) msgId=(\S+) reconsume=(\d+)", text):
        assert msg_id == ids[body], f"redelivery of {body} changed its id:\n{text}"
        deliveries[body].add(int(times))
    assert dict(deliveries) == {b: {0, 1, 2} for b in ids}, text
    topic = f"{PREFIXES[direction]}_retry"
    dlq = re.findall(r"received body=(\S+) msgId=(\S+) .*reconsume=(\d+) .*retryTopic=(\S+)", text)
    assert sorted(dlq) == sorted((b, ids[b], "3", topic) for b in ids), text


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_orderly_retry_to_dlq(request, direction):
    """An orderly listener that keeps suspending (maxReconsumeTimes 2): Java redelivers locally
    with reconsume 0, 1, 2, then gives up by sending the message to %RETRY%group itself with
    RECONSUME_TIME = MAX_RECONSUME_TIMES = 2; Apache 4.9.7's SendMessageProcessor moves a
    %RETRY% send to the DLQ when reconsumeTimes >= maxReconsumeTimes (dev: >)."""
    _mark(request, "retry to DLQ", direction)
    lines, _ = jobs_of(request, direction)
    text = "\n".join(lines["orderlyretry"])
    ids = sent(text)
    assert sorted(ids) == ["orderlyretry-0", "orderlyretry-1"], text
    dlq = re.findall(r"received body=(\S+) msgId=(\S+) .*reconsume=(\d+) .*retryTopic=(\S+)", text)
    again = re.findall(r"delivery body=(\S+) .*reconsume=2", text)
    assert dlq, (f"nothing reached the DLQ; the give-up re-send came back {len(again)} times with "
                 f"reconsume 2 instead:\n{text[-3000:]}")
    topic = f"{PREFIXES[direction]}_orderlyretry"
    assert sorted(dlq) == sorted((b, ids[b], "2", topic) for b in ids), text
    assert any(l.startswith("job=pass") for l in lines["orderlyretry"]), text


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_dlq_origin_message_id(request, direction):
    """Apache 4.9.7's CONSUMER_SEND_MSG_BACK sets ORIGIN_MESSAGE_ID, when the message has none
    yet, to the id of the message it looked up by commit log offset: the original's offset
    message id (SendMessageProcessor.asyncConsumerSendMsgBack ignores the request header's
    originMsgId). A DLQ reader finds the original with it through VIEW_MESSAGE_BY_ID."""
    _mark(request, "retry to DLQ", direction)
    text = job_lines(request, direction, "retry")
    offset_ids = {m.group(2): m.group(1) for m in
                  re.finditer(r"sent status=SEND_OK msgId=\S+ offsetMsgId=(\S+) .*body=(\S+)", text)}
    origins = dict(re.findall(r"received body=(\S+) .*origin=(\S+)", text))
    assert origins == offset_ids, text


def properties_by_job(request, direction):
    """{job: the property names of the messages the job consumed}, as Java saw them."""
    lines, _ = jobs_of(request, direction)
    return {job: {frozenset(p.split(",")) for p in re.findall(r"received body=.* props=(\S*)", "\n".join(rows))}
            for job, rows in lines.items()}


@pytest.mark.parametrize("direction", DIRECTIONS[1:])
def test_message_properties_as_on_apache(request, direction):
    """Every scenario's consumed messages carry the properties they carry on Apache's cluster
    (the same Java client sent and read them): what the broker adds, keeps or drops when it
    stores a message, a retry, a dead letter, a delayed or a committed transactional one."""
    _mark(request, "message properties", direction)
    reference = properties_by_job(request, DIRECTIONS[0])
    ours = properties_by_job(request, direction)
    differences = {}
    # A job that consumed nothing on one side fails in its own test; there is nothing to compare.
    for job in sorted(j for j in set(reference) & set(ours) if reference[j] and ours[j]):
        if reference[job] != ours[job]:
            expected = set().union(*reference[job]) if reference[job] else set()
            actual = set().union(*ours[job]) if ours[job] else set()
            differences[job] = {"missing": sorted(expected - actual), "extra": sorted(actual - expected)}
    assert not differences, f"properties differing from Apache's cluster: {differences}"


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_cluster_info(request, direction):
    """Also proves the broker's registration: the nameserver lists it at its address."""
    _mark(request, "cluster info", direction)
    _mark(request, "broker registration", direction)
    text = job_lines(request, direction, "cluster")
    info = json.loads(re.search(r"JSON (.*)", text).group(1))
    broker = cluster_for(request, direction)["broker"]
    assert info["clusterAddrTable"]["DefaultCluster"] == ["broker-a"], text
    assert info["brokerAddrTable"]["broker-a"]["brokerAddrs"]["0"] == broker, text


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_transactions(request, direction):
    """TransactionMQProducer: the committed message is delivered, the rolled-back one never,
    the unknown one after the broker's check-back (the listener answers COMMIT)."""
    _mark(request, "transaction check-back", direction)
    text = job_lines(request, direction, "txn")
    states = {what: state for state, what in
              re.findall(r"txn status=SEND_OK state=(\w+) msgId=\S+ body=txn-(\w+)", text)}
    assert states == {"commit": "COMMIT_MESSAGE", "rollback": "ROLLBACK_MESSAGE",
                      "unknown": "UNKNOW"}, text
    ids = {m.group(2): m.group(1) for m in re.finditer(r"txn status=\S+ state=\S+ msgId=(\S+) body=(\S+)", text)}
    assert received(text) == {b: ids[b] for b in ("txn-commit", "txn-unknown")}, text
    checked = re.findall(r"checked body=(\S+)", text)
    assert checked and set(checked) == {"txn-unknown"}, text
