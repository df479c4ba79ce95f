"""rocketmq.client: the official Python client's sample programs' calls, unchanged."""

import threading
import time

import pytest

from rocketmq.client import (
    ConsumeStatus,
    Message,
    Producer,
    PullConsumer,
    PushConsumer,
    SendStatus,
    TransactionMQProducer,
    TransactionStatus,
)
from rocketmq.consts import MessageProperty
from rocketmq.exceptions import ProducerSendSyncFailed, RocketMQException

from helpers import wait_for_route

BODY = b"\x00official\xff\x00 sample"


def create_message(topic, body=BODY):
    msg = Message(topic)
    msg.set_keys("XXX")
    msg.set_tags("XXX")
    msg.set_property("property", "test")
    msg.set_body(body)
    return msg


def test_producer_sample_calls(namesrv, topic):
    producer = Producer("PID-XXX")
    producer.set_name_server_address(namesrv)
    producer.start()
    ret = producer.send_sync(create_message(topic))
    assert ret.status == SendStatus.OK and ret.msg_id and ret.offset >= 0
    producer.send_oneway(create_message(topic))
    ordered = producer.send_orderly_with_sharding_key(create_message(topic), "orderId")
    assert ordered.status == SendStatus.OK
    producer.shutdown()
    wait_for_route(namesrv, topic)

    consumer = PullConsumer("CID-pull")
    consumer.set_namesrv_addr(namesrv)
    consumer.start()
    messages = list(consumer.pull(topic))
    consumer.shutdown()
    assert len(messages) == 3
    for msg in messages:
        assert msg.body == BODY and bytes(msg) == BODY
        assert msg.tags == b"XXX" and msg.keys == b"XXX"
        assert msg.get_property("property") == b"test" and msg[MessageProperty.TAGS] == b"XXX"
        assert msg.topic == topic and isinstance(msg.id, str)


def test_push_consumer_sample_calls(namesrv, topic):
    received = []
    cond = threading.Condition()

    def callback(msg):
        with cond:
            received.append((msg.id, msg.body, msg.get_property("property")))
            cond.notify_all()
        return ConsumeStatus.CONSUME_SUCCESS

    consumer = PushConsumer("CID_XXX")
    consumer.set_name_server_address(namesrv)
    consumer.set_thread_count(2)
    consumer.subscribe(topic, callback)

    producer = Producer("PID-push")
    producer.set_name_server_address(namesrv)
    producer.start()
    producer.send_sync(create_message(topic, b"probe"))  # creates the topic
    wait_for_route(namesrv, topic)  # else the consumer's first rebalance finds no queues
    consumer.start()
    try:
        # A new group starts at the queues' end: probe until the consumer is in place.
        deadline = time.monotonic() + 30
        with cond:
            while not received and time.monotonic() < deadline:
                cond.release()
                producer.send_sync(create_message(topic, b"probe"))
                cond.acquire()
                cond.wait(0.5)
        assert received, "the push consumer never received a probe"
        ret = producer.send_sync(create_message(topic))
        with cond:
            assert cond.wait_for(lambda: any(r[0] == ret.msg_id for r in received), 20)
        assert any(body == BODY and prop == b"test" for _, body, prop in received)
    finally:
        consumer.shutdown()
        producer.shutdown()


def test_transaction_sample_calls(namesrv, topic):
    def check_callback(msg):
        return TransactionStatus.COMMIT

    def local_execute(msg, user_args):
        assert msg.body == BODY and user_args is None
        return TransactionStatus.UNKNOWN if msg.get_property("property") == b"later" else TransactionStatus.COMMIT

    producer = TransactionMQProducer("PID-tx", check_callback)
    producer.set_name_server_address(namesrv)
    producer.start()
    ret = producer.send_message_in_transaction(create_message(topic), local_execute, None)
    assert ret.status == SendStatus.OK
    producer.shutdown()


def test_errors_use_the_official_classes():
    producer = Producer("PID-err")
    producer.set_name_server_address("127.0.0.1:1")
    producer.set_timeout(300)
    producer.start()
    try:
        with pytest.raises(ProducerSendSyncFailed) as info:
            producer.send_sync(create_message("TopicNowhere"))
        assert isinstance(info.value, RocketMQException) and info.value.__cause__ is not None
    finally:
        producer.shutdown()
