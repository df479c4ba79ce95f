"""PushConsumer with a concurrent listener: return None/True to consume, False (or raise)
to have the message delivered again later."""

import threading

import rocketmq
from example_args import example_args

with example_args(__doc__) as args:
    received = threading.Semaphore(0)

    def listener(message):
        print(message.msg_id, message.tags, message.body, "reconsumed", message.reconsume_times)
        received.release()

    with rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
        for i in range(args.count):
            producer.send(args.topic, b"push %d" % i, tags="TagA")
    with rocketmq.PushConsumer("example_consumer", namesrv_addr=args.namesrv, listener=listener,
                               consume_from=rocketmq.ConsumeFrom.FIRST_OFFSET) as consumer:
        consumer.subscribe(args.topic, "TagA || TagB")
        for _ in range(args.count):
            received.acquire(timeout=30)
