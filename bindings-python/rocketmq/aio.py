"""asyncio forms of the clients: every send is awaited, polls do not block the loop, a push
consumer's listener may be a coroutine function.

    async with rocketmq.aio.Producer("g", namesrv_addr=addr) as producer:
        result = await producer.send("Topic", b"body")
"""

import asyncio

from . import _clients

__all__ = ["Producer", "PushConsumer", "LitePullConsumer"]


class Producer:
    """A rocketmq.Producer whose sends are coroutines; start and shutdown run off the loop."""

    def __init__(self, group=None, **options):
        self.sync = _clients.Producer(group, **options)

    async def start(self):
        await asyncio.get_running_loop().run_in_executor(None, self.sync.start)

    async def shutdown(self, timeout=3.0):
        await asyncio.get_running_loop().run_in_executor(None, self.sync.shutdown, timeout)

    async def send(self, message, body=None, **kwargs):
        """As Producer.send (sharding_key included); returns the SendResult."""
        if kwargs.get("sharding_key") is not None:
            return await asyncio.get_running_loop().run_in_executor(
                None, lambda: self.sync.send(message, body, **kwargs)
            )
        return await self.sync.asend(message, body, **kwargs)

    async def send_batch(self, messages, *, queue=None):
        return await self.sync.asend_batch(messages, queue=queue)

    async def request(self, message, body=None, *, timeout=3.0, **fields):
        """As Producer.request: awaits the reply (a ReceivedMessage)."""
        return await self.sync.arequest(message, body, timeout=timeout, **fields)

    async def reply(self, request, body=b""):
        """As Producer.reply: sends the reply to ``request``; returns its SendResult."""
        return await self.sync.asend(_clients.create_reply_message(request, body))

    async def send_oneway(self, message, body=None, **kwargs):
        await asyncio.get_running_loop().run_in_executor(
            None, lambda: self.sync.send_oneway(message, body, **kwargs)
        )

    async def __aenter__(self):
        await self.start()
        return self

    async def __aexit__(self, *exc_info):
        await self.shutdown()


class PushConsumer:
    """A rocketmq.PushConsumer whose listener may be a coroutine function: each call runs on
    the event loop that started the consumer, while a consume thread waits for its outcome
    (so the loop must keep running until shutdown)."""

    def __init__(self, group=None, *, listener=None, orderly=False, **options):
        self.sync = _clients.PushConsumer(group, **options)
        self._listener = listener
        self._orderly = orderly

    def subscribe(self, topic, expression="*", *, sql92=False):
        self.sync.subscribe(topic, expression, sql92=sql92)

    def set_listener(self, listener, *, orderly=False):
        self._listener = listener
        self._orderly = orderly

    async def start(self):
        loop = asyncio.get_running_loop()
        listener = self._listener
        if asyncio.iscoroutinefunction(listener):
            coroutine_function = listener

            def listener(message):
                return asyncio.run_coroutine_threadsafe(coroutine_function(message), loop).result()

        if listener is not None:
            self.sync.set_listener(listener, orderly=self._orderly)
        await loop.run_in_executor(None, self.sync.start)

    async def shutdown(self, timeout=3.0):
        await asyncio.get_running_loop().run_in_executor(None, self.sync.shutdown, timeout)

    async def __aenter__(self):
        await self.start()
        return self

    async def __aexit__(self, *exc_info):
        await self.shutdown()


class LitePullConsumer:
    """A rocketmq.LitePullConsumer whose poll is a coroutine; ``async for`` yields messages."""

    def __init__(self, group=None, **options):
        self.sync = _clients.LitePullConsumer(group, **options)

    async def start(self):
        await asyncio.get_running_loop().run_in_executor(None, self.sync.start)

    async def shutdown(self, timeout=3.0):
        await asyncio.get_running_loop().run_in_executor(None, self.sync.shutdown, timeout)

    def subscribe(self, topic, expression="*", *, sql92=False):
        self.sync.subscribe(topic, expression, sql92=sql92)

    async def poll(self, timeout=1.0):
        return await asyncio.get_running_loop().run_in_executor(None, self.sync.poll, timeout)

    async def commit(self):
        await asyncio.get_running_loop().run_in_executor(None, self.sync.commit)

    def __aiter__(self):
        return self.sync.__aiter__()

    async def __aenter__(self):
        await self.start()
        return self

    async def __aexit__(self, *exc_info):
        await self.shutdown()
