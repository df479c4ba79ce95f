"""sharding_key: one key, one queue, in order; or a selector choosing the queue."""

import rocketmq
from example_args import example_args

with example_args(__doc__) as args, rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
    for i in range(args.count):
        order = f"order-{i % 3}"
        result = producer.send(args.topic, f"{order} step {i}", sharding_key=order)
        print(order, "-> queue", result.queue.queue_id, "offset", result.queue_offset)
    by_selector = producer.send(args.topic, b"picked", selector=lambda queues, message: len(queues) - 1)
    print("selector picked queue", by_selector.queue.queue_id)
