"""Run by test_official_python_client.py in a process of its own, with the official
rocketmq-client-python package on sys.path and this project's librocketmq.so as the library
it loads: the official client's own API, used as its documentation shows.
    python3 official_client_program.py NAMESRV"""

import sys
import threading
import time

from rocketmq.client import (ConsumeStatus, Message, Producer, PushConsumer,
                             TransactionMQProducer, TransactionStatus)

TOPIC = "PyOfficialClientTopic"


def main(namesrv):
    producer = Producer("PyOfficialClientProducer")
    producer.set_name_server_address(namesrv)
    producer.start()
    message = Message(TOPIC)
    message.set_tags("TagA")
    message.set_keys("key")
    message.set_body("hello official client")
    assert producer.send_sync(message).msg_id
    assert producer.send_orderly_with_sharding_key(message, "shard").msg_id
    producer.send_oneway(message)

    received = []
    arrived = threading.Event()

    def on_message(msg):
        received.append((msg.topic, msg.tags, msg.body))
        arrived.set()
        return ConsumeStatus.CONSUME_SUCCESS
    consumer = PushConsumer("PyOfficialClientConsumer")
    consumer.set_name_server_address(namesrv)
    consumer.subscribe(TOPIC, on_message, "TagA")
    consumer.start()
    deadline = time.monotonic() + 30
    while not arrived.is_set() and time.monotonic() < deadline:
        producer.send_sync(message)
        arrived.wait(0.2)
    consumer.shutdown()
    assert received and received[0] == (TOPIC, b"TagA", b"hello official client"), received

    checked = threading.Event()

    def check(msg):
        checked.set()
        return TransactionStatus.COMMIT

    def execute(msg, user_args):
        return TransactionStatus.UNKNOWN
    transactional = TransactionMQProducer("PyOfficialClientTxn", check)
    transactional.set_name_server_address(namesrv)
    transactional.start()
    assert transactional.send_message_in_transaction(message, execute, None).msg_id
    assert checked.wait(15), "no transaction check-back"
    transactional.shutdown()
    producer.shutdown()
    print("official client OK")


if __name__ == "__main__":
    main(sys.argv[1])
