"""RocketMQ client for Python over the project's C++ SDK.

Quick start::

    import rocketmq
    with rocketmq.Producer("my-group", namesrv_addr="127.0.0.1:9876") as producer:
        print(producer.send("MyTopic", b"hello", tags="greeting"))

Modules: this one (the Pythonic API), ``rocketmq.aio`` (asyncio), ``rocketmq.client`` (the
official Python client's API), ``rocketmq.testing`` (a local namesrv + broker for tests),
``rocketmq.exceptions``.
"""

from ._clients import (
    ConsumeResult,
    LitePullConsumer,
    Producer,
    PushConsumer,
    TransactionProducer,
    create_reply_message,
)
from ._logging import set_log_level
from ._native import (
    ConsumeFrom,
    Message,
    MessageModel,
    MessageQueue,
    ReceivedMessage,
    SendResult,
    SendStatus,
    TransactionSendResult,
    TransactionState,
    __version__,
)
from .exceptions import *  # noqa: F401,F403
from .exceptions import __all__ as _exceptions_all

__all__ = [
    "ConsumeFrom",
    "ConsumeResult",
    "LitePullConsumer",
    "Message",
    "MessageModel",
    "MessageQueue",
    "Producer",
    "PushConsumer",
    "ReceivedMessage",
    "SendResult",
    "SendStatus",
    "TransactionProducer",
    "TransactionSendResult",
    "TransactionState",
    "create_reply_message",
    "set_log_level",
    "__version__",
    *_exceptions_all,
]
