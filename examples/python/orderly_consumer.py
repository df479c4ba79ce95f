"""An orderly listener: one call at a time per queue, in queue order."""

import threading

import rocketmq
from example_args import example_args

with example_args(__doc__) as args:
    received = threading.Semaphore(0)
    with rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
        for i in range(args.count):
            producer.send(args.topic, b"step %d" % i, sharding_key="order-1")
    consumer = rocketmq.PushConsumer("example_orderly", namesrv_addr=args.namesrv,
                                     consume_from=rocketmq.ConsumeFrom.FIRST_OFFSET)

    @consumer.listener(orderly=True)
    def in_order(message):
        print("queue", message.queue_id, "offset", message.queue_offset, message.body)
        received.release()

    consumer.subscribe(args.topic)
    with consumer:
        for _ in range(args.count):
            received.acquire(timeout=30)
