"""One exception hierarchy, mirroring the C++ SDK's status codes (rocketmq::ErrorCode).

Every error the SDK reports is a :class:`RocketMQError` whose subclass names the failure
class and whose message names what failed. ``code`` is the SDK's numeric code,
``retriable`` says whether trying again later can succeed.
"""

import builtins

__all__ = [
    "RocketMQError",
    "InvalidArgumentError",
    "NotFoundError",
    "IoError",
    "CorruptionError",
    "TimeoutError",
    "NetworkError",
    "ProtocolError",
    "BrokerError",
    "IllegalStateError",
    "BusyError",
    "NotSupportedError",
    "ResourceExhaustedError",
    "CancelledError",
    "InternalError",
]


class RocketMQError(Exception):
    """Base of every error the client raises for a failed operation."""

    code = -1
    retriable = False

    def __init__(self, message="", code=None):
        super().__init__(message)
        if code is not None:
            self.code = int(code)

    @property
    def message(self):
        """What failed and why."""
        return self.args[0] if self.args else ""


class InvalidArgumentError(RocketMQError, ValueError):
    """The caller passed something unusable (bad topic, bad configuration value)."""

    code = 1


class NotFoundError(RocketMQError):
    """The named thing does not exist (topic route, message, file)."""

    code = 2


class IoError(RocketMQError, OSError):
    """The operating system refused a file or disk operation."""

    code = 3


class CorruptionError(RocketMQError):
    """Stored or received data fails its checks."""

    code = 4


class TimeoutError(RocketMQError, builtins.TimeoutError):  # noqa: A001 - as asyncio.TimeoutError
    """The operation did not finish in the time allowed."""

    code = 5
    retriable = True


class NetworkError(RocketMQError, ConnectionError):
    """Connecting, sending or receiving failed."""

    code = 6
    retriable = True


class ProtocolError(RocketMQError):
    """The peer sent something the protocol does not allow."""

    code = 7


class BrokerError(RocketMQError):
    """The broker or nameserver answered with an error response code."""

    code = 8


class IllegalStateError(RocketMQError):
    """The client is not in a state that allows the call (not started, shut down)."""

    code = 9


class BusyError(RocketMQError):
    """The peer or a local resource is saturated; retry later."""

    code = 10
    retriable = True


class NotSupportedError(RocketMQError):
    """The operation is not implemented."""

    code = 11


class ResourceExhaustedError(RocketMQError):
    """A limit was hit (message too large, too many sends in flight, disk full)."""

    code = 12
    retriable = True


class CancelledError(RocketMQError):
    """The operation was abandoned, typically by shutdown."""

    code = 13


class InternalError(RocketMQError):
    """A bug: an invariant did not hold."""

    code = 14


# The native module raises by code; -1 is the fallback for a code this file does not know.
_BY_CODE = {cls.code: cls for cls in RocketMQError.__subclasses__()}
_BY_CODE[-1] = RocketMQError


# The official Python client's exception names (its rocketmq.exceptions), raised by
# rocketmq.client; each chains the error above that caused it (``__cause__``).
RocketMQException = RocketMQError


class NullPointerException(RocketMQError):
    """Official client: a null handle."""


class MallocFailed(RocketMQError):
    """Official client: an allocation failed."""


class ProducerException(RocketMQError):
    """Official client: a producer operation failed."""


class ProducerStartFailed(ProducerException):
    """Official client: start() of a producer failed."""


class ProducerSendSyncFailed(ProducerException):
    """Official client: send_sync() (or a transactional send) failed."""


class ProducerSendOnewayFailed(ProducerException):
    """Official client: send_oneway() failed."""


class ProducerSendOrderlyFailed(ProducerException):
    """Official client: send_orderly_with_sharding_key() failed."""


class ProducerSendAsyncFailed(ProducerException):
    """Official client: an asynchronous send failed."""


class ConsumerException(RocketMQError):
    """Official client: a consumer operation failed."""


class PushConsumerStartFailed(ConsumerException):
    """Official client: start() of a push consumer failed."""


__all__ += [
    "RocketMQException",
    "NullPointerException",
    "MallocFailed",
    "ProducerException",
    "ProducerStartFailed",
    "ProducerSendSyncFailed",
    "ProducerSendOnewayFailed",
    "ProducerSendOrderlyFailed",
    "ProducerSendAsyncFailed",
    "ConsumerException",
    "PushConsumerStartFailed",
]
