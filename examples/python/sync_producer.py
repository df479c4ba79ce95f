"""send(): waits for each result (retried on another queue/broker on failure)."""

import rocketmq
from example_args import example_args

with example_args(__doc__) as args, rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
    for i in range(args.count):
        result = producer.send(args.topic, b"hello \x00 %d" % i, tags="TagA", keys=[f"key-{i}"],
                               properties={"index": str(i)})
        print(result.status.name, result.message_id, result.queue.queue_id, result.queue_offset)
