// CPushConsumer: the official push consumer functions mapped onto rmq_push_consumer_t.
#include <atomic>
#include <new>
#include <string>

#include "compat/official.h"
#include "native/live_handles.h"

using rocketmq::compat::NullPointer;
using rocketmq::compat::Official;
using rocketmq::compat::Status;

struct CPushConsumer {
  rmq_push_consumer_t* native = nullptr;
  // Unregistering while running makes later messages come back (RECONSUME_LATER).
  std::atomic<MessageCallBack> callback{nullptr};
};

namespace {

constexpr int64_t kShutdownTimeoutMs = 3000;

// A setting the library refuses has no CStatus of its own: the family's first code.
int Set(CPushConsumer* consumer, const char* name, const char* value) {
  rmq_error_t* error = nullptr;
  return Status(rmq_push_consumer_set(consumer->native, name, value, &error), &error,
                PUSHCONSUMER_ERROR_CODE_START);
}

// The official callback takes one message: a batch's messages are handed over in turn, and
// the first one not consumed sends the batch back.
rmq_consume_status_t Consume(rmq_push_consumer_t*, const rmq_message_list_t* messages,
                             void* opaque) {
  auto* consumer = static_cast<CPushConsumer*>(opaque);
  const MessageCallBack callback = consumer->callback.load();
  if (!callback) return RMQ_CONSUME_RETRY_LATER;
  for (size_t i = 0; i < rmq_message_list_size(messages); ++i) {
    if (callback(consumer, Official(rmq_message_list_get(messages, i))) != E_CONSUME_SUCCESS) {
      return RMQ_CONSUME_RETRY_LATER;
    }
  }
  return RMQ_CONSUME_SUCCESS;
}

int Register(CPushConsumer* consumer, MessageCallBack callback, bool orderly) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!callback) return NullPointer("pCallback");
  rmq_error_t* error = nullptr;
  const rmq_err_t rc =
      orderly ? rmq_push_consumer_set_orderly_listener(consumer->native, Consume, consumer, &error)
              : rmq_push_consumer_set_listener(consumer->native, Consume, consumer, &error);
  if (rc == RMQ_OK) consumer->callback.store(callback);
  return Status(rc, &error, PUSHCONSUMER_ERROR_CODE_START);
}

int Unregister(CPushConsumer* consumer) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  consumer->callback.store(nullptr);
  return OK;
}

}  // namespace

extern "C" {

CPushConsumer* CreatePushConsumer(const char* groupId) {
  if (!groupId) return nullptr;
  auto* consumer = new (std::nothrow) CPushConsumer();
  if (!consumer) return nullptr;
  consumer->native = rmq_push_consumer_new();
  if (!consumer->native || Set(consumer, "consumerGroup", groupId) != OK ||
      Set(consumer, "consumeFromWhere", "CONSUME_FROM_LAST_OFFSET") != OK) {
    rmq_push_consumer_destroy(consumer->native);
    delete consumer;
    return nullptr;
  }
  rocketmq::capi::RegisterHandle(consumer);
  return consumer;
}

int DestroyPushConsumer(CPushConsumer* consumer) {
  if (!rocketmq::capi::UnregisterHandle(consumer)) return rocketmq::compat::NoHandle("consumer");
  rmq_push_consumer_destroy(consumer->native);
  delete consumer;
  return OK;
}

int StartPushConsumer(CPushConsumer* consumer) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  rmq_error_t* error = nullptr;
  return Status(rmq_push_consumer_start(consumer->native, &error), &error,
                PUSHCONSUMER_START_FAILED);
}

int ShutdownPushConsumer(CPushConsumer* consumer) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  rmq_error_t* error = nullptr;
  const rmq_err_t rc = rmq_push_consumer_shutdown(consumer->native, kShutdownTimeoutMs, &error);
  if (rc == RMQ_ERR_ILLEGAL_STATE) {
    rmq_error_destroy(error);
    return OK;
  }
  return Status(rc, &error, PUSHCONSUMER_ERROR_CODE_START);
}

const char* ShowPushConsumerVersion(CPushConsumer* consumer) {
  return rocketmq::capi::IsLive(consumer) ? rocketmq::compat::VersionText() : nullptr;
}

int SetPushConsumerGroupID(CPushConsumer* consumer, const char* groupId) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!groupId) return NullPointer("groupId");
  return Set(consumer, "consumerGroup", groupId);
}

const char* GetPushConsumerGroupID(CPushConsumer* consumer) {
  return rocketmq::capi::IsLive(consumer) ? rmq_push_consumer_group(consumer->native) : nullptr;
}

int SetPushConsumerNameServerAddress(CPushConsumer* consumer, const char* namesrv) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!namesrv) return NullPointer("namesrv");
  return Set(consumer, "namesrvAddr", namesrv);
}

int SetPushConsumerNameServerDomain(CPushConsumer* consumer, const char* domain) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!domain) return NullPointer("domain");
  rocketmq::compat::SetLatestError("nameserver domains are not supported: set the address");
  return Not_Support;
}

int Subscribe(CPushConsumer* consumer, const char* topic, const char* expression) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!topic) return NullPointer("topic");
  if (!expression) return NullPointer("expression");
  rmq_error_t* error = nullptr;
  return Status(
      rmq_push_consumer_subscribe(consumer->native, topic, expression, RMQ_EXPRESSION_TAG, &error),
      &error, PUSHCONSUMER_ERROR_CODE_START);
}

int RegisterMessageCallbackOrderly(CPushConsumer* consumer, MessageCallBack pCallback) {
  return Register(consumer, pCallback, true);
}

int RegisterMessageCallback(CPushConsumer* consumer, MessageCallBack pCallback) {
  return Register(consumer, pCallback, false);
}

int UnregisterMessageCallbackOrderly(CPushConsumer* consumer) { return Unregister(consumer); }

int UnregisterMessageCallback(CPushConsumer* consumer) { return Unregister(consumer); }

int SetPushConsumerThreadCount(CPushConsumer* consumer, int threadCount) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return Set(consumer, "consumeThreadMin", std::to_string(threadCount).c_str());
}

int SetPushConsumerMessageBatchMaxSize(CPushConsumer* consumer, int batchSize) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return Set(consumer, "consumeMessageBatchMaxSize", std::to_string(batchSize).c_str());
}

int SetPushConsumerInstanceName(CPushConsumer* consumer, const char* instanceName) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!instanceName) return NullPointer("instanceName");
  return Set(consumer, "instanceName", instanceName);
}

int SetPushConsumerSessionCredentials(CPushConsumer* consumer, const char* accessKey,
                                      const char* secretKey, const char* channel) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!accessKey || !secretKey || !channel) return NullPointer("a credential");
  int rc = Set(consumer, "accessKey", accessKey);
  if (rc == OK) rc = Set(consumer, "secretKey", secretKey);
  if (rc == OK) rc = Set(consumer, "onsChannel", channel);
  return rc;
}

int SetPushConsumerLogPath(CPushConsumer* consumer, const char* logPath) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return rocketmq::compat::SetLogPath(logPath);
}

int SetPushConsumerLogFileNumAndSize(CPushConsumer* consumer, int, long) {
  return rocketmq::capi::IsLive(consumer) ? OK : rocketmq::compat::NoHandle("consumer");
}

int SetPushConsumerLogLevel(CPushConsumer* consumer, CLogLevel level) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return rocketmq::compat::SetLogLevel(level);
}

int SetPushConsumerMessageModel(CPushConsumer* consumer, CMessageModel messageModel) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  switch (messageModel) {
    case BROADCASTING:
      return Set(consumer, "messageModel", "BROADCASTING");
    case CLUSTERING:
      return Set(consumer, "messageModel", "CLUSTERING");
  }
  rocketmq::compat::SetLatestError("not a CMessageModel");
  return Not_Support;
}

int SetPushConsumerMaxCacheMessageSize(CPushConsumer* consumer, int maxCacheSize) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return Set(consumer, "pullThresholdForQueue", std::to_string(maxCacheSize).c_str());
}

int SetPushConsumerMaxCacheMessageSizeInMb(CPushConsumer* consumer, int maxCacheSizeInMb) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return Set(consumer, "pullThresholdSizeForQueue", std::to_string(maxCacheSizeInMb).c_str());
}

int SetPushConsumerMessageTrace(CPushConsumer* consumer, CTraceModel openTrace) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return Set(consumer, "enableMsgTrace", openTrace == OPEN ? "true" : "false");
}

int SetPushConsumerSsl(CPushConsumer* consumer, int enableSsl) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return Set(consumer, "useTLS", enableSsl ? "true" : "false");
}

int SetPushConsumerSslPropertyFile(CPushConsumer* consumer, const char* sslPropertyFile) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!sslPropertyFile) return NullPointer("sslPropertyFile");
  rocketmq::compat::SetLatestError(
      "TLS property files are not supported: set tlsTrustCertPath, tlsCertPath and tlsKeyPath");
  return Not_Support;
}

}  // extern "C"
