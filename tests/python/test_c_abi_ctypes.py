"""The C ABI driven from Python through ctypes, without a compiler, the way third-party
bindings (the official Python client among them) use librocketmq.so: both the native rmq_
layer and the official-compatible functions, against a namesrv and a broker started from
$RMQ_BUILD_DIR on ephemeral loopback ports."""

import ctypes
import os
import threading
import time

import pytest

import c_abi_cluster

LIBRARY = c_abi_cluster.LIBRARY

pytestmark = pytest.mark.skipif(
    not os.path.exists(LIBRARY), reason="RMQ_BUILD_DIR does not hold a built librocketmq.so")

c_void_p = ctypes.c_void_p
c_char_p = ctypes.c_char_p
c_int = ctypes.c_int


@pytest.fixture(scope="module")
def namesrv():
    with c_abi_cluster.cluster() as address:
        yield address.encode()


@pytest.fixture(scope="module")
def lib():
    library = ctypes.CDLL(LIBRARY)
    signatures = {
        # native layer
        "rmq_version": (c_int, []),
        "rmq_error_message": (c_char_p, [c_void_p]),
        "rmq_error_code": (c_int, [c_void_p]),
        "rmq_error_destroy": (None, [c_void_p]),
        "rmq_producer_new": (c_void_p, []),
        "rmq_producer_set": (c_int, [c_void_p, c_char_p, c_char_p, ctypes.POINTER(c_void_p)]),
        "rmq_producer_start": (c_int, [c_void_p, ctypes.POINTER(c_void_p)]),
        "rmq_producer_send": (c_int, [c_void_p, c_void_p, ctypes.POINTER(c_void_p),
                                      ctypes.POINTER(c_void_p)]),
        "rmq_producer_send_async": (c_int, [c_void_p, c_void_p, c_void_p, c_void_p,
                                            ctypes.POINTER(c_void_p)]),
        "rmq_producer_shutdown": (c_int, [c_void_p, ctypes.c_int64, ctypes.POINTER(c_void_p)]),
        "rmq_producer_destroy": (None, [c_void_p]),
        "rmq_transaction_producer_new": (c_void_p, [c_void_p, c_void_p]),
        "rmq_producer_send_in_transaction": (c_int, [c_void_p, c_void_p, c_void_p, c_void_p,
                                                     ctypes.POINTER(c_void_p),
                                                     ctypes.POINTER(c_int),
                                                     ctypes.POINTER(c_void_p)]),
        "rmq_send_result_msg_id": (c_char_p, [c_void_p]),
        "rmq_send_result_destroy": (None, [c_void_p]),
        "rmq_message_new": (c_void_p, [c_char_p]),
        "rmq_message_set_body": (c_int, [c_void_p, c_char_p, ctypes.c_size_t]),
        "rmq_message_set_tags": (c_int, [c_void_p, c_char_p]),
        "rmq_message_destroy": (None, [c_void_p]),
        "rmq_lite_pull_consumer_new": (c_void_p, []),
        "rmq_lite_pull_consumer_set": (c_int, [c_void_p, c_char_p, c_char_p,
                                               ctypes.POINTER(c_void_p)]),
        "rmq_lite_pull_consumer_subscribe": (c_int, [c_void_p, c_char_p, c_char_p, c_int,
                                                     ctypes.POINTER(c_void_p)]),
        "rmq_lite_pull_consumer_start": (c_int, [c_void_p, ctypes.POINTER(c_void_p)]),
        "rmq_lite_pull_consumer_poll": (c_int, [c_void_p, ctypes.c_int64,
                                                ctypes.POINTER(c_void_p),
                                                ctypes.POINTER(c_void_p)]),
        "rmq_lite_pull_consumer_destroy": (None, [c_void_p]),
        "rmq_lite_pull_consumer_fetch_queues": (c_int, [c_void_p, c_char_p,
                                                        ctypes.POINTER(c_void_p),
                                                        ctypes.POINTER(c_void_p)]),
        "rmq_queue_list_size": (ctypes.c_size_t, [c_void_p]),
        "rmq_queue_list_destroy": (None, [c_void_p]),
        "rmq_message_list_size": (ctypes.c_size_t, [c_void_p]),
        "rmq_message_list_get": (c_void_p, [c_void_p, ctypes.c_size_t]),
        "rmq_message_list_destroy": (None, [c_void_p]),
        "rmq_message_ext_body": (c_void_p, [c_void_p, ctypes.POINTER(ctypes.c_size_t)]),
        "rmq_message_ext_tags": (c_char_p, [c_void_p]),
        # official layer
        "CreateProducer": (c_void_p, [c_char_p]),
        "CreateTransactionProducer": (c_void_p, [c_char_p, c_void_p, c_void_p]),
        "SetProducerNameServerAddress": (c_int, [c_void_p, c_char_p]),
        "StartProducer": (c_int, [c_void_p]),
        "ShutdownProducer": (c_int, [c_void_p]),
        "DestroyProducer": (c_int, [c_void_p]),
        "SendMessageSync": (c_int, [c_void_p, c_void_p, c_void_p]),
        "SendMessageTransaction": (c_int, [c_void_p, c_void_p, c_void_p, c_void_p, c_void_p]),
        "CreateMessage": (c_void_p, [c_char_p]),
        "SetMessageTags": (c_int, [c_void_p, c_char_p]),
        "SetByteMessageBody": (c_int, [c_void_p, c_char_p, c_int]),
        "DestroyMessage": (c_int, [c_void_p]),
        "GetLatestErrorMessage": (c_char_p, []),
        "CreatePushConsumer": (c_void_p, [c_char_p]),
        "SetPushConsumerNameServerAddress": (c_int, [c_void_p, c_char_p]),
        "Subscribe": (c_int, [c_void_p, c_char_p, c_char_p]),
        "RegisterMessageCallback": (c_int, [c_void_p, c_void_p]),
        "StartPushConsumer": (c_int, [c_void_p]),
        "ShutdownPushConsumer": (c_int, [c_void_p]),
        "DestroyPushConsumer": (c_int, [c_void_p]),
        "GetMessageBody": (c_void_p, [c_void_p]),
        "GetMessageBodyLength": (c_int, [c_void_p]),
        "GetMessageTags": (c_char_p, [c_void_p]),
        "GetMessageTopic": (c_char_p, [c_void_p]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(library, name)
        function.restype = restype
        function.argtypes = argtypes
    return library


class CSendResult(ctypes.Structure):
    _fields_ = [("sendStatus", c_int), ("msgId", ctypes.c_char * 256),
                ("offset", ctypes.c_longlong)]


SEND_CB = ctypes.CFUNCTYPE(None, c_void_p, c_void_p, c_void_p)
TXN_EXECUTE_CB = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p)
TXN_CHECK_CB = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p)
MESSAGE_CALLBACK = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p)
TXN_CALLBACK = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p)


def _ok(lib, rc, error):
    assert rc == 0, lib.rmq_error_message(error).decode()


def test_struct_layout_matches_the_official_one():
    assert ctypes.sizeof(CSendResult) == 272
    assert CSendResult.offset.offset == 264


def test_native_layer_send_and_poll(lib, namesrv):
    assert lib.rmq_version() == 0x000100
    error = c_void_p()
    producer = lib.rmq_producer_new()
    assert lib.rmq_producer_set(producer, b"noSuchKey", b"1", ctypes.byref(error)) == 1
    assert b"noSuchKey" in lib.rmq_error_message(error)
    lib.rmq_error_destroy(error)
    _ok(lib, lib.rmq_producer_set(producer, b"namesrvAddr", namesrv, ctypes.byref(error)), error)
    _ok(lib, lib.rmq_producer_set(producer, b"producerGroup", b"PyNative", ctypes.byref(error)),
        error)
    _ok(lib, lib.rmq_producer_start(producer, ctypes.byref(error)), error)

    body = b"py\x00native"
    message = lib.rmq_message_new(b"PyNativeTopic")
    lib.rmq_message_set_tags(message, b"TagPy")
    lib.rmq_message_set_body(message, body, len(body))
    result = c_void_p()
    _ok(lib, lib.rmq_producer_send(producer, message, ctypes.byref(result), ctypes.byref(error)),
        error)
    assert lib.rmq_send_result_msg_id(result)
    lib.rmq_send_result_destroy(result)

    done = threading.Event()
    outcome = []

    def on_sent(send_result, send_error, opaque):
        outcome.append(bool(send_result) and not send_error)
        done.set()
    callback = SEND_CB(on_sent)
    _ok(lib, lib.rmq_producer_send_async(producer, message, ctypes.cast(callback, c_void_p), None,
                                         ctypes.byref(error)), error)
    assert done.wait(10) and outcome == [True]

    # The first send created the topic; a consumer whose first rebalance missed its route would
    # only find it 20 s later.
    consumer = lib.rmq_lite_pull_consumer_new()
    for key, value in [(b"namesrvAddr", namesrv), (b"consumerGroup", b"PyNativeRouteProbe")]:
        _ok(lib, lib.rmq_lite_pull_consumer_set(consumer, key, value, ctypes.byref(error)), error)
    _ok(lib, lib.rmq_lite_pull_consumer_start(consumer, ctypes.byref(error)), error)

    def route_known():
        queues = c_void_p()
        if lib.rmq_lite_pull_consumer_fetch_queues(consumer, b"PyNativeTopic", ctypes.byref(queues),
                                                   None) != 0:
            return False
        found = lib.rmq_queue_list_size(queues) > 0
        lib.rmq_queue_list_destroy(queues)
        return found
    c_abi_cluster.wait_for(route_known, 10, "the topic's route")
    lib.rmq_lite_pull_consumer_destroy(consumer)

    consumer = lib.rmq_lite_pull_consumer_new()
    for key, value in [(b"namesrvAddr", namesrv), (b"consumerGroup", b"PyNativeReader"),
                       (b"consumeFromWhere", b"CONSUME_FROM_FIRST_OFFSET")]:
        _ok(lib, lib.rmq_lite_pull_consumer_set(consumer, key, value, ctypes.byref(error)), error)
    _ok(lib, lib.rmq_lite_pull_consumer_subscribe(consumer, b"PyNativeTopic", b"*", 0,
                                                  ctypes.byref(error)), error)
    _ok(lib, lib.rmq_lite_pull_consumer_start(consumer, ctypes.byref(error)), error)
    bodies = []
    deadline = time.monotonic() + 20
    while len(bodies) < 2 and time.monotonic() < deadline:
        messages = c_void_p()
        _ok(lib, lib.rmq_lite_pull_consumer_poll(consumer, 200, ctypes.byref(messages),
                                                 ctypes.byref(error)), error)
        for i in range(lib.rmq_message_list_size(messages)):
            received = lib.rmq_message_list_get(messages, i)
            size = ctypes.c_size_t()
            data = lib.rmq_message_ext_body(received, ctypes.byref(size))
            bodies.append((lib.rmq_message_ext_tags(received), ctypes.string_at(data, size.value)))
        lib.rmq_message_list_destroy(messages)
    assert bodies == [(b"TagPy", body), (b"TagPy", body)]

    lib.rmq_lite_pull_consumer_destroy(consumer)
    _ok(lib, lib.rmq_producer_shutdown(producer, 3000, ctypes.byref(error)), error)
    lib.rmq_producer_destroy(producer)
    lib.rmq_message_destroy(message)


def test_native_layer_transactions(lib, namesrv):
    checked = threading.Event()

    def check(message, opaque):
        checked.set()
        return 0  # RMQ_TXN_COMMIT

    def execute(message, result, opaque):
        assert ctypes.cast(opaque, ctypes.POINTER(c_int)).contents.value == 42
        return 2  # RMQ_TXN_UNKNOWN: settled by the check-back
    checker, executor = TXN_CHECK_CB(check), TXN_EXECUTE_CB(execute)
    error = c_void_p()
    producer = lib.rmq_transaction_producer_new(ctypes.cast(checker, c_void_p), None)
    _ok(lib, lib.rmq_producer_set(producer, b"namesrvAddr", namesrv, ctypes.byref(error)), error)
    _ok(lib, lib.rmq_producer_set(producer, b"producerGroup", b"PyNativeTxn", ctypes.byref(error)),
        error)
    _ok(lib, lib.rmq_producer_start(producer, ctypes.byref(error)), error)
    message = lib.rmq_message_new(b"PyNativeTxnTopic")
    lib.rmq_message_set_body(message, b"txn", 3)
    token = c_int(42)
    result, state = c_void_p(), c_int(-1)
    _ok(lib, lib.rmq_producer_send_in_transaction(
        producer, message, ctypes.cast(executor, c_void_p), ctypes.cast(ctypes.byref(token), c_void_p),
        ctypes.byref(result), ctypes.byref(state), ctypes.byref(error)), error)
    assert state.value == 2 and lib.rmq_send_result_msg_id(result)
    lib.rmq_send_result_destroy(result)
    assert checked.wait(15)
    _ok(lib, lib.rmq_producer_shutdown(producer, 3000, ctypes.byref(error)), error)
    lib.rmq_producer_destroy(producer)
    lib.rmq_message_destroy(message)


def test_official_layer_send_consume_and_transactions(lib, namesrv):
    assert lib.CreateProducer(None) is None
    producer = lib.CreateProducer(b"PyOfficial")
    assert lib.SetProducerNameServerAddress(producer, namesrv) == 0
    assert lib.StartProducer(producer) == 0

    body = b"official\x00bytes"
    message = lib.CreateMessage(b"PyOfficialTopic")
    assert lib.SetMessageTags(message, b"TagO") == 0
    assert lib.SetByteMessageBody(message, body, len(body)) == 0
    result = CSendResult()
    assert lib.SendMessageSync(producer, message, ctypes.byref(result)) == 0, \
        lib.GetLatestErrorMessage()
    assert result.sendStatus == 0 and result.msgId and result.offset >= 0
    assert lib.SendMessageSync(producer, None, ctypes.byref(result)) == 1  # NULL_POINTER

    # The official push consumer starts at the last offset: send until one arrives.
    received = []
    arrived = threading.Event()

    def on_message(consumer, msg):
        data = ctypes.string_at(lib.GetMessageBody(msg), lib.GetMessageBodyLength(msg))
        received.append((lib.GetMessageTopic(msg), lib.GetMessageTags(msg), data))
        arrived.set()
        return 0
    callback = MESSAGE_CALLBACK(on_message)
    consumer = lib.CreatePushConsumer(b"PyOfficialConsumer")
    assert lib.SetPushConsumerNameServerAddress(consumer, namesrv) == 0
    assert lib.Subscribe(consumer, b"PyOfficialTopic", b"TagO") == 0
    assert lib.RegisterMessageCallback(consumer, ctypes.cast(callback, c_void_p)) == 0
    assert lib.StartPushConsumer(consumer) == 0, lib.GetLatestErrorMessage()
    deadline = time.monotonic() + 30
    while not arrived.is_set() and time.monotonic() < deadline:
        assert lib.SendMessageSync(producer, message, ctypes.byref(result)) == 0
        arrived.wait(0.2)
    assert received and received[0] == (b"PyOfficialTopic", b"TagO", body)
    assert lib.ShutdownPushConsumer(consumer) == 0
    assert lib.DestroyPushConsumer(consumer) == 0

    checks = threading.Event()

    def check(txn_producer, msg, data):
        checks.set()
        return 0  # E_COMMIT_TRANSACTION

    def execute(txn_producer, msg, data):
        return 2  # E_UNKNOWN_TRANSACTION: settled by the check-back
    checker, executor = TXN_CALLBACK(check), TXN_CALLBACK(execute)
    transactional = lib.CreateTransactionProducer(b"PyOfficialTxn",
                                                  ctypes.cast(checker, c_void_p), None)
    assert lib.SetProducerNameServerAddress(transactional, namesrv) == 0
    assert lib.StartProducer(transactional) == 0
    assert lib.SendMessageTransaction(transactional, message, ctypes.cast(executor, c_void_p),
                                      None, ctypes.byref(result)) == 0, lib.GetLatestErrorMessage()
    assert checks.wait(15)
    assert lib.ShutdownProducer(transactional) == 0
    assert lib.DestroyProducer(transactional) == 0

    assert lib.ShutdownProducer(producer) == 0
    assert lib.DestroyProducer(producer) == 0
    assert lib.DestroyMessage(message) == 0
