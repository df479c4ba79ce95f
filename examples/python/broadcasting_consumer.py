"""MessageModel.BROADCASTING: every consumer of the group gets every message."""

import tempfile
import threading

import rocketmq
from example_args import example_args

with example_args(__doc__) as args:
    done = threading.Semaphore(0)
    # Broadcasting consumers keep their offsets in local files (default ~/.rocketmq_offsets).
    offsets = tempfile.mkdtemp(prefix="broadcast-offsets-")
    consumers = []
    for name in ("first", "second"):
        def listener(message, name=name):
            print(name, "got", message.body)
            done.release()

        consumer = rocketmq.PushConsumer("example_broadcast", namesrv_addr=args.namesrv, listener=listener,
                                         instance_name=name, message_model=rocketmq.MessageModel.BROADCASTING,
                                         offset_store_dir=f"{offsets}/{name}",
                                         consume_from=rocketmq.ConsumeFrom.FIRST_OFFSET)
        consumer.subscribe(args.topic)
        consumers.append(consumer)
    with rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
        producer.send(args.topic, b"warm-up")
        for consumer in consumers:
            consumer.start()
        for i in range(args.count):
            producer.send(args.topic, b"to everyone %d" % i)
        for _ in range(2 * args.count):
            done.acquire(timeout=30)
    for consumer in consumers:
        consumer.shutdown()
