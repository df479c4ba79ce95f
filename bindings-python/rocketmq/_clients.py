"""The Pythonic clients: Producer, TransactionProducer, PushConsumer, LitePullConsumer."""

import asyncio
import concurrent.futures
import enum
import threading

from . import _native, _options
from ._lifecycle import Client
from ._native import Message
from .exceptions import IllegalStateError

__all__ = [
    "ConsumeResult",
    "create_reply_message",
    "Producer",
    "TransactionProducer",
    "PushConsumer",
    "LitePullConsumer",
]


class ConsumeResult(enum.IntEnum):
    """What a listener returns (None or True also mean SUCCESS, False RECONSUME_LATER)."""

    SUCCESS = 0
    RECONSUME_LATER = 1


def _message(message, body, fields):
    """A Message from a Message, or from a topic, a body and Message's keyword fields."""
    if isinstance(message, Message):
        if body is not None or fields:
            raise TypeError("pass either a Message or a topic with body and fields, not both")
        return message
    if isinstance(message, str):
        return Message(message, b"" if body is None else body, **fields)
    raise TypeError(f"message must be a Message or a topic str, not {type(message).__name__}")


def create_reply_message(request, body=b""):
    """The reply to ``request``, a ReceivedMessage that a Producer.request (ours or Java's
    ``DefaultMQProducer.request``) sent: a Message to the cluster's reply topic carrying the
    request's correlation id, for any Producer to send (or use ``Producer.reply``). A
    ValueError if ``request`` is not a request (no CLUSTER property, which brokers add)."""
    if not isinstance(request, Message):
        raise TypeError(f"request must be a ReceivedMessage, not {type(request).__name__}")
    return _native.create_reply_message(request, body)


def _timeout(timeout):
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, not {type(timeout).__name__}")
    return float(timeout)


_FINISHED = concurrent.futures._base.FINISHED
_condition_lock = threading.Lock()


class _SendFuture(concurrent.futures.Future):
    """The Future of an async send or request: concurrent.futures.Future's API and behaviour,
    at a fraction of its cost per message, which most of an async send's cost used to be.

    Its Condition is made only when a thread first needs it (waits, adds a done-callback,
    concurrent.futures.wait); until then settling it takes no lock and wakes nobody. It starts
    RUNNING (it cannot be cancelled: the SDK's completion always finds it settable), and
    result(), exception() and done() of a settled one read its state without a lock.

    Correct without the lock because the state is written last when settling (its result or
    exception first) and the Condition is looked for after that: a thread that made it before
    then is woken under it; one that makes it after finds the state FINISHED.
    """

    def __init__(self):  # not Future.__init__, which would make the Condition
        self._cond = None
        self._state = concurrent.futures._base.RUNNING
        self._result = None
        self._exception = None
        self._waiters = []
        self._done_callbacks = []

    @property
    def _condition(self):
        cond = self._cond
        if cond is None:
            with _condition_lock:
                cond = self._cond
                if cond is None:
                    cond = self._cond = threading.Condition()
        return cond

    def _settle(self, exceptional):
        cond = self._cond
        if cond is not None:
            with cond:
                # wait(return_when=FIRST_EXCEPTION) tells the two apart, as Future does.
                for waiter in self._waiters:
                    (waiter.add_exception if exceptional else waiter.add_result)(self)
                cond.notify_all()
        self._invoke_callbacks()

    def _finish(self, result, exception):
        if self._state == _FINISHED:
            raise concurrent.futures.InvalidStateError(f"{self._state}: {self!r}")
        self._result = result
        self._exception = exception
        self._state = _FINISHED
        self._settle(exception is not None)

    def set_result(self, result):
        self._finish(result, None)

    def set_exception(self, exception):
        self._finish(None, exception)

    def done(self):
        return self._state == _FINISHED

    def result(self, timeout=None):
        if self._state != _FINISHED:
            return super().result(timeout)
        if self._exception is None:
            return self._result
        try:
            raise self._exception
        finally:
            self = None  # breaks the cycle through the traceback, as Future.result does

    def exception(self, timeout=None):
        if self._state != _FINISHED:
            return super().exception(timeout)
        return self._exception


class _LoopCompletion:
    """Completes an asyncio future from an SDK callback thread, on the future's loop."""

    __slots__ = ("_loop", "_future")

    def __init__(self, loop, future):
        self._loop = loop
        self._future = future

    def set_result(self, result):
        self._loop.call_soon_threadsafe(self._settle, result, None)

    def set_exception(self, error):
        self._loop.call_soon_threadsafe(self._settle, None, error)

    def _settle(self, result, error):
        if self._future.cancelled():
            return
        if error is None:
            self._future.set_result(result)
        else:
            self._future.set_exception(error)


class Producer(Client):
    """Sends messages: synchronously, asynchronously (a Future, or awaited), one way, in
    batches, and in order per sharding key or to a chosen queue.

    Options are keyword arguments (``namesrv_addr="127.0.0.1:9876"``, ``send_timeout_ms=3000``,
    ...); an unknown name or a wrong type is a TypeError, a bad value a ValueError. As a
    context manager it starts on entry and shuts down on exit.

    Each send takes a :class:`Message`, or a topic and a body plus Message's keyword fields::

        producer.send("Orders", b"...", tags="paid", keys=["o-1"], properties={"k": "v"})

    ``send_async`` sends that pile up while earlier ones are in flight leave together as one
    batch request (``coalesce_async_sends=True``, the default here; up to
    ``coalesce_max_messages`` per request); each still gets its own Future and SendResult.

    ``request`` / ``request_async`` / ``arequest`` send a request and return its reply
    (request-reply); ``reply`` answers one. ``enable_msg_trace=True`` records a trace of each
    send to ``RMQ_SYS_TRACE_TOPIC`` (or ``customized_trace_topic``), as Java's
    ``enableMsgTrace`` does; consumers take the same two options.
    """

    def __init__(self, group=None, **options):
        super().__init__()
        options.setdefault("coalesce_async_sends", True)
        self._native = _native.Producer(
            _options.settings(_options.PRODUCER, "Producer", dict(options, group=group))
        )

    def send(self, message, body=None, *, queue=None, selector=None, sharding_key=None, **fields):
        """Sends and waits for the broker's answer; returns a SendResult.

        ``sharding_key``: messages with the same key go to the same queue, in order.
        ``selector(queues, message)`` returns the queue (a MessageQueue, or an index into
        ``queues``). ``queue`` sends to that queue.
        """
        message = _message(message, body, fields)
        if sharding_key is not None:
            return self._native.send_orderly(message, sharding_key)
        if selector is not None:
            queue = self._select(message, selector)
        if queue is not None:
            return self._native.send_to_queue(message, queue)
        return self._native.send(message)

    def send_orderly(self, message, sharding_key, body=None, **fields):
        """send() with a sharding key: same key, same queue, in order."""
        return self._native.send_orderly(_message(message, body, fields), sharding_key)

    def send_async(self, message, body=None, *, queue=None, selector=None, **fields):
        """Starts a send and returns a concurrent.futures.Future of its SendResult (or its
        exception). Raises at once if the producer is not running; a send the SDK refuses
        (e.g. an invalid message) is the future's exception. Waits (GIL released) only while
        thousands of sends are already queued behind the SDK's in-flight limit.

        Futures are settled by one thread, ``rocketmq-completions``, which also runs their
        done-callbacks: a done-callback may send (even synchronously) but must not wait for
        another future, which that same thread would have to settle."""
        message = _message(message, body, fields)
        if selector is not None:
            queue = self._select(message, selector)
        future = _SendFuture()
        self._native.send_async(message, future, queue)
        return future

    async def asend(self, message, body=None, *, queue=None, selector=None, **fields):
        """send() for asyncio: awaits the broker's answer without blocking the loop."""
        message = _message(message, body, fields)
        if selector is not None:
            queue = self._select(message, selector)
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._native.send_async(message, _LoopCompletion(loop, future), queue)
        return await future

    def send_oneway(self, message, body=None, *, queue=None, selector=None, **fields):
        """Sends without waiting for (or getting) an answer; no retry."""
        message = _message(message, body, fields)
        if selector is not None:
            queue = self._select(message, selector)
        self._native.send_oneway(message, queue)

    def send_batch(self, messages, *, queue=None):
        """Sends messages of one topic as one request; returns one SendResult whose
        message_id lists every message's id, comma-separated."""
        return self._native.send_batch(list(messages), queue)

    def send_batch_async(self, messages, *, queue=None):
        """send_batch() returning a concurrent.futures.Future."""
        future = _SendFuture()
        self._native.send_batch_async(list(messages), future, queue)
        return future

    async def asend_batch(self, messages, *, queue=None):
        """send_batch() for asyncio."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._native.send_batch_async(list(messages), _LoopCompletion(loop, future), queue)
        return await future

    def fetch_queues(self, topic):
        """The topic's writable queues."""
        return self._native.fetch_publish_queues(topic)

    def request(self, message, body=None, *, timeout=3.0, **fields):
        """Sends a request and waits up to ``timeout`` seconds for its reply, which it returns
        as a ReceivedMessage (request-reply, Java's ``DefaultMQProducer.request``). A
        responder replies with :func:`create_reply_message` or :meth:`reply`. No reply in
        time raises TimeoutError (``rocketmq.TimeoutError``); Ctrl-C interrupts the wait."""
        return self._native.request(_message(message, body, fields), _timeout(timeout))

    def request_async(self, message, body=None, *, timeout=3.0, **fields):
        """request() returning a concurrent.futures.Future of the reply. Raises at once if the
        request cannot start."""
        message = _message(message, body, fields)
        future = _SendFuture()
        self._native.request_async(message, _timeout(timeout), future)
        return future

    async def arequest(self, message, body=None, *, timeout=3.0, **fields):
        """request() for asyncio: awaits the reply without blocking the loop."""
        message = _message(message, body, fields)
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._native.request_async(message, _timeout(timeout), _LoopCompletion(loop, future))
        return await future

    def reply(self, request, body=b""):
        """Sends the reply to ``request`` (a ReceivedMessage from a Producer.request) and
        returns its SendResult. BrokerError when the requester is gone."""
        return self._native.send(create_reply_message(request, body))

    def _select(self, message, selector):
        queues = self._native.fetch_publish_queues(message.topic)
        chosen = selector(queues, message)
        if isinstance(chosen, int):
            return queues[chosen % len(queues)]
        return chosen


class TransactionProducer(Client):
    """Sends transactional messages: ``send(message, executor)`` stores a half message, runs
    ``executor(message, send_result)`` on the calling thread, and commits or rolls back by its
    answer (a TransactionState, or True/False). ``checker(received_message)`` answers the
    broker's check of a transaction left UNKNOWN; it runs on the producer's own thread.
    """

    def __init__(self, group=None, checker=None, **options):
        super().__init__()
        if not callable(checker):
            raise TypeError("checker must be a callable taking a ReceivedMessage")
        self._native = _native.TransactionProducer(
            _options.settings(_options.PRODUCER, "TransactionProducer", dict(options, group=group)),
            checker,
        )

    def send(self, message, executor, body=None, **fields):
        """Sends in a transaction; returns a TransactionSendResult (``local_state`` is the
        executor's answer). An exception raised by the executor is raised here, after the
        transaction was left UNKNOWN for the checker to resolve."""
        if not callable(executor):
            raise TypeError("executor must be a callable taking (message, send_result)")
        return self._native.send(_message(message, body, fields), executor)


class PushConsumer(Client):
    """Receives the messages of its subscriptions and calls a listener with each one.

    ``listener(message)`` returns None, True or ConsumeResult.SUCCESS to consume the message;
    False or ConsumeResult.RECONSUME_LATER (or raising, which is logged) to have it delivered
    again later. Concurrent listeners run on ``consume_threads`` threads at once; an orderly
    one (``orderly=True``) runs one call at a time per queue, in queue order, and retrying
    pauses the queue. ``message_model`` is MessageModel.CLUSTERING (a group shares the
    queues) or BROADCASTING (every consumer gets every message). ``enable_msg_trace=True``
    records each message's consumption (before and after the listener) to the trace topic.
    A request a Producer.request sent is answered from the listener with ``Producer.reply``.
    """

    def __init__(self, group=None, *, listener=None, orderly=False, **options):
        super().__init__()
        self._native = _native.PushConsumer(
            _options.settings(_options.CONSUMER, "PushConsumer", dict(options, group=group))
        )
        if listener is not None:
            self.set_listener(listener, orderly=orderly)

    def subscribe(self, topic, expression="*", *, sql92=False):
        """Subscribes to `topic`: `expression` selects by tags ("*", "TagA || TagB"), or with
        ``sql92=True`` is an SQL92 condition on properties ("a > 5 AND b = 'x'")."""
        self._native.subscribe(topic, expression, sql92)

    def unsubscribe(self, topic):
        self._native.unsubscribe(topic)

    def set_listener(self, listener, *, orderly=False):
        """Sets the listener (before start())."""
        if not callable(listener):
            raise TypeError("the listener must be callable")
        self._native.set_listener(listener, orderly)

    def listener(self, function=None, *, orderly=False):
        """Decorator form of set_listener: ``@consumer.listener`` or
        ``@consumer.listener(orderly=True)``."""

        def register(f):
            self.set_listener(f, orderly=orderly)
            return f

        return register if function is None else register(function)

    def suspend(self):
        """Stops handing messages to the listener until resume()."""
        self._native.suspend()

    def resume(self):
        self._native.resume()


class LitePullConsumer(Client):
    """The application pulls: ``poll()`` returns the next messages of the consumer's queues,
    which come from subscribe() (the group shares the topic's queues) or assign() (exactly
    these queues). With ``auto_commit`` (default) each poll marks what earlier polls returned
    as consumed; otherwise commit() does. Iterating yields messages one by one until shutdown;
    ``async for`` does the same in asyncio.
    """

    def __init__(self, group=None, *, auto_commit=True, **options):
        super().__init__()
        if not isinstance(auto_commit, bool):
            raise TypeError("auto_commit must be a bool")
        self._native = _native.LitePullConsumer(
            _options.settings(_options.CONSUMER, "LitePullConsumer", dict(options, group=group)),
            auto_commit,
        )
        self._assignment = []

    def subscribe(self, topic, expression="*", *, sql92=False):
        """As PushConsumer.subscribe()."""
        self._native.subscribe(topic, expression, sql92)

    def assign(self, queues):
        """Consumes exactly these queues from now on (after start())."""
        queues = list(queues)
        self._native.assign(queues)
        self._assignment = queues

    def assignment(self):
        """The queues given to assign()."""
        return list(self._assignment)

    def fetch_queues(self, topic):
        """The topic's readable queues."""
        return self._native.fetch_message_queues(topic)

    def poll(self, timeout=1.0):
        """Up to pull_batch_size messages, waiting up to `timeout` seconds for the first; an
        empty list on timeout. Ctrl-C interrupts the wait."""
        return self._native.poll(timeout)

    def seek(self, queue, offset):
        """The next poll returns `queue`'s messages from `offset` on."""
        self._native.seek(queue, offset)

    def commit(self):
        """Marks everything poll() returned as consumed and persists it now."""
        self._native.commit()

    def __iter__(self):
        while True:
            messages = self._poll_while_running()
            if messages is None:
                return
            yield from messages

    async def __aiter__(self):
        loop = asyncio.get_running_loop()
        while True:
            messages = await loop.run_in_executor(None, self._poll_while_running)
            if messages is None:
                return
            for message in messages:
                yield message

    def _poll_while_running(self):
        """poll(), or None once the consumer is shut down (also by another thread mid-poll)."""
        if not self.running:
            return None
        try:
            return self.poll(0.5)
        except IllegalStateError:
            if self.running:
                raise
            return None

