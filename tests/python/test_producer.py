"""Every send mode against a real namesrv + broker, checked by consuming what was sent."""

import concurrent.futures
import threading

import pytest

import rocketmq
from helpers import poll_until, subscribe

BINARY = b"\x00head\xff\x00\xfe tail\x00"


def read_all(namesrv, topic, n, group):
    with rocketmq.LitePullConsumer(group, namesrv_addr=namesrv, consume_from="FIRST_OFFSET") as consumer:
        subscribe(consumer, topic)
        return poll_until(consumer, n)


def test_sync_send_round_trips_fields_and_binary_body(producer, namesrv, topic):
    result = producer.send(topic, BINARY, tags="TagA", keys=["k1", "k2"], properties={"color": "red"})
    assert result.status == rocketmq.SendStatus.OK
    assert result.message_id and result.queue.topic == topic and result.queue_offset >= 0
    (got,) = read_all(namesrv, topic, 1, "g_sync")
    assert got.body == BINARY
    assert got.tags == "TagA" and got.keys == ["k1", "k2"] and got.get_property("color") == "red"
    assert got.msg_id == result.message_id
    assert got.queue == result.queue and got.queue_offset == result.queue_offset


def test_send_async_returns_a_future(producer, namesrv, topic):
    futures = [producer.send_async(topic, b"async-%d" % i) for i in range(50)]
    results = [f.result(10) for f in futures]
    assert all(isinstance(f, concurrent.futures.Future) for f in futures)
    assert all(r.status == rocketmq.SendStatus.OK for r in results)
    assert len({r.message_id for r in results}) == 50
    got = read_all(namesrv, topic, 50, "g_async")
    assert sorted(m.body for m in got) == sorted(b"async-%d" % i for i in range(50))


@pytest.mark.parametrize("coalesce", [True, False])
def test_async_sends_that_pile_up_each_get_their_own_result(namesrv, topic, coalesce):
    """2000 sends at once: coalesced into batch requests (the default) or not, every future
    names its own message: its id, and a queue and offset where exactly that body is stored."""
    with rocketmq.Producer("g_pile_%s" % coalesce, namesrv_addr=namesrv,
                           coalesce_async_sends=coalesce, coalesce_max_messages=64) as producer:
        futures = [producer.send_async(topic, b"pile-%d" % i) for i in range(2000)]
        results = [f.result(30) for f in futures]
    assert len({r.message_id for r in results}) == 2000
    placed = {(r.queue.queue_id, r.queue_offset): b"pile-%d" % i for i, r in enumerate(results)}
    assert len(placed) == 2000
    got = read_all(namesrv, topic, 2000, "g_pile_read_%s" % coalesce)
    assert {(m.queue.queue_id, m.queue_offset): m.body for m in got} == placed
    assert {m.msg_id for m in got} == {r.message_id for r in results}


def test_async_send_the_sdk_refuses_settles_its_future_with_the_error(namesrv, topic):
    # send_async only queues; the SDK's refusal (here: too big) reaches the future, and the
    # sends around it go on.
    with rocketmq.Producer("g_refused", namesrv_addr=namesrv, max_message_size=1024) as producer:
        futures = [producer.send_async(topic, b"x" * size) for size in (10, 2048, 10)]
        assert isinstance(futures[1].exception(10), rocketmq.InvalidArgumentError)
        assert "1024" in str(futures[1].exception())
        assert [f.result(10).status for f in (futures[0], futures[2])] == [rocketmq.SendStatus.OK] * 2
    with pytest.raises(rocketmq.IllegalStateError):
        producer.send_async(topic, b"after shutdown")


def test_send_oneway(producer, namesrv, topic):
    producer.send(topic, b"sync")  # creates the topic: a one-way send gives no sign of that
    for i in range(3):
        producer.send_oneway(topic, b"oneway-%d" % i)
    got = read_all(namesrv, topic, 4, "g_oneway")
    assert sorted(m.body for m in got) == [b"oneway-0", b"oneway-1", b"oneway-2", b"sync"]


def test_send_batch_sync_and_async(producer, namesrv, topic):
    batch = [rocketmq.Message(topic, b"batch-%d\x00" % i) for i in range(10)]
    result = producer.send_batch(batch)
    assert len(result.message_id.split(",")) == 10
    result2 = producer.send_batch_async(batch[:4]).result(10)
    assert len(result2.message_id.split(",")) == 4
    got = read_all(namesrv, topic, 14, "g_batch")
    assert sorted(m.body for m in got) == sorted([m.body for m in batch] + [m.body for m in batch[:4]])


def test_orderly_by_sharding_key_keeps_one_queue_in_order(producer, namesrv, topic):
    results = [producer.send(topic, b"%d" % i, sharding_key="order-42") for i in range(10)]
    assert len({r.queue for r in results}) == 1
    offsets = [r.queue_offset for r in results]
    assert offsets == sorted(offsets)
    assert producer.send_orderly(topic, "order-42", b"10").queue == results[0].queue


def test_selector_and_explicit_queue(producer, topic):
    producer.send(topic, b"create")  # the broker creates the topic on its first message
    queues = producer.fetch_queues(topic)
    assert len(queues) >= 2
    seen = []

    def selector(qs, message):
        seen.append(message.body)
        return 1

    assert producer.send(topic, b"sel", selector=selector).queue == queues[1]
    assert seen == [b"sel"]
    assert producer.send(topic, b"q", queue=queues[0]).queue == queues[0]
    assert producer.send_async(topic, b"q", queue=queues[0]).result(10).queue == queues[0]


def test_delay_level_defers_delivery(producer, namesrv, topic):
    result = producer.send(topic, b"later", delay_level=1)  # 1s in the default table
    (got,) = read_all(namesrv, topic, 1, "g_delay")
    assert got.body == b"later" and got.msg_id == result.message_id
    assert got.store_timestamp - got.born_timestamp >= 900


def test_shutdown_with_sends_in_flight_settles_every_future(namesrv, topic):
    producer = rocketmq.Producer("g_inflight", namesrv_addr=namesrv)
    producer.start()
    futures = [producer.send_async(topic, b"x" * 1024) for _ in range(500)]
    producer.shutdown(timeout=5)
    concurrent.futures.wait(futures, 10)
    for f in futures:
        assert f.done()
        assert f.exception() is None or isinstance(f.exception(), rocketmq.RocketMQError)


def test_callback_thread_can_shut_the_producer_down(namesrv, topic):
    producer = rocketmq.Producer("g_cb_shutdown", namesrv_addr=namesrv)
    producer.start()
    done = threading.Event()
    future = producer.send_async(topic, b"x")
    future.add_done_callback(lambda f: (producer.shutdown(), done.set()))
    assert done.wait(10)
    future.result(10)
