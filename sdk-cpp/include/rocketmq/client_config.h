// Client and producer configuration: plain structs with validated defaults, settable field by
// field in C++ or by name (the Java client's property names) from C, Python or config files.
#ifndef ROCKETMQ_CLIENT_CONFIG_H_
#define ROCKETMQ_CLIENT_CONFIG_H_

#include <cstdint>
#include <string>

#include "rocketmq/export.h"
#include "rocketmq/status.h"

namespace rocketmq {

// Settings shared by every client of one process-level connection set (a ClientInstance).
struct RMQ_EXPORT ClientConfig {
  // Nameserver addresses, "host:port;host:port". Empty means the NAMESRV_ADDR environment
  // variable at Start().
  std::string namesrv_addr;
  // Distinguishes client instances in one process; part of the client id "ip@instance".
  std::string instance_name = "DEFAULT";
  // Prefix applied to topics and groups ("ns%topic") when non-empty, as Java's namespace.
  std::string name_space;
  std::string unit_name;
  // ACL credentials; requests are signed when access_key is non-empty.
  std::string access_key;
  std::string secret_key;
  std::string ons_channel = "ALIYUN";
  // TLS to brokers and nameservers (Java's useTLS; the servers need tls.server.mode
  // permissive, Apache's default, or enforcing). Without a CA bundle any server certificate
  // is accepted, as in Java's default test mode; with one, servers it did not sign are
  // refused. The certificate and key (PEM) are shown to servers that ask for them
  // (tls.server.need.client.auth). Start() fails naming a file that cannot be loaded or a
  // key that does not match its certificate. examples/tls_producer.cc shows them in use.
  bool tls_enable = false;
  std::string tls_trust_cert_path;
  std::string tls_cert_path;
  std::string tls_key_path;

  int64_t poll_name_server_interval_ms = 30000;  // route refresh
  int64_t heartbeat_broker_interval_ms = 30000;
  int64_t connect_timeout_ms = 3000;
  // Header form of requests: "ROCKETMQ" (binary; decoded by every Apache 4.x/5.x server and
  // about twice as fast end to end) or "JSON" (what Java clients send by default).
  // Responses are accepted in either form.
  std::string serialize_type = "ROCKETMQ";
  int32_t io_threads = 1;        // libevent I/O threads of the instance
  int32_t callback_threads = 4;  // threads running user callbacks (send results, listeners)
  // Message traces (Java's enableMsgTrace / customizedTraceTopic): a producer records each
  // send that got a result, a push consumer each message before and after its listener, in
  // Apache's trace text format; a hidden producer with its own thread ships the records in
  // batches to the trace topic (RMQ_SYS_TRACE_TOPIC unless named here), never slowing or
  // failing the traced calls (a full trace queue drops records, with one warning).
  bool enable_msg_trace = false;
  std::string customized_trace_topic;

  // Sets one field by its Java-client name (namesrvAddr, instanceName, namespace,
  // accessKey, secretKey, pollNameServerInterval, heartbeatBrokerInterval, serializeType,
  // ...).
  // Unknown names and invalid values are InvalidArgument errors naming the key.
  virtual Status Set(const std::string& key, const std::string& value);
  virtual ~ClientConfig() = default;
};

struct RMQ_EXPORT ProducerConfig : ClientConfig {
  std::string group = "DEFAULT_PRODUCER";
  int64_t send_timeout_ms = 3000;
  // Extra attempts after a failed sync send, each to another queue (another broker if any).
  int32_t retry_times_when_send_failed = 2;
  int32_t retry_times_when_send_async_failed = 2;
  // Also retry when the broker stored the message but reported a flush/slave problem.
  bool retry_another_broker_when_not_store_ok = false;
  // Avoid brokers that recently failed or answered slowly (latency fault tolerance).
  bool send_latency_fault_enable = true;
  int32_t compress_msg_body_over_howmuch = 4096;
  int32_t compress_level = 5;
  int32_t max_message_size = 4 * 1024 * 1024;
  // Async sends in flight at once; SendAsync waits up to send_timeout_ms for a free slot.
  int32_t max_async_in_flight = 10000;
  // Topic whose route is used to auto-create unknown topics on brokers that allow it.
  std::string create_topic_key = "TBW102";
  int32_t default_topic_queue_nums = 4;
  // Coalescing of SendAsync(message, callback) (no queue or selector given). A send goes out
  // at once while fewer than a few coalesced requests of its topic are in flight; otherwise it
  // waits for one of them to be answered and then leaves with every send of the topic that
  // waited meanwhile, as one SEND_BATCH_MESSAGE of at most coalesce_max_messages. Each message
  // keeps its own callback and SendResult (its id, queue and queue offset); a failed request
  // fails each of its messages. An idle producer adds no delay; a busy one sends far fewer,
  // larger requests. Sent alone as before: messages with a delay level, a transaction, a
  // %RETRY% topic, WAIT=false, or a body large enough to be compressed.
  bool coalesce_async_sends = false;
  int32_t coalesce_max_messages = 256;
  // Runs an async send's callback, when the broker answered it, on the I/O thread that read
  // the answer instead of handing it to a callback thread: one thread wakeup less per answer
  // (most of a send's cost at a steady moderate rate). Only for callbacks that are short and
  // never block: while one runs, no answer of the client instance is read, so a callback that
  // sends synchronously, or waits for a free maxAsyncInFlight slot, stalls every send until
  // its timeout. Retries and failures (timeout, lost connection, shutdown) still run on a
  // callback thread, and so do coalesced sends.
  bool async_callback_on_io_thread = false;

  // Also accepts producerGroup, sendMsgTimeout, retryTimesWhenSendFailed,
  // retryTimesWhenSendAsyncFailed, retryAnotherBrokerWhenNotStoreOK, sendLatencyFaultEnable,
  // compressMsgBodyOverHowmuch, compressLevel, maxMessageSize, maxAsyncInFlight,
  // createTopicKey, defaultTopicQueueNums, coalesceAsyncSends, coalesceMaxMessages,
  // asyncCallbackOnIoThread.
  Status Set(const std::string& key, const std::string& value) override;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_CONFIG_H_
