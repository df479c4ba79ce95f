// rmq_producer_t: settings collected before start, then a rocketmq::Producer (or a
// TransactionProducer) that every send maps onto.
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "common/logging.h"
#include "native/handles.h"
#include "native/live_handles.h"
#include "rocketmq/producer.h"
#include "rocketmq/transaction_producer.h"

using rocketmq::Message;
using rocketmq::MessageExt;
using rocketmq::MessageQueue;
using rocketmq::Producer;
using rocketmq::ProducerConfig;
using rocketmq::Result;
using rocketmq::SendResult;
using rocketmq::Status;
using rocketmq::TransactionProducer;
using rocketmq::TransactionState;
using rocketmq::capi::C;
using rocketmq::capi::Cpp;
using rocketmq::capi::Fail;
using rocketmq::capi::FromStatus;
using rocketmq::capi::Guard;
using rocketmq::capi::NullArgument;
using rocketmq::capi::Succeed;

struct rmq_producer_s {
  ProducerConfig config;
  // Set for transaction producers, which only send in transactions.
  rmq_txn_check_cb checker = nullptr;
  void* checker_opaque = nullptr;
  // Created by start; kept after shutdown so that late sends get the SDK's IllegalState.
  std::unique_ptr<Producer> producer;
  std::unique_ptr<TransactionProducer> transaction_producer;

  bool started() const { return producer || transaction_producer; }
};

namespace {

constexpr std::chrono::milliseconds kDestroyShutdownTimeout{3000};

TransactionState ToState(int answer, const char* who) {
  switch (answer) {
    case RMQ_TXN_COMMIT:
      return TransactionState::kCommit;
    case RMQ_TXN_ROLLBACK:
      return TransactionState::kRollback;
    case RMQ_TXN_UNKNOWN:
      return TransactionState::kUnknown;
    default:
      RMQ_LOG_WARN << "C API: the transaction " << who << " returned " << answer
                   << ", not an rmq_txn_state_t; counted as RMQ_TXN_UNKNOWN";
      return TransactionState::kUnknown;
  }
}

// The started plain producer, or the reason a send cannot run now.
rmq_err_t Sender(rmq_producer_t* p, const rmq_message_t* message, rmq_error_t** error,
                 Producer** out) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(p, "producer", error)) return rc;
  if (!message) return NullArgument(error, "message");
  if (p->checker) {
    return Fail(error, RMQ_ERR_NOT_SUPPORTED,
                "a transaction producer sends only with rmq_producer_send_in_transaction");
  }
  if (!p->producer) return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the producer is not started");
  *out = p->producer.get();
  return RMQ_OK;
}

rmq_err_t Deliver(Result<SendResult>&& sent, rmq_send_result_t** result, rmq_error_t** error) {
  if (!sent.ok()) return FromStatus(error, sent.status());
  if (result) *result = C(new SendResult(std::move(sent).value()));
  return Succeed(error);
}

// An index a selector returned that names no queue.
struct BadIndex {
  bool seen = false;
  int value = 0;
};

// Maps a C selector onto the SDK's. The SDK refuses a queue without a broker name, so an
// index out of range fails the send before anything is written; `bad` says why.
rocketmq::QueueSelector Selector(rmq_queue_selector_cb selector, void* opaque,
                                 const rmq_message_t* message, BadIndex* bad) {
  return [=](const std::vector<MessageQueue>& queues, const Message& sent) {
    const int index = selector(C(&queues), message, opaque);
    if (index >= 0 && static_cast<size_t>(index) < queues.size()) return queues[index];
    bad->seen = true;
    bad->value = index;
    MessageQueue none;
    none.topic = sent.topic();
    none.queue_id = -1;
    return none;
  };
}

rmq_err_t SelectorFailure(rmq_error_t** error, const BadIndex& bad) {
  return Fail(error, RMQ_ERR_INVALID_ARGUMENT,
              "the queue selector returned " + std::to_string(bad.value) +
                  ", not an index of the topic's queues");
}

rocketmq::SendCallback Callback(const rmq_producer_t* producer, rmq_send_cb callback,
                                void* opaque) {
  return [producer, callback, opaque](const Result<SendResult>& sent) {
    rocketmq::capi::CallbackScope scope(producer);
    if (sent.ok()) {
      callback(C(&sent.value()), nullptr, opaque);
    } else {
      const rmq_error_s failure = rocketmq::capi::ErrorOf(sent.status());
      callback(nullptr, &failure, opaque);
    }
  };
}

rmq_err_t Batch(const rmq_message_t* const* messages, size_t count, rmq_error_t** error,
                std::vector<Message>* batch) {
  if (!messages) return NullArgument(error, "messages");
  if (count == 0) return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "the batch is empty");
  batch->reserve(count);
  for (size_t i = 0; i < count; ++i) {
    if (!messages[i]) {
      return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "messages[" + std::to_string(i) + "] is NULL");
    }
    batch->push_back(*Cpp(messages[i]));
  }
  return RMQ_OK;
}

}  // namespace

extern "C" {

rmq_producer_t* rmq_producer_new(void) {
  return rocketmq::capi::GuardValue<rmq_producer_t*>(nullptr, [] {
    auto* p = new rmq_producer_s();
    rocketmq::capi::RegisterHandle(p);
    return p;
  });
}

rmq_producer_t* rmq_transaction_producer_new(rmq_txn_check_cb checker, void* checker_opaque) {
  if (!checker) return nullptr;
  return rocketmq::capi::GuardValue<rmq_producer_t*>(nullptr, [&] {
    auto* p = new rmq_producer_s();
    p->checker = checker;
    p->checker_opaque = checker_opaque;
    rocketmq::capi::RegisterHandle(p);
    return p;
  });
}

void rmq_producer_destroy(rmq_producer_t* producer) {
  if (!producer) return;
  if (rocketmq::capi::CallbackScope::InCallbackOf(producer)) {
    RMQ_LOG_ERROR << "C API: rmq_producer_destroy called from the producer's own callback; "
                     "the producer is left alive";
    return;
  }
  if (!rocketmq::capi::UnregisterHandle(producer)) {
    RMQ_LOG_ERROR << "C API: rmq_producer_destroy of a producer that is not live (destroyed "
                     "twice?); ignored";
    return;
  }
  rocketmq::capi::GuardValue(0, [&] {
    if (producer->producer) producer->producer->Shutdown(kDestroyShutdownTimeout);
    if (producer->transaction_producer) {
      producer->transaction_producer->Shutdown(kDestroyShutdownTimeout);
    }
    delete producer;
    return 0;
  });
}

rmq_err_t rmq_producer_set(rmq_producer_t* producer, const char* name, const char* value,
                           rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(producer, "producer", error)) return rc;
  if (!name) return NullArgument(error, "name");
  if (!value) return NullArgument(error, "value");
  if (producer->started()) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE,
                std::string("setting ") + name + ": the producer is already started");
  }
  return Guard(error, [&] { return FromStatus(error, producer->config.Set(name, value)); });
}

rmq_err_t rmq_producer_start(rmq_producer_t* producer, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(producer, "producer", error)) return rc;
  if (producer->started()) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the producer was started before");
  }
  return Guard(error, [&] {
    if (producer->checker) {
      auto checker = [producer](const MessageExt& message) {
        rocketmq::capi::CallbackScope scope(producer);
        return ToState(producer->checker(C(&message), producer->checker_opaque), "checker");
      };
      auto started = std::make_unique<TransactionProducer>(producer->config, checker);
      const Status status = started->Start();
      if (status.ok()) producer->transaction_producer = std::move(started);
      return FromStatus(error, status);
    }
    auto started = std::make_unique<Producer>(producer->config);
    const Status status = started->Start();
    if (status.ok()) producer->producer = std::move(started);
    return FromStatus(error, status);
  });
}

rmq_err_t rmq_producer_shutdown(rmq_producer_t* producer, int64_t timeout_ms, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(producer, "producer", error)) return rc;
  if (timeout_ms < 0) return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "timeout_ms is negative");
  if (rocketmq::capi::CallbackScope::InCallbackOf(producer)) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE,
                "a producer cannot be shut down from its own callback");
  }
  if (!producer->started()) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the producer is not started");
  }
  return Guard(error, [&] {
    const std::chrono::milliseconds timeout(timeout_ms);
    return FromStatus(error, producer->producer
                                 ? producer->producer->Shutdown(timeout)
                                 : producer->transaction_producer->Shutdown(timeout));
  });
}

rmq_err_t rmq_producer_send(rmq_producer_t* producer, const rmq_message_t* message,
                            rmq_send_result_t** result, rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  return Guard(error, [&] { return Deliver(sender->Send(*Cpp(message)), result, error); });
}

rmq_err_t rmq_producer_send_to_queue(rmq_producer_t* producer, const rmq_message_t* message,
                                     const rmq_queue_t* queue, rmq_send_result_t** result,
                                     rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  if (!queue) return NullArgument(error, "queue");
  return Guard(error,
               [&] { return Deliver(sender->Send(*Cpp(message), *Cpp(queue)), result, error); });
}

rmq_err_t rmq_producer_send_batch_to_queue(rmq_producer_t* producer,
                                           const rmq_message_t* const* messages, size_t count,
                                           const rmq_queue_t* queue, rmq_send_result_t** result,
                                           rmq_error_t** error) {
  if (!messages) return NullArgument(error, "messages");
  if (count == 0) return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "the batch is empty");
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, messages[0], error, &sender)) return rc;
  if (!queue) return NullArgument(error, "queue");
  return Guard(error, [&] {
    std::vector<Message> batch;
    if (rmq_err_t rc = Batch(messages, count, error, &batch)) return rc;
    return Deliver(sender->SendBatch(batch, *Cpp(queue)), result, error);
  });
}

rmq_err_t rmq_producer_send_select(rmq_producer_t* producer, const rmq_message_t* message,
                                   rmq_queue_selector_cb selector, void* opaque,
                                   rmq_send_result_t** result, rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  if (!selector) return NullArgument(error, "selector");
  return Guard(error, [&] {
    BadIndex bad;
    auto sent = sender->Send(*Cpp(message), Selector(selector, opaque, message, &bad));
    if (bad.seen) return SelectorFailure(error, bad);
    return Deliver(std::move(sent), result, error);
  });
}

rmq_err_t rmq_producer_send_orderly(rmq_producer_t* producer, const rmq_message_t* message,
                                    const char* sharding_key, rmq_send_result_t** result,
                                    rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  if (!sharding_key) return NullArgument(error, "sharding_key");
  return Guard(error, [&] {
    return Deliver(sender->SendOrderly(*Cpp(message), sharding_key), result, error);
  });
}

rmq_err_t rmq_producer_request(rmq_producer_t* producer, const rmq_message_t* message,
                               int64_t timeout_ms, rmq_message_ext_t** reply, rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  if (!reply) return NullArgument(error, "reply");
  return Guard(error, [&] {
    auto answer = sender->Request(*Cpp(message), std::chrono::milliseconds(timeout_ms));
    if (!answer.ok()) return FromStatus(error, answer.status());
    *reply = C(new MessageExt(std::move(answer).value()));
    return Succeed(error);
  });
}

rmq_err_t rmq_producer_send_batch(rmq_producer_t* producer, const rmq_message_t* const* messages,
                                  size_t count, rmq_send_result_t** result, rmq_error_t** error) {
  if (!messages) return NullArgument(error, "messages");
  if (count == 0) return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "the batch is empty");
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, messages[0], error, &sender)) return rc;
  return Guard(error, [&] {
    std::vector<Message> batch;
    if (rmq_err_t rc = Batch(messages, count, error, &batch)) return rc;
    return Deliver(sender->SendBatch(batch), result, error);
  });
}

rmq_err_t rmq_producer_send_async(rmq_producer_t* producer, const rmq_message_t* message,
                                  rmq_send_cb callback, void* opaque, rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  if (!callback) return NullArgument(error, "callback");
  return Guard(error, [&] {
    return FromStatus(error,
                      sender->SendAsync(*Cpp(message), Callback(producer, callback, opaque)));
  });
}

rmq_err_t rmq_producer_send_async_select(rmq_producer_t* producer, const rmq_message_t* message,
                                         rmq_queue_selector_cb selector, void* selector_opaque,
                                         rmq_send_cb callback, void* opaque, rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  if (!selector) return NullArgument(error, "selector");
  if (!callback) return NullArgument(error, "callback");
  return Guard(error, [&] {
    BadIndex bad;
    const Status status =
        sender->SendAsync(*Cpp(message), Selector(selector, selector_opaque, message, &bad),
                          Callback(producer, callback, opaque));
    if (bad.seen) return SelectorFailure(error, bad);
    return FromStatus(error, status);
  });
}

rmq_err_t rmq_producer_send_async_to_queue(rmq_producer_t* producer, const rmq_message_t* message,
                                           const rmq_queue_t* queue, rmq_send_cb callback,
                                           void* opaque, rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  if (!queue) return NullArgument(error, "queue");
  if (!callback) return NullArgument(error, "callback");
  return Guard(error, [&] {
    return FromStatus(
        error, sender->SendAsync(*Cpp(message), *Cpp(queue), Callback(producer, callback, opaque)));
  });
}

rmq_err_t rmq_producer_send_batch_async_to_queue(rmq_producer_t* producer,
                                                 const rmq_message_t* const* messages, size_t count,
                                                 const rmq_queue_t* queue, rmq_send_cb callback,
                                                 void* opaque, rmq_error_t** error) {
  if (!messages) return NullArgument(error, "messages");
  if (count == 0) return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "the batch is empty");
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, messages[0], error, &sender)) return rc;
  if (!queue) return NullArgument(error, "queue");
  if (!callback) return NullArgument(error, "callback");
  return Guard(error, [&] {
    std::vector<Message> batch;
    if (rmq_err_t rc = Batch(messages, count, error, &batch)) return rc;
    return FromStatus(
        error, sender->SendBatchAsync(batch, *Cpp(queue), Callback(producer, callback, opaque)));
  });
}

rmq_err_t rmq_producer_send_batch_async(rmq_producer_t* producer,
                                        const rmq_message_t* const* messages, size_t count,
                                        rmq_send_cb callback, void* opaque, rmq_error_t** error) {
  if (!messages) return NullArgument(error, "messages");
  if (count == 0) return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "the batch is empty");
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, messages[0], error, &sender)) return rc;
  if (!callback) return NullArgument(error, "callback");
  return Guard(error, [&] {
    std::vector<Message> batch;
    if (rmq_err_t rc = Batch(messages, count, error, &batch)) return rc;
    return FromStatus(error, sender->SendBatchAsync(batch, Callback(producer, callback, opaque)));
  });
}

rmq_err_t rmq_producer_send_oneway(rmq_producer_t* producer, const rmq_message_t* message,
                                   rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  return Guard(error, [&] { return FromStatus(error, sender->SendOneway(*Cpp(message))); });
}

rmq_err_t rmq_producer_send_oneway_to_queue(rmq_producer_t* producer, const rmq_message_t* message,
                                            const rmq_queue_t* queue, rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  if (!queue) return NullArgument(error, "queue");
  return Guard(error,
               [&] { return FromStatus(error, sender->SendOneway(*Cpp(message), *Cpp(queue))); });
}

rmq_err_t rmq_producer_send_oneway_select(rmq_producer_t* producer, const rmq_message_t* message,
                                          rmq_queue_selector_cb selector, void* opaque,
                                          rmq_error_t** error) {
  Producer* sender = nullptr;
  if (rmq_err_t rc = Sender(producer, message, error, &sender)) return rc;
  if (!selector) return NullArgument(error, "selector");
  return Guard(error, [&] {
    BadIndex bad;
    const Status status =
        sender->SendOneway(*Cpp(message), Selector(selector, opaque, message, &bad));
    if (bad.seen) return SelectorFailure(error, bad);
    return FromStatus(error, status);
  });
}

rmq_err_t rmq_producer_send_in_transaction(rmq_producer_t* producer, const rmq_message_t* message,
                                           rmq_txn_execute_cb execute, void* opaque,
                                           rmq_send_result_t** result, rmq_txn_state_t* local_state,
                                           rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(producer, "producer", error)) return rc;
  if (!message) return NullArgument(error, "message");
  if (!execute) return NullArgument(error, "execute");
  if (!producer->checker) {
    return Fail(error, RMQ_ERR_NOT_SUPPORTED,
                "not a transaction producer (create it with rmq_transaction_producer_new)");
  }
  if (!producer->transaction_producer) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the producer is not started");
  }
  return Guard(error, [&] {
    auto executor = [&](const Message& half, const SendResult& stored) {
      rocketmq::capi::CallbackScope scope(producer);
      return ToState(execute(C(&half), C(&stored), opaque), "executor");
    };
    auto sent = producer->transaction_producer->SendInTransaction(*Cpp(message), executor);
    if (!sent.ok()) return FromStatus(error, sent.status());
    if (local_state) *local_state = static_cast<rmq_txn_state_t>(sent->local_state);
    if (result) *result = C(new SendResult(static_cast<const SendResult&>(*sent)));
    return Succeed(error);
  });
}

rmq_err_t rmq_producer_fetch_queues(rmq_producer_t* producer, const char* topic,
                                    rmq_queue_list_t** queues, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(producer, "producer", error)) return rc;
  if (!topic) return NullArgument(error, "topic");
  if (!queues) return NullArgument(error, "queues");
  if (!producer->producer) {
    return Fail(error, producer->checker ? RMQ_ERR_NOT_SUPPORTED : RMQ_ERR_ILLEGAL_STATE,
                producer->checker ? "a transaction producer does not list queues"
                                  : "the producer is not started");
  }
  return Guard(error, [&] {
    auto fetched = producer->producer->FetchPublishQueues(topic);
    if (!fetched.ok()) return FromStatus(error, fetched.status());
    *queues = C(new rocketmq::capi::QueueList(std::move(fetched).value()));
    return Succeed(error);
  });
}

rmq_send_status_t rmq_send_result_status(const rmq_send_result_t* result) {
  return result ? static_cast<rmq_send_status_t>(Cpp(result)->status) : RMQ_SEND_OK;
}

const char* rmq_send_result_msg_id(const rmq_send_result_t* result) {
  return result ? Cpp(result)->message_id.c_str() : nullptr;
}

const char* rmq_send_result_offset_msg_id(const rmq_send_result_t* result) {
  return result ? Cpp(result)->offset_message_id.c_str() : nullptr;
}

const rmq_queue_t* rmq_send_result_queue(const rmq_send_result_t* result) {
  return result ? C(&Cpp(result)->queue) : nullptr;
}

int64_t rmq_send_result_queue_offset(const rmq_send_result_t* result) {
  return result ? Cpp(result)->queue_offset : -1;
}

const char* rmq_send_result_transaction_id(const rmq_send_result_t* result) {
  return result ? Cpp(result)->transaction_id.c_str() : nullptr;
}

void rmq_send_result_destroy(rmq_send_result_t* result) { delete Cpp(result); }

}  // extern "C"
