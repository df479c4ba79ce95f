"""Request-reply across implementations (Java's DefaultMQProducer.request and
MessageUtil.createReplyMessage, our Producer::Request and CreateReplyMessage): Java's requester
against our broker with a Java replier and with our SDK's replier, the same on Apache's broker
as the reference, and our SDK's requester against Apache's broker with a Java replier. The
replier answers "reply:<body>"; the requester prints what came back."""
import re

import pytest

import harness

COUNT = 5
# The properties of a reply as the requester gets it, the same from both brokers: what the
# responder set, the broker's PUSH_REPLY_TIME and the requester's ARRIVE_TIME (Apache's broker
# adds neither CLUSTER nor MSG_REGION/TRACE_ON to a pushed reply).
REPLY_KEYS = "ARRIVE_TIME,CORRELATION_ID,MSG_TYPE,PUSH_REPLY_TIME,REPLY_TO_CLIENT,TTL,UNIQ_KEY"


def _replies(out):
    return re.findall(r"^reply body=(\S+) correlation=(\S+) topic=(\S+) type=(\S+) keys=(\S+)$",
                      out, re.M)


def _check(out, prefix):
    replies = _replies(out)
    assert [r[0] for r in replies] == [f"reply:{prefix}-{i}" for i in range(COUNT)], out
    assert len({r[1] for r in replies}) == COUNT, out  # one correlation id per request
    assert all(len(r[1]) == 36 for r in replies), out
    assert all(r[2] == "DefaultCluster_REPLY_TOPIC" and r[3] == "reply" for r in replies), out
    assert all(r[4] == REPLY_KEYS for r in replies), out


def _run(tmp_path, cluster, topic, replier_side, requester_side):
    ns = cluster["namesrv"]
    if replier_side == "java":
        replier = harness.java_driver_background(tmp_path, "replier", "replier", "--namesrv", ns,
                                                 "--topic", topic, "--group", f"g_{topic}")
    else:
        replier = harness.sdk_driver_background(tmp_path, "replier", "replier", "--namesrv", ns,
                                                "--topic", topic, "--group", f"g_{topic}")
    try:
        replier.wait_for(r"replier started", 60)
        args = ("request", "--namesrv", ns, "--topic", topic, "--count", COUNT, "--prefix", topic,
                "--first-timeout-ms", 40000, "--timeout-ms", 10000)
        if requester_side == "java":
            rc, out = harness.java_driver(tmp_path, *args, timeout=120)
        else:
            rc, out = harness.sdk_driver(*args, timeout=120)
        if rc == 0:
            # The requester can hold a reply before the replier has the broker's answer to
            # sending it, and the replier's consume threads answer out of order (the first
            # reply also looks up the reply topic's route): stopping the replier before every
            # send returned would interrupt one. Wait for a line per request, not the last one.
            replier.wait_until(lambda so_far: so_far.count("replied body=") +
                               so_far.count("reply failed") >= COUNT, 30, "a line per reply sent")
    finally:
        rc_replier, replier_out = replier.finish(30)
    assert rc == 0, out + "\n--- replier:\n" + replier_out[-3000:]
    _check(out, topic)
    assert replier_out.count("replied body=") >= COUNT, replier_out[-3000:]
    assert "reply failed" not in replier_out, replier_out[-3000:]


@pytest.mark.interop("request-reply", "Java client -> our cluster")
def test_java_request_on_our_broker_with_java_replier(our_cluster, tmp_path):
    _run(tmp_path, our_cluster, "ReqReplyJavaJava", "java", "java")


def test_java_request_on_our_broker_with_sdk_replier(our_cluster, java_ready, tmp_path):
    _run(tmp_path, our_cluster, "ReqReplyJavaSdk", "sdk", "java")


@pytest.mark.interop("request-reply", "Java client -> Apache cluster")
def test_java_request_on_apache_broker_with_java_replier(apache_cluster, tmp_path):
    _run(tmp_path, apache_cluster, "ReqReplyApacheJava", "java", "java")


@pytest.mark.interop("request-reply", "our SDK -> Apache cluster")
def test_sdk_request_on_apache_broker_with_java_replier(apache_cluster, tmp_path):
    _run(tmp_path, apache_cluster, "ReqReplySdkJava", "java", "sdk")
