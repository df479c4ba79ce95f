"""delay_level: delivered after the broker's delay for that level (1 = 1s, 2 = 5s, 3 = 10s ...)."""

import rocketmq
from example_args import example_args

with example_args(__doc__) as args, rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
    for i in range(args.count):
        print(producer.send(args.topic, b"delayed %d" % i, delay_level=2).message_id)
