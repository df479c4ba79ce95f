"""Message traces (Java's enableMsgTrace): a traced producer and push consumer record each
send and each consumption in Apache's trace format, here to a topic of the example's own
(customized_trace_topic; RMQ_SYS_TRACE_TOPIC by default, which the broker creates with
traceTopicEnable=true). The records are then read back and printed."""

import threading
import time

import rocketmq
from example_args import example_args

with example_args(__doc__, topic="ExampleTracedTopic") as args:
    trace_topic = args.topic + "Trace"
    options = dict(namesrv_addr=args.namesrv, enable_msg_trace=True, customized_trace_topic=trace_topic)
    with rocketmq.Producer("example_untraced", namesrv_addr=args.namesrv) as plain:
        plain.send(trace_topic, b"creates the trace topic")
    with rocketmq.Producer("example_traced_producer", **options) as producer:
        ids = {producer.send(args.topic, b"traced %d" % i, tags="TagT").message_id for i in range(args.count)}

    consumed = set()
    done = threading.Event()

    def listener(message):
        consumed.add(message.msg_id)
        if ids <= consumed:
            done.set()

    consumer = rocketmq.PushConsumer("example_traced_consumer", consume_from="FIRST_OFFSET",
                                     listener=listener, **options)
    consumer.subscribe(args.topic)
    with consumer:  # shutdown sends the traces still queued
        done.wait(30)

    seen = set()
    deadline = time.monotonic() + 30
    reader = rocketmq.LitePullConsumer("example_trace_reader", namesrv_addr=args.namesrv,
                                       consume_from="FIRST_OFFSET")
    reader.subscribe(trace_topic)
    with reader:
        while len(seen) < 2 * len(ids) and time.monotonic() < deadline:
            for message in reader.poll(0.5):
                for record in message.body.split(b"\x02"):
                    fields = record.decode().split("\x01")
                    msg_id = {"Pub": 5, "SubAfter": 2}.get(fields[0])
                    if msg_id is not None and fields[msg_id] in ids:
                        seen.add((fields[0], fields[msg_id]))
                        print(fields[0], fields[msg_id], "group", fields[3 if fields[0] == "Pub" else 8])
    if len(seen) < 2 * len(ids):
        raise SystemExit(f"only {len(seen)} of {2 * len(ids)} trace records arrived")
