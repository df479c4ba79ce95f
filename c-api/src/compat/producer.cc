// CProducer: the official producer functions mapped onto rmq_producer_t.
#include <new>
#include <string>
#include <vector>

#include "compat/official.h"
#include "native/handles.h"
#include "native/live_handles.h"

using rocketmq::compat::Native;
using rocketmq::compat::NullPointer;
using rocketmq::compat::Official;
using rocketmq::compat::Status;

struct CProducer {
  rmq_producer_t* native = nullptr;
  CLocalTransactionCheckerCallback checker = nullptr;
  void* checker_data = nullptr;
};

namespace {

constexpr int64_t kShutdownTimeoutMs = 3000;

// A setting the library refuses has no CStatus of its own: the producer family's first code.
int Set(CProducer* producer, const char* name, const char* value) {
  rmq_error_t* error = nullptr;
  return Status(rmq_producer_set(producer->native, name, value, &error), &error,
                PRODUCER_ERROR_CODE_START);
}

rmq_txn_state_t Check(const rmq_message_ext_t* message, void* opaque) {
  auto* producer = static_cast<CProducer*>(opaque);
  return static_cast<rmq_txn_state_t>(
      producer->checker(producer, Official(message), producer->checker_data));
}

CProducer* Create(const char* group_id, bool transactional,
                  CLocalTransactionCheckerCallback checker, void* data) {
  if (!group_id) return nullptr;
  auto* producer = new (std::nothrow) CProducer();
  if (!producer) return nullptr;
  producer->checker = checker;
  producer->checker_data = data;
  producer->native =
      transactional ? rmq_transaction_producer_new(Check, producer) : rmq_producer_new();
  if (!producer->native || Set(producer, "producerGroup", group_id) != OK) {
    rmq_producer_destroy(producer->native);
    delete producer;
    return nullptr;
  }
  rocketmq::capi::RegisterHandle(producer);
  return producer;
}

// Both callback forms of the official async sends; freed after the callback ran.
struct AsyncCallbacks {
  CSendSuccessCallback success = nullptr;
  CSendExceptionCallback failure = nullptr;
  COnSendSuccessCallback on_success = nullptr;
  COnSendExceptionCallback on_failure = nullptr;
  CMessage* message = nullptr;
  void* user_data = nullptr;
};

void Completed(const rmq_send_result_t* result, const rmq_error_t* error, void* opaque) {
  auto* callbacks = static_cast<AsyncCallbacks*>(opaque);
  if (result) {
    const CSendResult sent = rocketmq::compat::ToSendResult(result);
    if (callbacks->success) callbacks->success(sent);
    if (callbacks->on_success)
      callbacks->on_success(sent, callbacks->message, callbacks->user_data);
  } else {
    const CMQException failed = rocketmq::compat::ToException(error);
    if (callbacks->failure) callbacks->failure(failed);
    if (callbacks->on_failure)
      callbacks->on_failure(failed, callbacks->message, callbacks->user_data);
  }
  delete callbacks;
}

struct Selection {
  QueueSelectorCallback selector;
  void* arg;
};

int Select(const rmq_queue_list_t* queues, const rmq_message_t* message, void* opaque) {
  const auto* selection = static_cast<const Selection*>(opaque);
  return selection->selector(static_cast<int>(rmq_queue_list_size(queues)), Official(message),
                             selection->arg);
}

int SendSync(rmq_err_t rc, rmq_error_t* error, rmq_send_result_t* sent, CSendResult* result,
             int failure) {
  if (rc == RMQ_OK) *result = rocketmq::compat::ToSendResult(sent);
  rmq_send_result_destroy(sent);
  return Status(rc, &error, failure);
}

int SendAsyncWith(CProducer* producer, CMessage* msg, AsyncCallbacks* callbacks,
                  const Selection* selection, int failure) {
  if (!callbacks) {
    rocketmq::compat::SetLatestError("out of memory");
    return MALLOC_FAILED;
  }
  rmq_error_t* error = nullptr;
  const rmq_err_t rc =
      selection
          ? rmq_producer_send_async_select(producer->native, Native(msg), Select,
                                           const_cast<Selection*>(selection), Completed, callbacks,
                                           &error)
          : rmq_producer_send_async(producer->native, Native(msg), Completed, callbacks, &error);
  if (rc != RMQ_OK) delete callbacks;
  return Status(rc, &error, failure);
}

struct Transaction {
  CProducer* producer;
  CLocalTransactionExecutorCallback execute;
  void* user_data;
};

rmq_txn_state_t Execute(const rmq_message_t* message, const rmq_send_result_t*, void* opaque) {
  const auto* transaction = static_cast<const Transaction*>(opaque);
  return static_cast<rmq_txn_state_t>(
      transaction->execute(transaction->producer, Official(message), transaction->user_data));
}

}  // namespace

extern "C" {

CProducer* CreateProducer(const char* groupId) { return Create(groupId, false, nullptr, nullptr); }

CProducer* CreateOrderlyProducer(const char* groupId) {
  return Create(groupId, false, nullptr, nullptr);
}

CProducer* CreateTransactionProducer(const char* groupId, CLocalTransactionCheckerCallback callback,
                                     void* userData) {
  if (!callback) return nullptr;
  return Create(groupId, true, callback, userData);
}

int DestroyProducer(CProducer* producer) {
  if (!rocketmq::capi::UnregisterHandle(producer)) return rocketmq::compat::NoHandle("producer");
  rmq_producer_destroy(producer->native);
  delete producer;
  return OK;
}

int StartProducer(CProducer* producer) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  rmq_error_t* error = nullptr;
  return Status(rmq_producer_start(producer->native, &error), &error, PRODUCER_START_FAILED);
}

int ShutdownProducer(CProducer* producer) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  rmq_error_t* error = nullptr;
  const rmq_err_t rc = rmq_producer_shutdown(producer->native, kShutdownTimeoutMs, &error);
  // A producer that never started has nothing to shut down, as for the official client.
  if (rc == RMQ_ERR_ILLEGAL_STATE) {
    rmq_error_destroy(error);
    return OK;
  }
  return Status(rc, &error, PRODUCER_ERROR_CODE_START);
}

const char* ShowProducerVersion(CProducer* producer) {
  return rocketmq::capi::IsLive(producer) ? rocketmq::compat::VersionText() : nullptr;
}

int SetProducerNameServerAddress(CProducer* producer, const char* namesrv) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!namesrv) return NullPointer("namesrv");
  return Set(producer, "namesrvAddr", namesrv);
}

int SetProducerNameServerDomain(CProducer* producer, const char* domain) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!domain) return NullPointer("domain");
  rocketmq::compat::SetLatestError("nameserver domains are not supported: set the address");
  return Not_Support;
}

int SetProducerGroupName(CProducer* producer, const char* groupName) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!groupName) return NullPointer("groupName");
  return Set(producer, "producerGroup", groupName);
}

int SetProducerInstanceName(CProducer* producer, const char* instanceName) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!instanceName) return NullPointer("instanceName");
  return Set(producer, "instanceName", instanceName);
}

int SetProducerSessionCredentials(CProducer* producer, const char* accessKey, const char* secretKey,
                                  const char* onsChannel) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!accessKey || !secretKey || !onsChannel) return NullPointer("a credential");
  int rc = Set(producer, "accessKey", accessKey);
  if (rc == OK) rc = Set(producer, "secretKey", secretKey);
  if (rc == OK) rc = Set(producer, "onsChannel", onsChannel);
  return rc;
}

int SetProducerLogPath(CProducer* producer, const char* logPath) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  return rocketmq::compat::SetLogPath(logPath);
}

int SetProducerLogFileNumAndSize(CProducer* producer, int, long) {
  return rocketmq::capi::IsLive(producer) ? OK : rocketmq::compat::NoHandle("producer");
}

int SetProducerLogLevel(CProducer* producer, CLogLevel level) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  return rocketmq::compat::SetLogLevel(level);
}

int SetProducerSendMsgTimeout(CProducer* producer, int timeout) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  return Set(producer, "sendMsgTimeout", std::to_string(timeout).c_str());
}

int SetProducerCompressLevel(CProducer* producer, int level) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  return Set(producer, "compressLevel", std::to_string(level).c_str());
}

int SetProducerMaxMessageSize(CProducer* producer, int size) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  return Set(producer, "maxMessageSize", std::to_string(size).c_str());
}

int SetProducerMessageTrace(CProducer* producer, CTraceModel openTrace) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  return Set(producer, "enableMsgTrace", openTrace == OPEN ? "true" : "false");
}

int SetProducerSsl(CProducer* producer, int enableSsl) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  return Set(producer, "useTLS", enableSsl ? "true" : "false");
}

int SetProducerSslPropertyFile(CProducer* producer, const char* sslPropertyFile) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!sslPropertyFile) return NullPointer("sslPropertyFile");
  rocketmq::compat::SetLatestError(
      "TLS property files are not supported: set tlsTrustCertPath, tlsCertPath and tlsKeyPath");
  return Not_Support;
}

int SendMessageSync(CProducer* producer, CMessage* msg, CSendResult* result) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  if (!result) return NullPointer("result");
  rmq_send_result_t* sent = nullptr;
  rmq_error_t* error = nullptr;
  const rmq_err_t rc = rmq_producer_send(producer->native, Native(msg), &sent, &error);
  return SendSync(rc, error, sent, result, PRODUCER_SEND_SYNC_FAILED);
}

int SendBatchMessage(CProducer* producer, CBatchMessage* msg, CSendResult* result) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  if (!result) return NullPointer("result");
  try {
    auto& batch = *reinterpret_cast<std::vector<rocketmq::Message>*>(msg);
    std::vector<const rmq_message_t*> messages;
    messages.reserve(batch.size());
    for (const auto& m : batch) messages.push_back(rocketmq::capi::C(&m));
    rmq_send_result_t* sent = nullptr;
    rmq_error_t* error = nullptr;
    const rmq_err_t rc =
        rmq_producer_send_batch(producer->native, messages.data(), messages.size(), &sent, &error);
    return SendSync(rc, error, sent, result, PRODUCER_SEND_SYNC_FAILED);
  } catch (...) {
    rocketmq::compat::SetLatestError("out of memory");
    return MALLOC_FAILED;
  }
}

int SendMessageAsync(CProducer* producer, CMessage* msg, CSendSuccessCallback cSendSuccessCallback,
                     CSendExceptionCallback cSendExceptionCallback) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  auto* callbacks = new (std::nothrow) AsyncCallbacks();
  if (callbacks) {
    callbacks->success = cSendSuccessCallback;
    callbacks->failure = cSendExceptionCallback;
  }
  return SendAsyncWith(producer, msg, callbacks, nullptr, PRODUCER_SEND_ASYNC_FAILED);
}

int SendAsync(CProducer* producer, CMessage* msg, COnSendSuccessCallback cSendSuccessCallback,
              COnSendExceptionCallback cSendExceptionCallback, void* userData) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  auto* callbacks = new (std::nothrow) AsyncCallbacks();
  if (callbacks) {
    callbacks->on_success = cSendSuccessCallback;
    callbacks->on_failure = cSendExceptionCallback;
    callbacks->message = msg;
    callbacks->user_data = userData;
  }
  return SendAsyncWith(producer, msg, callbacks, nullptr, PRODUCER_SEND_ASYNC_FAILED);
}

int SendMessageOneway(CProducer* producer, CMessage* msg) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  rmq_error_t* error = nullptr;
  return Status(rmq_producer_send_oneway(producer->native, Native(msg), &error), &error,
                PRODUCER_SEND_ONEWAY_FAILED);
}

int SendMessageOnewayOrderly(CProducer* producer, CMessage* msg, QueueSelectorCallback selector,
                             void* arg) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  if (!selector) return NullPointer("selector");
  Selection selection{selector, arg};
  rmq_error_t* error = nullptr;
  return Status(
      rmq_producer_send_oneway_select(producer->native, Native(msg), Select, &selection, &error),
      &error, PRODUCER_SEND_ONEWAY_FAILED);
}

int SendMessageOrderly(CProducer* producer, CMessage* msg, QueueSelectorCallback callback,
                       void* arg, int autoRetryTimes, CSendResult* result) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  if (!callback) return NullPointer("callback");
  if (!result) return NullPointer("result");
  Selection selection{callback, arg};
  rmq_send_result_t* sent = nullptr;
  rmq_error_t* error = nullptr;
  rmq_err_t rc = RMQ_OK;
  for (int attempt = 0; attempt <= (autoRetryTimes > 0 ? autoRetryTimes : 0); ++attempt) {
    rmq_error_destroy(error);
    error = nullptr;
    rc = rmq_producer_send_select(producer->native, Native(msg), Select, &selection, &sent, &error);
    if (rc == RMQ_OK || !rmq_error_is_retriable(error)) break;
  }
  return SendSync(rc, error, sent, result, PRODUCER_SEND_ORDERLY_FAILED);
}

int SendMessageOrderlyAsync(CProducer* producer, CMessage* msg, QueueSelectorCallback callback,
                            void* arg, CSendSuccessCallback cSendSuccessCallback,
                            CSendExceptionCallback cSendExceptionCallback) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  if (!callback) return NullPointer("callback");
  auto* callbacks = new (std::nothrow) AsyncCallbacks();
  if (callbacks) {
    callbacks->success = cSendSuccessCallback;
    callbacks->failure = cSendExceptionCallback;
  }
  const Selection selection{callback, arg};
  return SendAsyncWith(producer, msg, callbacks, &selection, PRODUCER_SEND_ORDERLYASYNC_FAILED);
}

int SendMessageOrderlyByShardingKey(CProducer* producer, CMessage* msg, const char* shardingKey,
                                    CSendResult* result) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  if (!shardingKey) return NullPointer("shardingKey");
  if (!result) return NullPointer("result");
  rmq_send_result_t* sent = nullptr;
  rmq_error_t* error = nullptr;
  const rmq_err_t rc =
      rmq_producer_send_orderly(producer->native, Native(msg), shardingKey, &sent, &error);
  return SendSync(rc, error, sent, result, PRODUCER_SEND_ORDERLY_FAILED);
}

int SendMessageTransaction(CProducer* producer, CMessage* msg,
                           CLocalTransactionExecutorCallback callback, void* userData,
                           CSendResult* result) {
  if (!rocketmq::capi::IsLive(producer)) return rocketmq::compat::NoHandle("producer");
  if (!msg) return NullPointer("msg");
  if (!callback) return NullPointer("callback");
  if (!result) return NullPointer("result");
  Transaction transaction{producer, callback, userData};
  rmq_send_result_t* sent = nullptr;
  rmq_error_t* error = nullptr;
  const rmq_err_t rc = rmq_producer_send_in_transaction(producer->native, Native(msg), Execute,
                                                        &transaction, &sent, nullptr, &error);
  return SendSync(rc, error, sent, result, PRODUCER_SEND_TRANSACTION_FAILED);
}

}  // extern "C"
