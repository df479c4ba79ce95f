// rmq_lite_pull_consumer_t: settings and subscriptions collected before start, then a
// rocketmq::LitePullConsumer every call maps onto.
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "common/logging.h"
#include "native/handles.h"
#include "native/live_handles.h"
#include "rocketmq/lite_pull_consumer.h"

using rocketmq::ConsumerConfig;
using rocketmq::ExpressionType;
using rocketmq::LitePullConsumer;
using rocketmq::MessageQueue;
using rocketmq::Status;
using rocketmq::capi::C;
using rocketmq::capi::Cpp;
using rocketmq::capi::Fail;
using rocketmq::capi::FromStatus;
using rocketmq::capi::Guard;
using rocketmq::capi::NullArgument;
using rocketmq::capi::Succeed;

namespace {

struct Subscription {
  std::string topic;
  std::string expression;
  ExpressionType type;
};

constexpr std::chrono::milliseconds kDestroyShutdownTimeout{3000};

}  // namespace

struct rmq_lite_pull_consumer_s {
  ConsumerConfig config;
  bool auto_commit = true;
  std::vector<Subscription> subscriptions;
  // Created by start; kept after shutdown.
  std::unique_ptr<LitePullConsumer> consumer;
};

namespace {

rmq_err_t Running(rmq_lite_pull_consumer_t* consumer, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (!consumer->consumer) return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the consumer is not started");
  return RMQ_OK;
}

}  // namespace

extern "C" {

rmq_lite_pull_consumer_t* rmq_lite_pull_consumer_new(void) {
  return rocketmq::capi::GuardValue<rmq_lite_pull_consumer_t*>(nullptr, [] {
    auto* consumer = new rmq_lite_pull_consumer_s();
    rocketmq::capi::RegisterHandle(consumer);
    return consumer;
  });
}

void rmq_lite_pull_consumer_destroy(rmq_lite_pull_consumer_t* consumer) {
  if (!consumer) return;
  if (rocketmq::capi::CallbackScope::InCallbackOf(consumer)) {
    RMQ_LOG_ERROR << "C API: rmq_lite_pull_consumer_destroy called from the consumer's own "
                     "callback; the consumer is left alive";
    return;
  }
  if (!rocketmq::capi::UnregisterHandle(consumer)) {
    RMQ_LOG_ERROR
        << "C API: rmq_lite_pull_consumer_destroy of a consumer that is not live (destroyed "
           "twice?); ignored";
    return;
  }
  rocketmq::capi::GuardValue(0, [&] {
    if (consumer->consumer) consumer->consumer->Shutdown(kDestroyShutdownTimeout);
    delete consumer;
    return 0;
  });
}

rmq_err_t rmq_lite_pull_consumer_set(rmq_lite_pull_consumer_t* consumer, const char* name,
                                     const char* value, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (!name) return NullArgument(error, "name");
  if (!value) return NullArgument(error, "value");
  if (consumer->consumer) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE,
                std::string("setting ") + name + ": the consumer is already started");
  }
  return Guard(error, [&] {
    if (std::string(name) == "autoCommit") {
      if (!rocketmq::capi::ParseBool(value, &consumer->auto_commit)) {
        return Fail(error, RMQ_ERR_INVALID_ARGUMENT,
                    std::string("autoCommit must be true or false, not '") + value + "'");
      }
      return Succeed(error);
    }
    return FromStatus(error, consumer->config.Set(name, value));
  });
}

rmq_err_t rmq_lite_pull_consumer_subscribe(rmq_lite_pull_consumer_t* consumer, const char* topic,
                                           const char* expression, rmq_expression_type_t type,
                                           rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (!topic) return NullArgument(error, "topic");
  if (!expression) return NullArgument(error, "expression");
  ExpressionType kind = ExpressionType::kTag;
  switch (type) {
    case RMQ_EXPRESSION_TAG:
      kind = ExpressionType::kTag;
      break;
    case RMQ_EXPRESSION_SQL92:
      kind = ExpressionType::kSql92;
      break;
    default:
      return Fail(error, RMQ_ERR_INVALID_ARGUMENT,
                  "expression type " + std::to_string(static_cast<int>(type)) +
                      " is neither RMQ_EXPRESSION_TAG nor RMQ_EXPRESSION_SQL92");
  }
  return Guard(error, [&] {
    if (consumer->consumer) {
      return FromStatus(error, consumer->consumer->Subscribe(topic, expression, kind));
    }
    consumer->subscriptions.push_back({topic, expression, kind});
    return Succeed(error);
  });
}

rmq_err_t rmq_lite_pull_consumer_start(rmq_lite_pull_consumer_t* consumer, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (consumer->consumer) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the consumer was started before");
  }
  return Guard(error, [&] {
    auto started = std::make_unique<LitePullConsumer>(consumer->config, consumer->auto_commit);
    for (const auto& s : consumer->subscriptions) {
      const Status status = started->Subscribe(s.topic, s.expression, s.type);
      if (!status.ok()) return FromStatus(error, status);
    }
    const Status status = started->Start();
    if (status.ok()) consumer->consumer = std::move(started);
    return FromStatus(error, status);
  });
}

rmq_err_t rmq_lite_pull_consumer_shutdown(rmq_lite_pull_consumer_t* consumer, int64_t timeout_ms,
                                          rmq_error_t** error) {
  if (rmq_err_t rc = Running(consumer, error)) return rc;
  if (timeout_ms < 0) return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "timeout_ms is negative");
  if (rocketmq::capi::CallbackScope::InCallbackOf(consumer)) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE,
                "a consumer cannot be shut down from its own callback");
  }
  return Guard(error, [&] {
    return FromStatus(error, consumer->consumer->Shutdown(std::chrono::milliseconds(timeout_ms)));
  });
}

rmq_err_t rmq_lite_pull_consumer_fetch_queues(rmq_lite_pull_consumer_t* consumer, const char* topic,
                                              rmq_queue_list_t** queues, rmq_error_t** error) {
  if (rmq_err_t rc = Running(consumer, error)) return rc;
  if (!topic) return NullArgument(error, "topic");
  if (!queues) return NullArgument(error, "queues");
  return Guard(error, [&] {
    auto fetched = consumer->consumer->FetchMessageQueues(topic);
    if (!fetched.ok()) return FromStatus(error, fetched.status());
    *queues = C(new rocketmq::capi::QueueList(std::move(fetched).value()));
    return Succeed(error);
  });
}

rmq_err_t rmq_lite_pull_consumer_assign(rmq_lite_pull_consumer_t* consumer,
                                        const rmq_queue_t* const* queues, size_t count,
                                        rmq_error_t** error) {
  if (rmq_err_t rc = Running(consumer, error)) return rc;
  if (!queues && count != 0) return NullArgument(error, "queues");
  return Guard(error, [&] {
    std::vector<MessageQueue> assigned;
    assigned.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      if (!queues[i]) {
        return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "queues[" + std::to_string(i) + "] is NULL");
      }
      assigned.push_back(*Cpp(queues[i]));
    }
    return FromStatus(error, consumer->consumer->Assign(assigned));
  });
}

rmq_err_t rmq_lite_pull_consumer_poll(rmq_lite_pull_consumer_t* consumer, int64_t timeout_ms,
                                      rmq_message_list_t** messages, rmq_error_t** error) {
  if (rmq_err_t rc = Running(consumer, error)) return rc;
  if (!messages) return NullArgument(error, "messages");
  if (timeout_ms < 0) return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "timeout_ms is negative");
  return Guard(error, [&] {
    auto polled = consumer->consumer->Poll(std::chrono::milliseconds(timeout_ms));
    if (!polled.ok()) return FromStatus(error, polled.status());
    *messages = C(new rocketmq::capi::MessageList(std::move(polled).value()));
    return Succeed(error);
  });
}

rmq_err_t rmq_lite_pull_consumer_seek(rmq_lite_pull_consumer_t* consumer, const rmq_queue_t* queue,
                                      int64_t offset, rmq_error_t** error) {
  if (rmq_err_t rc = Running(consumer, error)) return rc;
  if (!queue) return NullArgument(error, "queue");
  return Guard(error,
               [&] { return FromStatus(error, consumer->consumer->Seek(*Cpp(queue), offset)); });
}

rmq_err_t rmq_lite_pull_consumer_commit(rmq_lite_pull_consumer_t* consumer, rmq_error_t** error) {
  if (rmq_err_t rc = Running(consumer, error)) return rc;
  return Guard(error, [&] { return FromStatus(error, consumer->consumer->Commit()); });
}

rmq_err_t rmq_lite_pull_consumer_commit_async(rmq_lite_pull_consumer_t* consumer,
                                              rmq_commit_cb callback, void* opaque,
                                              rmq_error_t** error) {
  if (rmq_err_t rc = Running(consumer, error)) return rc;
  return Guard(error, [&] {
    std::function<void(const Status&)> done;
    if (callback) {
      done = [consumer, callback, opaque](const Status& status) {
        rocketmq::capi::CallbackScope scope(consumer);
        if (status.ok()) {
          callback(nullptr, opaque);
        } else {
          const rmq_error_s failure = rocketmq::capi::ErrorOf(status);
          callback(&failure, opaque);
        }
      };
    }
    return FromStatus(error, consumer->consumer->CommitAsync(std::move(done)));
  });
}

const char* rmq_lite_pull_consumer_group(const rmq_lite_pull_consumer_t* consumer) {
  return rocketmq::capi::IsLive(consumer) ? consumer->config.group.c_str() : nullptr;
}

}  // extern "C"
