"""PushConsumer (concurrent and orderly, clustering and broadcasting, tag and SQL92
filters, listener outcomes) and the lite pull consumer."""

import asyncio
import threading

import rocketmq
from helpers import Collector, poll_until, subscribe, wait_for_route


def test_concurrent_listener_with_tag_filter(producer, namesrv, topic):
    for i in range(6):
        producer.send(topic, b"\x00%d\xff" % i, tags="A" if i % 2 else "B")
    wait_for_route(namesrv, topic)  # else the consumer looks again only 30 s later
    got = Collector()
    consumer = rocketmq.PushConsumer("g_tags", namesrv_addr=namesrv, consume_from="FIRST_OFFSET", listener=got)
    consumer.subscribe(topic, "A")
    with consumer:
        assert got.wait_count(3)
    assert sorted(got.bodies()) == [b"\x001\xff", b"\x003\xff", b"\x005\xff"]
    assert all(isinstance(m, rocketmq.ReceivedMessage) and m.tags == "A" for m in got.messages)


def test_sql92_subscription_delivers_only_matching_messages(producer, namesrv, topic):
    for i in range(8):
        producer.send(topic, b"m%d" % i, properties={"n": str(i), "color": "red" if i % 2 else "blue"})
    wait_for_route(namesrv, topic)  # else the consumer looks again only 30 s later
    got = Collector()
    consumer = rocketmq.PushConsumer("g_sql", namesrv_addr=namesrv, consume_from="FIRST_OFFSET", listener=got)
    consumer.subscribe(topic, "n >= 4 AND color = 'red'", sql92=True)
    with consumer:
        assert got.wait_count(2)
        # The broker filters (LocalCluster turns enablePropertyFilter on): nothing else comes.
        assert not got.wait_count(3, timeout=2.0)
    assert sorted(got.bodies()) == [b"m5", b"m7"]


def test_orderly_listener_sees_queue_order(producer, namesrv, topic):
    for i in range(20):
        producer.send(topic, b"%02d" % i, sharding_key="one-key")
    wait_for_route(namesrv, topic)  # else the consumer looks again only 30 s later
    got = Collector()
    consumer = rocketmq.PushConsumer("g_orderly", namesrv_addr=namesrv, consume_from="FIRST_OFFSET")
    consumer.set_listener(got, orderly=True)
    subscribe(consumer, topic)
    with consumer:
        assert got.wait_count(20)
    assert got.bodies() == [b"%02d" % i for i in range(20)]


def test_listener_exception_and_false_mean_reconsume_later(producer, namesrv, topic, caplog):
    producer.send(topic, b"boom")
    producer.send(topic, b"nope")
    wait_for_route(namesrv, topic)  # else the consumer looks again only 30 s later
    first = {}

    def outcome(message):
        key = message.body
        if first.setdefault(key, message.reconsume_times) == message.reconsume_times and message.reconsume_times == 0:
            if key == b"boom":
                raise RuntimeError("listener failed on purpose")
            return False
        return rocketmq.ConsumeResult.SUCCESS

    got = Collector(outcome)
    consumer = rocketmq.PushConsumer("g_retry", namesrv_addr=namesrv, consume_from="FIRST_OFFSET", listener=got)
    subscribe(consumer, topic)
    with consumer:
        assert got.wait_for(
            lambda ms: {m.body for m in ms if m.reconsume_times >= 1} >= {b"boom", b"nope"}, timeout=40
        )
    assert any("listener failed on purpose" in r.getMessage() or (r.exc_info and "on purpose" in str(r.exc_info[1]))
               for r in caplog.records)


def test_broadcasting_gives_every_consumer_every_message(producer, namesrv, topic, tmp_path):
    producer.send(topic, b"warm-up")  # creates the topic before the consumers look it up
    wait_for_route(namesrv, topic)  # else the consumer looks again only 30 s later
    a, b = Collector(), Collector()
    consumers = [
        rocketmq.PushConsumer("g_bcast", namesrv_addr=namesrv, listener=c, message_model=rocketmq.MessageModel.BROADCASTING,
                              consume_from="FIRST_OFFSET", instance_name=f"i{n}", offset_store_dir=str(tmp_path / f"o{n}"))
        for n, c in enumerate((a, b))
    ]
    for c in consumers:
        c.subscribe(topic)
        c.start()
    try:
        for i in range(5):
            producer.send(topic, b"b%d" % i)
        assert a.wait_for(lambda ms: {m.body for m in ms} >= {b"b%d" % i for i in range(5)})
        assert b.wait_for(lambda ms: {m.body for m in ms} >= {b"b%d" % i for i in range(5)})
    finally:
        for c in consumers:
            c.shutdown()


def test_listener_can_shut_its_consumer_down(producer, namesrv, topic):
    producer.send(topic, b"stop")
    wait_for_route(namesrv, topic)  # else the consumer looks again only 30 s later
    stopped = threading.Event()
    consumer = rocketmq.PushConsumer("g_selfstop", namesrv_addr=namesrv, consume_from="FIRST_OFFSET")

    def listener(message):
        consumer.shutdown()
        stopped.set()

    consumer.set_listener(listener)
    subscribe(consumer, topic)
    consumer.start()
    assert stopped.wait(20)
    assert not consumer.running


def test_lite_pull_subscribe_poll_iterate(producer, namesrv, topic):
    for i in range(10):
        producer.send(topic, b"lp-%d\x00" % i)
    with rocketmq.LitePullConsumer("g_lite", namesrv_addr=namesrv, consume_from="FIRST_OFFSET") as consumer:
        subscribe(consumer, topic)
        got = []
        for message in consumer:
            got.append(message.body)
            if len(got) == 10:
                break
    assert sorted(got) == sorted(b"lp-%d\x00" % i for i in range(10))


def test_lite_pull_assign_seek_commit(producer, namesrv, topic):
    producer.send(topic, b"create")
    queue = producer.fetch_queues(topic)[0]
    results = [producer.send(topic, b"s%d" % i, queue=queue) for i in range(5)]
    wait_for_route(namesrv, topic)  # assign looks the queue's broker up on the nameserver
    with rocketmq.LitePullConsumer("g_assign", namesrv_addr=namesrv, auto_commit=False) as consumer:
        consumer.assign([queue])
        assert consumer.assignment() == [queue]
        consumer.seek(queue, results[0].queue_offset)
        first = poll_until(consumer, 5)
        assert [m.body for m in first] == [b"s%d" % i for i in range(5)]
        consumer.seek(queue, results[3].queue_offset)
        again = poll_until(consumer, 2)
        assert [m.body for m in again] == [b"s3", b"s4"]
        consumer.commit()


def test_lite_pull_async_iterator(producer, namesrv, topic):
    for i in range(3):
        producer.send(topic, b"ai%d" % i)

    async def main():
        got = []
        with rocketmq.LitePullConsumer("g_aiter", namesrv_addr=namesrv, consume_from="FIRST_OFFSET") as consumer:
            subscribe(consumer, topic)
            async for message in consumer:
                got.append(message.body)
                if len(got) == 3:
                    break
        return got

    assert sorted(asyncio.run(asyncio.wait_for(main(), 30))) == [b"ai0", b"ai1", b"ai2"]
