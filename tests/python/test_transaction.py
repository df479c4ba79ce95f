"""TransactionProducer: commit, rollback, check-back of an UNKNOWN, executor exceptions."""

import threading

import pytest

import rocketmq
from helpers import poll_until, subscribe


def visible(namesrv, topic, group, n, timeout=20.0):
    with rocketmq.LitePullConsumer(group, namesrv_addr=namesrv, consume_from="FIRST_OFFSET") as consumer:
        subscribe(consumer, topic)
        return [m.body for m in poll_until(consumer, n, timeout)]


def test_commit_rollback_and_checked_unknown(namesrv, topic):
    checked = threading.Event()

    def checker(message):
        checked.set()
        return rocketmq.TransactionState.COMMIT if message.body == b"unknown" else rocketmq.TransactionState.ROLLBACK

    seen = []

    def executor(message, result):
        seen.append((message.body, result.message_id))
        return {b"commit": True, b"rollback": rocketmq.TransactionState.ROLLBACK,
                b"unknown": rocketmq.TransactionState.UNKNOWN}[message.body]

    with rocketmq.TransactionProducer("g_tx", checker, namesrv_addr=namesrv) as producer:
        results = {body: producer.send(topic, executor, body) for body in (b"commit", b"rollback", b"unknown")}
        assert results[b"commit"].local_state == rocketmq.TransactionState.COMMIT
        assert results[b"rollback"].local_state == rocketmq.TransactionState.ROLLBACK
        assert [s[0] for s in seen] == [b"commit", b"rollback", b"unknown"]
        assert checked.wait(30), "the broker never checked the UNKNOWN transaction"
        assert sorted(visible(namesrv, topic, "g_tx_read", 2, 30)) == [b"commit", b"unknown"]


def test_executor_exception_is_raised_and_checker_is_required(namesrv, topic):
    with pytest.raises(TypeError):
        rocketmq.TransactionProducer("g_tx2", None, namesrv_addr=namesrv)
    with rocketmq.TransactionProducer("g_tx2", lambda m: False, namesrv_addr=namesrv) as producer:
        def executor(message, result):
            raise KeyError("local transaction failed")

        with pytest.raises(KeyError, match="local transaction failed"):
            producer.send(topic, executor, b"x")
        with pytest.raises(ValueError):
            producer.send(topic, lambda m, r: "yes", b"y")
