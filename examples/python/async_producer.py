"""send_async() returns a concurrent.futures.Future; asend() is awaited in asyncio."""

import asyncio

import rocketmq
from example_args import example_args

with example_args(__doc__) as args, rocketmq.Producer("example_producer", namesrv_addr=args.namesrv) as producer:
    futures = [producer.send_async(args.topic, b"future %d" % i) for i in range(args.count)]
    for future in futures:
        print("future:", future.result().message_id)

    async def main():
        results = await asyncio.gather(*(producer.asend(args.topic, b"awaited %d" % i) for i in range(args.count)))
        for result in results:
            print("awaited:", result.message_id)

    asyncio.run(main())
