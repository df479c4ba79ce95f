"""A program written for the official Apache RocketMQ Python client, unchanged, on
rocketmq.client (binary-safe: the NUL byte survives)."""

import time

from example_args import example_args
from rocketmq.client import ConsumeStatus, Message, Producer, PushConsumer

with example_args(__doc__) as args:
    producer = Producer("PID-XXX")
    producer.set_name_server_address(args.namesrv)
    producer.start()
    msg = Message(args.topic)
    msg.set_keys("XXX")
    msg.set_tags("XXX")
    msg.set_body(b"official \x00 api")
    ret = producer.send_sync(msg)
    print(ret.status, ret.msg_id, ret.offset)

    def callback(msg):
        print(msg.id, msg.body)
        return ConsumeStatus.CONSUME_SUCCESS

    consumer = PushConsumer("CID_XXX")
    consumer.set_name_server_address(args.namesrv)
    consumer.subscribe(args.topic, callback)
    consumer.start()
    for _ in range(3):  # the official samples just keep sending and sleeping like this
        producer.send_sync(msg)
        time.sleep(1)
    consumer.shutdown()
    producer.shutdown()
