"""asyncio: awaited sends, rocketmq.aio."""

import asyncio

import rocketmq
import rocketmq.aio
from helpers import poll_until, subscribe, wait_for_route


def test_asend_and_aio_producer(producer, namesrv, topic):
    async def main():
        direct = await asyncio.gather(*(producer.asend(topic, b"a%d\x00" % i) for i in range(20)))
        async with rocketmq.aio.Producer("g_aio", namesrv_addr=namesrv) as aproducer:
            one = await aproducer.send(topic, b"\xffaio")
            ordered = await aproducer.send(topic, b"ord", sharding_key="k")
            batch = await aproducer.send_batch([rocketmq.Message(topic, b"b1"), rocketmq.Message(topic, b"b2")])
            await aproducer.send_oneway(topic, b"ow")
        return direct, one, ordered, batch

    direct, one, ordered, batch = asyncio.run(asyncio.wait_for(main(), 30))
    assert all(r.status == rocketmq.SendStatus.OK for r in direct + [one, ordered, batch])
    with rocketmq.LitePullConsumer("g_aio_read", namesrv_addr=namesrv, consume_from="FIRST_OFFSET") as consumer:
        subscribe(consumer, topic)
        bodies = sorted(m.body for m in poll_until(consumer, 25))
    assert bodies == sorted([b"a%d\x00" % i for i in range(20)] + [b"\xffaio", b"ord", b"b1", b"b2", b"ow"])


def test_aio_lite_pull(producer, namesrv, topic):
    producer.send(topic, b"x\x00y")

    async def main():
        async with rocketmq.aio.LitePullConsumer("g_aio_lp", namesrv_addr=namesrv, consume_from="FIRST_OFFSET") as c:
            subscribe(c, topic)
            while True:
                messages = await c.poll(0.5)
                if messages:
                    return messages

    (message,) = asyncio.run(asyncio.wait_for(main(), 30))
    assert message.body == b"x\x00y"


def test_aio_push_consumer_with_a_coroutine_listener(producer, namesrv, topic):
    for i in range(3):
        producer.send(topic, b"co%d" % i)
    wait_for_route(namesrv, topic)  # else the consumer looks again only 30 s later

    async def main():
        got = []
        done = asyncio.Event()

        async def listener(message):
            await asyncio.sleep(0)
            got.append((message.body, asyncio.get_running_loop()))
            if len(got) >= 3:
                done.set()
            return message.reconsume_times >= 0

        consumer = rocketmq.aio.PushConsumer("g_aio_push", namesrv_addr=namesrv, listener=listener,
                                             consume_from="FIRST_OFFSET")
        subscribe(consumer, topic)
        async with consumer:
            await asyncio.wait_for(done.wait(), 30)
        return got, asyncio.get_running_loop()

    got, loop = asyncio.run(main())
    assert sorted(body for body, _ in got)[:3] == [b"co0", b"co1", b"co2"]
    assert all(running is loop for _, running in got)
