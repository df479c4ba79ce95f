"""send_batch(): messages of one topic in one request, one result listing every id."""

import rocketmq
from example_args import example_args

with example_args(__doc__) as args, rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
    batch = [rocketmq.Message(args.topic, b"batch %d" % i, keys=f"k{i}") for i in range(args.count)]
    result = producer.send_batch(batch)
    print(result.status.name, "ids:", result.message_id.split(","))
    print("async batch:", producer.send_batch_async(batch).result().queue)
