"""Message and option handling: no cluster needed."""

import pytest

import rocketmq

BINARY = bytes(range(256)) + b"\x00\x00\xff\xfe"


def test_body_is_binary_safe_and_str_is_utf8():
    assert rocketmq.Message("T", BINARY).body == BINARY
    assert rocketmq.Message("T", bytearray(b"\x00\xff")).body == b"\x00\xff"
    assert rocketmq.Message("T", memoryview(b"ab\x00")).body == b"ab\x00"
    assert rocketmq.Message("T", "héllo").body == "héllo".encode()
    m = rocketmq.Message("T")
    m.body = b"\xff\x00"
    assert m.body == b"\xff\x00"


def test_fields_and_properties():
    m = rocketmq.Message("T", b"x", tags="TagA", keys=["k1", "k2"], properties={"a": "1"}, delay_level=3)
    assert (m.topic, m.tags, m.keys, m.delay_level) == ("T", "TagA", ["k1", "k2"], 3)
    assert m.get_property("a") == "1"
    assert m.get_property("missing") is None
    assert m.properties["a"] == "1"
    m.keys = "single"
    assert m.keys == ["single"]
    m.set_property("b", "2")
    m.clear_property("a")
    assert m.get_property("b") == "2" and m.get_property("a") is None


def test_bad_message_arguments_raise_type_error():
    with pytest.raises(TypeError, match="body"):
        rocketmq.Message("T", 42)
    with pytest.raises(TypeError):
        rocketmq.Message("T", b"", properties={"a": 1})
    with pytest.raises(TypeError):
        rocketmq.Message("T", b"", unknown=1)


def test_options_are_validated_by_name_type_and_value():
    with pytest.raises(TypeError, match="'sendtimeout'"):
        rocketmq.Producer("g", sendtimeout=1)
    with pytest.raises(TypeError, match="send_timeout_ms"):
        rocketmq.Producer("g", send_timeout_ms="1000")
    with pytest.raises(TypeError, match="use_tls"):
        rocketmq.Producer("g", use_tls=1)
    with pytest.raises(ValueError, match="sendMsgTimeout") as info:
        rocketmq.Producer("g", send_timeout_ms=-5)
    assert isinstance(info.value, rocketmq.InvalidArgumentError)
    with pytest.raises(ValueError, match="namesrvAddr"):
        rocketmq.PushConsumer("g", namesrv_addr="no-port")
    with pytest.raises(ValueError):
        rocketmq.PushConsumer("g", message_model="SIDEWAYS")
    rocketmq.PushConsumer("g", message_model="broadcasting", consume_from=rocketmq.ConsumeFrom.FIRST_OFFSET)


def test_errors_before_start_name_the_state():
    producer = rocketmq.Producer("g", namesrv_addr="127.0.0.1:1")
    with pytest.raises(rocketmq.IllegalStateError):
        producer.send("T", b"x")
    with pytest.raises(rocketmq.RocketMQError):
        producer.send_async("T", b"x")


def test_exception_hierarchy():
    assert issubclass(rocketmq.TimeoutError, TimeoutError)
    assert issubclass(rocketmq.NetworkError, ConnectionError)
    assert issubclass(rocketmq.InvalidArgumentError, ValueError)
    assert rocketmq.TimeoutError("x").retriable and not rocketmq.BrokerError("x").retriable
    assert rocketmq.BrokerError("x", 8).code == 8
