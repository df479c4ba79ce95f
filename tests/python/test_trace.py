"""Message traces through the Pythonic API: enable_msg_trace on a Producer and a PushConsumer
records Pub, SubBefore and SubAfter records in Apache's format to the trace topic (the
session cluster runs with traceTopicEnable); customized_trace_topic names another one."""

import time

import pytest

import rocketmq
from helpers import Collector, subscribe


def trace_records(namesrv, trace_topic, group, want, timeout=20.0):
    """The records (lists of fields) read from `trace_topic` until `want(records)` holds."""
    records = []
    deadline = time.monotonic() + timeout
    with rocketmq.LitePullConsumer(group, namesrv_addr=namesrv, consume_from="FIRST_OFFSET") as reader:
        subscribe(reader, trace_topic)
        while not want(records) and time.monotonic() < deadline:
            for message in reader.poll(0.5):
                for record in message.body.split(b"\x02"):
                    if record:
                        records.append(record.decode().split("\x01"))
    return records


def test_producer_and_push_consumer_traces(namesrv, topic):
    with rocketmq.Producer("g_traced_py", namesrv_addr=namesrv, enable_msg_trace=True) as producer:
        sent = [producer.send(topic, b"traced-%d" % i, tags="TagT", keys=["k%d" % i]) for i in range(3)]
    ids = {r.message_id for r in sent}

    collector = Collector()
    consumer = rocketmq.PushConsumer("g_traced_py_consumer", namesrv_addr=namesrv,
                                     consume_from="FIRST_OFFSET", enable_msg_trace=True,
                                     listener=collector)
    consumer.subscribe(topic)
    with consumer:
        assert collector.wait_count(3)

    def complete(records):
        pub = {r[5] for r in records if r[0] == "Pub" and len(r) == 14}
        after = {r[2] for r in records if r[0] == "SubAfter" and len(r) == 9}
        return ids <= pub and ids <= after

    records = trace_records(namesrv, "RMQ_SYS_TRACE_TOPIC", "g_trace_reader_py", complete)
    assert complete(records), records
    pub = [r for r in records if r[0] == "Pub" and r[5] in ids]
    assert {r[3] for r in pub} == {"g_traced_py"}
    assert {r[4] for r in pub} == {topic}
    assert {r[6] for r in pub} == {"TagT"}
    assert all(r[13] == "true" for r in pub)
    after = [r for r in records if r[0] == "SubAfter" and r[2] in ids]
    assert {r[8] for r in after} == {"g_traced_py_consumer"}


def test_customized_trace_topic(namesrv, topic):
    trace_topic = "T_custom_trace_py"
    with rocketmq.Producer("g_custom_trace", namesrv_addr=namesrv) as plain:
        plain.send(trace_topic, b"creates the trace topic")
    with rocketmq.Producer("g_traced_custom", namesrv_addr=namesrv, enable_msg_trace=True,
                           customized_trace_topic=trace_topic) as producer:
        sent = producer.send(topic, b"to the custom trace topic")
    records = trace_records(
        namesrv, trace_topic, "g_custom_trace_reader",
        lambda rs: any(r[0] == "Pub" and r[5] == sent.message_id for r in rs))
    assert any(r[0] == "Pub" and r[5] == sent.message_id for r in records), records


def test_trace_options_are_type_checked(namesrv):
    with pytest.raises(TypeError, match="enable_msg_trace"):
        rocketmq.Producer("g", namesrv_addr=namesrv, enable_msg_trace="yes")
    with pytest.raises(TypeError, match="customized_trace_topic"):
        rocketmq.PushConsumer("g", namesrv_addr=namesrv, customized_trace_topic=1)
