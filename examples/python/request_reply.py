"""Request-reply: a PushConsumer answers each request with Producer.reply; the requester
waits for the reply with request() (or gets a Future from request_async())."""

import threading

import rocketmq
from example_args import example_args

with example_args(__doc__, topic="ExampleRequestTopic") as args:
    with rocketmq.Producer("example_replier", namesrv_addr=args.namesrv) as replier, \
            rocketmq.Producer("example_requester", namesrv_addr=args.namesrv) as requester:
        requester.send(args.topic, b"creates the topic")
        ready = threading.Event()

        def answer(message):
            if message.get_property("CORRELATION_ID"):  # a request: reply to it
                replier.reply(message, b"reply to " + message.body)
            else:
                ready.set()

        responder = rocketmq.PushConsumer("example_responder", namesrv_addr=args.namesrv,
                                          consume_from="LAST_OFFSET", listener=answer)
        responder.subscribe(args.topic)
        with responder:
            while not ready.wait(0.5):  # until the responder has its queues
                requester.send(args.topic, b"are you there?")
            for i in range(args.count):
                reply = requester.request(args.topic, b"question %d" % i, timeout=5)
                print("reply:", reply.body)
            future = requester.request_async(args.topic, b"one more", timeout=5)
            print("reply:", future.result(10).body)
