"""Request-reply through the Pythonic API: a requester's request, sync, as a Future and
awaited, answered by a push consumer's listener with Producer.reply; timeouts and bad input."""

import asyncio
import concurrent.futures

import pytest

import rocketmq
import rocketmq.aio
from helpers import Collector


@pytest.fixture
def responder(namesrv, topic, producer):
    """A push consumer on `topic` answering every request with b"re:" + its body (the first,
    plain message only makes sure the consumer has its queues before the requests)."""
    replier = rocketmq.Producer("g_replier", namesrv_addr=namesrv)
    replier.start()

    def answer(message):
        if message.get_property("CORRELATION_ID"):
            replier.reply(message, b"re:" + message.body)
        return None

    seen = Collector()

    def listener(message):
        seen(message)
        return answer(message)

    consumer = rocketmq.PushConsumer("g_responder_" + topic, namesrv_addr=namesrv,
                                     consume_from="LAST_OFFSET", listener=listener)
    producer.send(topic, b"warm-up")
    consumer.subscribe(topic)
    consumer.start()
    try:
        ready = False
        for _ in range(40):
            producer.send(topic, b"ready?")
            if seen.wait_for(lambda ms: any(m.body == b"ready?" for m in ms), timeout=0.5):
                ready = True
                break
        assert ready, "the responder never received a message"
        yield
    finally:
        consumer.shutdown()
        replier.shutdown()


def test_request_returns_the_reply(producer, topic, responder):
    reply = producer.request(topic, b"ping\x00\xff", timeout=10)
    assert isinstance(reply, rocketmq.ReceivedMessage)
    assert reply.body == b"re:ping\x00\xff"
    assert reply.topic.endswith("_REPLY_TOPIC")


def test_request_async_and_awaited(producer, namesrv, topic, responder):
    futures = [producer.request_async(topic, b"f%d" % i, timeout=10) for i in range(5)]
    assert all(isinstance(f, concurrent.futures.Future) for f in futures)
    assert sorted(f.result(15).body for f in futures) == [b"re:f%d" % i for i in range(5)]

    async def ask():
        direct = await producer.arequest(rocketmq.Message(topic, b"aio"), timeout=10)
        async with rocketmq.aio.Producer("g_aio_requester", namesrv_addr=namesrv) as p:
            return direct, await p.request(topic, b"aio2", timeout=10)

    direct, through_aio = asyncio.run(ask())
    assert direct.body == b"re:aio"
    assert through_aio.body == b"re:aio2"


def test_a_request_nobody_answers_times_out(producer, topic):
    producer.send(topic, b"creates the topic")
    with pytest.raises(rocketmq.TimeoutError):
        producer.request(topic, b"anyone?", timeout=0.5)
    with pytest.raises(rocketmq.TimeoutError):
        producer.request_async(topic, b"anyone?", timeout=0.5).result(10)


def test_bad_input_is_refused(producer, topic):
    with pytest.raises(TypeError):
        producer.request(topic, b"x", timeout="soon")
    with pytest.raises(TypeError):
        rocketmq.create_reply_message("not a message", b"")
    # A message that no broker stored (no CLUSTER property) is not a request.
    with pytest.raises(ValueError):
        rocketmq.create_reply_message(rocketmq.Message(topic, b"plain"), b"")
