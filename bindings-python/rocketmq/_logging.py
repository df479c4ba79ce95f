"""The SDK's log lines, delivered to the "rocketmq" logger of Python's logging.

The SDK queues its lines (it may log on I/O threads, which must never wait for the GIL);
a daemon thread, started with the first client, hands them to the logger. The SDK's own level follows the logger's
effective level at import; set_log_level() changes it later.
"""

import atexit
import logging
import threading

from . import _native

logger = logging.getLogger("rocketmq")

_TO_PYTHON = {
    _native.LogLevel.TRACE: 5,
    _native.LogLevel.DEBUG: logging.DEBUG,
    _native.LogLevel.INFO: logging.INFO,
    _native.LogLevel.WARN: logging.WARNING,
    _native.LogLevel.ERROR: logging.ERROR,
    _native.LogLevel.FATAL: logging.CRITICAL,
}


def _sdk_level(level):
    if isinstance(level, str):
        level = logging.getLevelName(level.upper())
        if not isinstance(level, int):
            raise ValueError(f"unknown log level {level!r}")
    if level <= 5:
        return _native.LogLevel.TRACE
    if level <= logging.DEBUG:
        return _native.LogLevel.DEBUG
    if level <= logging.INFO:
        return _native.LogLevel.INFO
    if level <= logging.WARNING:
        return _native.LogLevel.WARN
    if level <= logging.ERROR:
        return _native.LogLevel.ERROR
    return _native.LogLevel.FATAL


def set_log_level(level):
    """Sets the level of the SDK's lines (a logging level: int or name such as "DEBUG")
    and of the "rocketmq" logger."""
    sdk = _sdk_level(level)
    logger.setLevel(_TO_PYTHON[sdk])
    _native.set_log_level(sdk)


def _drain():
    while True:
        batch = _native.log_records(1.0)
        if batch is None:
            return
        records, dropped = batch
        if dropped:
            logger.warning("%d SDK log lines were dropped (the logging thread fell behind)", dropped)
        for level, file, line, message in records:
            pylevel = _TO_PYTHON.get(level, logging.ERROR)
            if logger.isEnabledFor(pylevel):
                logger.handle(logger.makeRecord(logger.name, pylevel, file, line, message, (), None))


def _close():
    _native.close_log_bridge()
    _thread.join(2.0)


_thread = None


def start_bridge():
    """Routes the SDK's lines to the logger from now on (rocketmq._lifecycle calls it once,
    with the first client)."""
    global _thread
    _native.open_log_bridge()
    _thread = threading.Thread(target=_drain, name="rocketmq-logging", daemon=True)
    _thread.start()
    atexit.register(_close)


_native.set_log_level(_sdk_level(logger.getEffectiveLevel()))
