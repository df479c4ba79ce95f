"""TransactionProducer: commit, rollback, and an unknown outcome settled by the check-back."""

import threading

import rocketmq
from example_args import example_args
from rocketmq import TransactionState

checked = threading.Event()


def checker(message):
    """The broker asks about a transaction left UNKNOWN: answer from the local state."""
    print("checked", message.msg_id)
    checked.set()
    return TransactionState.COMMIT


def execute(message, send_result):
    """Runs the local transaction once the half message is stored."""
    return {b"commit": TransactionState.COMMIT, b"rollback": TransactionState.ROLLBACK}.get(
        message.body, TransactionState.UNKNOWN)


with example_args(__doc__) as args, rocketmq.TransactionProducer(
        "example_tx_producer", checker, namesrv_addr=args.namesrv) as producer:
    for body in (b"commit", b"rollback", b"unknown"):
        result = producer.send(args.topic, execute, body)
        print(body.decode(), "->", result.local_state.name, result.message_id)
    print("waiting for the broker's check of the unknown one (transactionCheckInterval)...")
    checked.wait(90)
