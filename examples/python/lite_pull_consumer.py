"""LitePullConsumer: subscribe and iterate, or assign queues, seek and commit yourself."""

import rocketmq
from example_args import example_args

with example_args(__doc__) as args:
    with rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
        for i in range(args.count):
            producer.send(args.topic, b"pull %d" % i)
        queues = producer.fetch_queues(args.topic)

    with rocketmq.LitePullConsumer("example_lite", namesrv_addr=args.namesrv,
                                   consume_from=rocketmq.ConsumeFrom.FIRST_OFFSET) as consumer:
        consumer.subscribe(args.topic)
        for n, message in enumerate(consumer, 1):  # polls until shutdown; auto-commits
            print("iterated", message.queue_id, message.queue_offset, message.body)
            if n == args.count:
                break

    with rocketmq.LitePullConsumer("example_lite_assign", namesrv_addr=args.namesrv, auto_commit=False) as consumer:
        consumer.assign(queues)
        for queue in queues:
            consumer.seek(queue, 0)
        print("polled", [m.body for m in consumer.poll(timeout=3)])
        consumer.commit()
