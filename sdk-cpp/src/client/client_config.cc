#include "rocketmq/client_config.h"

#include <limits>

#include "client/namesrv_selector.h"
#include "client/validators.h"
#include "common/settings.h"

namespace rocketmq {
namespace {

constexpr int64_t kMaxIntervalMs = 24LL * 3600 * 1000;

std::string CheckNamesrvList(const std::string& value) {
  if (value.empty()) return "";  // empty means NAMESRV_ADDR at Start()
  auto parsed = client::NamesrvSelector::ParseAddresses(value);
  return parsed.ok() ? "" : parsed.status().message();
}

std::string CheckNonEmpty(const std::string& value) {
  return value.empty() ? "must not be empty" : "";
}

void DeclareClientSettings(ClientConfig* c, Settings* s) {
  s->String("namesrvAddr", &c->namesrv_addr, "nameserver addresses, host:port;host:port",
            CheckNamesrvList);
  s->String("instanceName", &c->instance_name, "client instance name", CheckNonEmpty);
  s->String("namespace", &c->name_space, "namespace prefixed to topics and groups");
  s->String("unitName", &c->unit_name, "unit name appended to the client id");
  s->String("accessKey", &c->access_key, "ACL access key");
  s->String("secretKey", &c->secret_key, "ACL secret key");
  s->String("onsChannel", &c->ons_channel, "ACL channel");
  s->Bool("useTLS", &c->tls_enable, "TLS to brokers and nameservers");
  s->String("tlsTrustCertPath", &c->tls_trust_cert_path, "CA certificates (PEM)");
  s->String("tlsCertPath", &c->tls_cert_path, "client certificate (PEM)");
  s->String("tlsKeyPath", &c->tls_key_path, "client private key (PEM)");
  s->Int("pollNameServerInterval", &c->poll_name_server_interval_ms, 10, kMaxIntervalMs,
         "route refresh interval, ms");
  s->Int("heartbeatBrokerInterval", &c->heartbeat_broker_interval_ms, 10, kMaxIntervalMs,
         "broker heartbeat interval, ms");
  s->Int("connectTimeout", &c->connect_timeout_ms, 1, 600000, "TCP connect timeout, ms");
  s->Enum("serializeType", &c->serialize_type, {"ROCKETMQ", "JSON"},
          "header form of requests (Java's rocketmq.serialize.type)");
  s->Int("ioThreads", &c->io_threads, 1, 64, "I/O threads of the client instance");
  s->Int("clientCallbackExecutorThreads", &c->callback_threads, 1, 1024,
         "threads running user callbacks");
  s->Bool("enableMsgTrace", &c->enable_msg_trace, "record message traces to the trace topic");
  s->String("customizedTraceTopic", &c->customized_trace_topic,
            "trace topic (empty: RMQ_SYS_TRACE_TOPIC)");
}

void DeclareProducerSettings(ProducerConfig* c, Settings* s) {
  s->String("producerGroup", &c->group, "producer group", [](const std::string& v) {
    auto status = client::CheckGroup(v);
    return status.ok() ? std::string() : status.message();
  });
  s->Int("sendMsgTimeout", &c->send_timeout_ms, 1, 3600000, "send timeout, ms");
  s->Int("retryTimesWhenSendFailed", &c->retry_times_when_send_failed, 0, 64,
         "extra attempts of a failed sync send");
  s->Int("retryTimesWhenSendAsyncFailed", &c->retry_times_when_send_async_failed, 0, 64,
         "extra attempts of a failed async send");
  s->Bool("retryAnotherBrokerWhenNotStoreOK", &c->retry_another_broker_when_not_store_ok,
          "also retry when stored without flush/replication confirmation");
  s->Bool("sendLatencyFaultEnable", &c->send_latency_fault_enable,
          "avoid brokers that recently failed or were slow");
  s->Int("compressMsgBodyOverHowmuch", &c->compress_msg_body_over_howmuch, 0,
         std::numeric_limits<int32_t>::max(), "compress bodies at least this large, bytes");
  s->Int("compressLevel", &c->compress_level, 0, 9, "zlib compression level");
  s->Int("maxMessageSize", &c->max_message_size, 1, 1024 * 1024 * 1024,
         "largest body (or encoded batch), bytes");
  s->Int("maxAsyncInFlight", &c->max_async_in_flight, 1, 10000000, "async sends in flight at once");
  s->Bool("coalesceAsyncSends", &c->coalesce_async_sends,
          "send async sends that pile up as batches, each message with its own result");
  s->Int("coalesceMaxMessages", &c->coalesce_max_messages, 1, 1024,
         "messages per coalesced batch at most");
  s->Bool("asyncCallbackOnIoThread", &c->async_callback_on_io_thread,
          "run answered async sends' callbacks on the I/O thread (short, non-blocking ones only)");
  s->String("createTopicKey", &c->create_topic_key, "template topic for auto-creation",
            [](const std::string& v) {
              auto status = client::CheckTopic(v);
              return status.ok() ? std::string() : status.message();
            });
  s->Int("defaultTopicQueueNums", &c->default_topic_queue_nums, 1, 1024,
         "queues of an auto-created topic");
}

}  // namespace

Status ClientConfig::Set(const std::string& key, const std::string& value) {
  Settings settings("client");
  DeclareClientSettings(this, &settings);
  return settings.Set(key, value, "ClientConfig::Set");
}

Status ProducerConfig::Set(const std::string& key, const std::string& value) {
  Settings settings("producer");
  DeclareProducerSettings(this, &settings);
  if (settings.Has(key)) return settings.Set(key, value, "ProducerConfig::Set");
  return ClientConfig::Set(key, value);
}

}  // namespace rocketmq
