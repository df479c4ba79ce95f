"""Keyword options of the clients, validated by name and type, mapped to the SDK's settings
(the Java client's property names, which the SDK validates by value)."""

import enum

from . import _native

_CLIENT = {
    "namesrv_addr": ("namesrvAddr", str),
    "instance_name": ("instanceName", str),
    "namespace": ("namespace", str),
    "unit_name": ("unitName", str),
    "access_key": ("accessKey", str),
    "secret_key": ("secretKey", str),
    "ons_channel": ("onsChannel", str),
    "use_tls": ("useTLS", bool),
    "tls_trust_cert_path": ("tlsTrustCertPath", str),
    "tls_cert_path": ("tlsCertPath", str),
    "tls_key_path": ("tlsKeyPath", str),
    "poll_name_server_interval_ms": ("pollNameServerInterval", int),
    "heartbeat_broker_interval_ms": ("heartbeatBrokerInterval", int),
    "connect_timeout_ms": ("connectTimeout", int),
    "serialize_type": ("serializeType", str),
    "io_threads": ("ioThreads", int),
    "callback_threads": ("clientCallbackExecutorThreads", int),
    "enable_msg_trace": ("enableMsgTrace", bool),
    "customized_trace_topic": ("customizedTraceTopic", str),
}

PRODUCER = dict(
    _CLIENT,
    group=("producerGroup", str),
    send_timeout_ms=("sendMsgTimeout", int),
    retry_times_when_send_failed=("retryTimesWhenSendFailed", int),
    retry_times_when_send_async_failed=("retryTimesWhenSendAsyncFailed", int),
    retry_another_broker_when_not_store_ok=("retryAnotherBrokerWhenNotStoreOK", bool),
    send_latency_fault_enable=("sendLatencyFaultEnable", bool),
    compress_msg_body_over_howmuch=("compressMsgBodyOverHowmuch", int),
    compress_level=("compressLevel", int),
    max_message_size=("maxMessageSize", int),
    max_async_in_flight=("maxAsyncInFlight", int),
    coalesce_async_sends=("coalesceAsyncSends", bool),
    coalesce_max_messages=("coalesceMaxMessages", int),
    create_topic_key=("createTopicKey", str),
    default_topic_queue_nums=("defaultTopicQueueNums", int),
)

CONSUMER = dict(
    _CLIENT,
    group=("consumerGroup", str),
    message_model=("messageModel", _native.MessageModel),
    consume_from=("consumeFromWhere", _native.ConsumeFrom),
    consume_timestamp_ms=("consumeTimestamp", int),
    consume_threads=("consumeThreadMin", int),
    consume_batch_size=("consumeMessageBatchMaxSize", int),
    suspend_current_queue_time_ms=("suspendCurrentQueueTimeMillis", int),
    pull_batch_size=("pullBatchSize", int),
    pull_interval_ms=("pullInterval", int),
    pull_threshold_for_queue=("pullThresholdForQueue", int),
    pull_threshold_size_for_queue_mib=("pullThresholdSizeForQueue", int),
    max_reconsume_times=("maxReconsumeTimes", int),
    consume_timeout_minutes=("consumeTimeout", int),
    allocate_strategy=("allocateMessageQueueStrategy", str),
    offset_store_dir=("offsetStoreDir", str),
)


def _text(name, kind, value):
    if kind is bool:
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
        return "true" if value else "false"
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")
        return str(value)
    if kind is str:
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
        return value
    if issubclass(kind, enum.Enum):
        if isinstance(value, str):
            value = kind[value.upper()]
        if not isinstance(value, kind):
            raise TypeError(f"{name} must be a {kind.__name__}, not {type(value).__name__}")
        if kind is _native.ConsumeFrom:
            return "CONSUME_FROM_" + value.name
        return value.name
    raise AssertionError(kind)


def settings(table, owner, options):
    """The SDK settings for `options`; TypeError names an unknown or mistyped option."""
    out = {}
    for name, value in options.items():
        if value is None:
            continue
        try:
            key, kind = table[name]
        except KeyError:
            raise TypeError(f"{owner}() got an unexpected keyword argument {name!r}") from None
        try:
            out[key] = _text(name, kind, value)
        except KeyError:
            raise ValueError(f"{name}: unknown value {value!r}") from None
    return out
