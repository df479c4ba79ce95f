"""send_oneway(): no answer, no retry; returns once the request is written."""

import rocketmq
from example_args import example_args

with example_args(__doc__) as args, rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
    for i in range(args.count):
        producer.send_oneway(args.topic, b"oneway %d" % i)
    print(f"sent {args.count} messages one way")
