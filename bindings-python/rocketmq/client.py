"""The official Apache RocketMQ Python client's API (its ``rocketmq.client``), over this
package's SDK, so that programs written for it run unchanged.

Differences, all in the program's favour: bodies are binary-safe both ways (a ``bytes``
body with NUL bytes arrives intact), every call releases the GIL while it waits, each
``subscribe()`` keeps its own callback (the official one's last callback served every
topic), and nothing needs a separately installed ``librocketmq.so``.
"""

import collections
import enum
import logging

from . import _native, exceptions
from ._clients import LitePullConsumer as _LitePullConsumer
from ._clients import Producer as _Producer
from ._clients import PushConsumer as _PushConsumer
from ._clients import TransactionProducer as _TransactionProducer
from .consts import MessageProperty

__all__ = [
    "SendStatus",
    "Message",
    "ReceivedMessage",
    "Producer",
    "PushConsumer",
    "TransactionMQProducer",
    "TransactionStatus",
    "ConsumeStatus",
]

_log = logging.getLogger("rocketmq")

SendResult = collections.namedtuple("SendResult", ["status", "msg_id", "offset"])


class SendStatus(enum.IntEnum):
    OK = 0
    FLUSH_DISK_TIMEOUT = 1
    FLUSH_SLAVE_TIMEOUT = 2
    SLAVE_NOT_AVAILABLE = 3


class TransactionStatus(enum.IntEnum):
    COMMIT = 0
    ROLLBACK = 1
    UNKNOWN = 2


class ConsumeStatus(enum.IntEnum):
    CONSUME_SUCCESS = 0
    RECONSUME_LATER = 1


class MessageModel(enum.IntEnum):
    BROADCASTING = 0
    CLUSTERING = 1


class TraceModel(enum.IntEnum):
    OPEN = 0
    CLOSE = 1


def _text(value):
    """The official client takes str or UTF-8 bytes for every string argument."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    return value


_SEND_STATUS = {status: SendStatus(int(status)) for status in _native.SendStatus}


def _send_result(result):
    return SendResult(_SEND_STATUS[result.status], result.message_id, result.queue_offset)


def _raise_official(cls, error):
    """Raises `error` (one of this package's errors) as the official exception class `cls`,
    chained to it."""
    if isinstance(error, cls):
        raise error
    raise cls(error.message, error.code) from error


class Message:
    """A message to send, configured through setters."""

    def __init__(self, topic):
        self._message = _native.Message(_text(topic))

    def set_keys(self, keys):
        self._message.set_property("KEYS", _text(keys))

    def set_tags(self, tags):
        self._message.tags = _text(tags)

    def set_body(self, body):
        self._message.body = body

    def set_property(self, key, value):
        self._message.set_property(_text(key), _text(value))

    def set_delay_time_level(self, delay_time_level):
        self._message.delay_level = delay_time_level


class ReceivedMessage:
    """A received message (also what a transaction executor gets): strings as the official
    client returns them (tags, keys and properties as bytes; topic and id as str)."""

    def __init__(self, message):
        self._message = message

    def _ext(self, name, default=0):
        return getattr(self._message, name, default)

    @property
    def topic(self):
        return self._message.topic

    @property
    def tags(self):
        return self._message.tags.encode("utf-8")

    @property
    def keys(self):
        return self._message.get_property("KEYS", "").encode("utf-8")

    @property
    def body(self):
        return self._message.body

    @property
    def id(self):
        return self._ext("msg_id", "") or self._message.get_property("UNIQ_KEY", "")

    @property
    def delay_time_level(self):
        return self._message.delay_level

    @property
    def queue_id(self):
        return self._ext("queue_id")

    @property
    def reconsume_times(self):
        return self._ext("reconsume_times")

    @property
    def store_size(self):
        return self._ext("store_size")

    @property
    def born_timestamp(self):
        return self._ext("born_timestamp")

    @property
    def store_timestamp(self):
        return self._ext("store_timestamp")

    @property
    def queue_offset(self):
        return self._ext("queue_offset")

    @property
    def commit_log_offset(self):
        return self._ext("commit_log_offset")

    @property
    def prepared_transaction_offset(self):
        return int(self._message.get_property("TRAN_PREPARED_QUEUE_OFFSET", "0") or 0)

    def get_property(self, prop):
        if isinstance(prop, MessageProperty):
            prop = prop.value
        return self._message.get_property(_text(prop), "").encode("utf-8")

    __getitem__ = get_property

    def __str__(self):
        return self.body.decode("utf-8")

    def __bytes__(self):
        return self.body

    def __repr__(self):
        return f"<ReceivedMessage topic={self.topic!r} id={self.id!r} body={self.body!r}>"


class _Configured:
    """Collects setter calls; the client is created at start() with them."""

    _table_owner = None

    def __init__(self, group_id):
        self._options = {"group": _text(group_id)}
        self._client = None

    def _set(self, **options):
        if self._client is not None:
            raise exceptions.IllegalStateError("settings must be made before start()")
        self._options.update(options)

    def set_group(self, group_name):
        self._set(group=_text(group_name))

    def set_instance_name(self, name):
        self._set(instance_name=_text(name))

    def set_name_server_address(self, addr):
        self._set(namesrv_addr=_text(addr))

    def set_name_server_domain(self, domain):
        _log.warning("set_name_server_domain(%r) is not supported: use set_name_server_address", domain)

    def set_session_credentials(self, access_key, access_secret, channel):
        self._set(
            access_key=_text(access_key), secret_key=_text(access_secret), ons_channel=_text(channel)
        )

    def set_message_trace(self, message_trace):
        if message_trace:
            _log.warning("message trace is not supported; messages are sent without it")

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()

    def shutdown(self):
        if self._client is not None:
            self._client.shutdown()
            self._client = None


class Producer(_Configured):
    """The official Producer: set_* then start(); send_sync, send_oneway,
    send_orderly_with_sharding_key."""

    def __init__(self, group_id, orderly=False, timeout=None, compress_level=None, max_message_size=None):
        super().__init__(group_id)
        self._orderly = orderly
        self._options.update(
            send_timeout_ms=timeout, compress_level=compress_level, max_message_size=max_message_size
        )

    def set_timeout(self, timeout):
        self._set(send_timeout_ms=timeout)

    def set_compress_level(self, level):
        self._set(compress_level=level)

    def set_max_message_size(self, max_size):
        self._set(max_message_size=max_size)

    def _create(self):
        return _Producer(**self._options)

    def start(self):
        try:
            client = self._create()
            client.start()
        except exceptions.RocketMQError as error:
            _raise_official(exceptions.ProducerStartFailed, error)
        self._client = client

    def _running(self):
        if self._client is None:
            raise exceptions.IllegalStateError("the producer is not started")
        return self._client

    def send_sync(self, msg):
        try:
            return _send_result(self._running().send(msg._message))
        except exceptions.RocketMQError as error:
            _raise_official(exceptions.ProducerSendSyncFailed, error)

    def send_oneway(self, msg):
        try:
            self._running().send_oneway(msg._message)
        except exceptions.RocketMQError as error:
            _raise_official(exceptions.ProducerSendOnewayFailed, error)

    def send_orderly_with_sharding_key(self, msg, sharding_key):
        try:
            return _send_result(self._running().send_orderly(msg._message, _text(sharding_key)))
        except exceptions.RocketMQError as error:
            _raise_official(exceptions.ProducerSendOrderlyFailed, error)


class TransactionMQProducer(Producer):
    """The official TransactionMQProducer: ``checker_callback(ReceivedMessage)`` and
    ``local_execute(ReceivedMessage, user_args)`` return a TransactionStatus."""

    def __init__(self, group_id, checker_callback, user_args=None, timeout=None, compress_level=None,
                 max_message_size=None):
        super().__init__(group_id, False, timeout, compress_level, max_message_size)
        self._checker = checker_callback
        self._user_args = user_args

    def _create(self):
        def check(message):
            return _transaction_status(self._checker(ReceivedMessage(message)))

        return _TransactionProducer(checker=check, **self._options)

    def send_message_in_transaction(self, message, local_execute, user_args=None):
        def execute(sent, result):
            return _transaction_status(local_execute(ReceivedMessage(sent), user_args))

        try:
            return _send_result(self._running().send(message._message, execute))
        except exceptions.RocketMQError as error:
            _raise_official(exceptions.ProducerSendSyncFailed, error)


def _transaction_status(status):
    if not isinstance(status, TransactionStatus):
        raise ValueError(f"Check transaction status error, got {status!r}")
    return int(status)


class PushConsumer(_Configured):
    """The official PushConsumer: ``subscribe(topic, callback, expression)`` where
    ``callback(ReceivedMessage)`` returns a ConsumeStatus."""

    def __init__(self, group_id, orderly=False, message_model=MessageModel.CLUSTERING):
        super().__init__(group_id)
        self._orderly = orderly
        self._subscriptions = {}
        self.set_message_model(message_model)

    def set_message_model(self, model):
        self._set(message_model=_native.MessageModel[MessageModel(model).name])

    def set_thread_count(self, thread_count):
        self._set(consume_threads=thread_count)

    def set_message_batch_max_size(self, max_size):
        self._set(consume_batch_size=max_size)

    def subscribe(self, topic, callback, expression="*"):
        self._subscriptions[_text(topic)] = (callback, _text(expression))
        if self._client is not None:
            self._client.subscribe(_text(topic), _text(expression))

    def _dispatch(self, message):
        subscription = self._subscriptions.get(message.topic)
        if subscription is None:  # e.g. a topic unsubscribed while its messages were in flight
            subscription = next(iter(self._subscriptions.values()))
        callback = subscription[0]
        status = callback(ReceivedMessage(message))
        if not isinstance(status, ConsumeStatus):
            raise ValueError(f"Consume status error, please use enum 'ConsumeStatus' as response, got {status!r}")
        return int(status)

    def start(self):
        try:
            client = _PushConsumer(**self._options)
            for topic, (_, expression) in self._subscriptions.items():
                client.subscribe(topic, expression)
            client.set_listener(self._dispatch, orderly=self._orderly)
            client.start()
        except exceptions.RocketMQError as error:
            _raise_official(exceptions.PushConsumerStartFailed, error)
        self._client = client


class PullConsumer(_Configured):
    """The official PullConsumer: ``pull(topic)`` yields every message of the topic's queues
    from their first offset to their current end."""

    def set_namesrv_addr(self, addr):
        self.set_name_server_address(addr)

    def set_namesrv_domain(self, domain):
        self.set_name_server_domain(domain)

    def start(self):
        try:
            client = _LitePullConsumer(auto_commit=False, **self._options)
            client.start()
        except exceptions.RocketMQError as error:
            _raise_official(exceptions.ConsumerException, error)
        self._client = client

    def pull(self, topic, expression="*", max_num=32):
        if self._client is None:
            raise exceptions.IllegalStateError("the consumer is not started")
        tags = None if _text(expression) in ("*", "") else {t.strip() for t in _text(expression).split("||")}
        queues = self._client.fetch_queues(_text(topic))
        self._client.assign(queues)
        for queue in queues:
            self._client.seek(queue, 0)
        while True:
            messages = self._client.poll(1.0)
            if not messages:
                return
            for message in messages:
                if tags is None or message.tags in tags:
                    yield ReceivedMessage(message)
