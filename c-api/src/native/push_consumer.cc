// rmq_push_consumer_t: settings, subscriptions and the listener collected before start,
// then a rocketmq::PushConsumer they are handed to.
#include <algorithm>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "common/logging.h"
#include "native/handles.h"
#include "native/live_handles.h"
#include "rocketmq/push_consumer.h"

using rocketmq::ConsumerConfig;
using rocketmq::ExpressionType;
using rocketmq::MessageExt;
using rocketmq::PushConsumer;
using rocketmq::Status;
using rocketmq::capi::C;
using rocketmq::capi::Fail;
using rocketmq::capi::FromStatus;
using rocketmq::capi::Guard;
using rocketmq::capi::NullArgument;

namespace {

struct Subscription {
  std::string topic;
  std::string expression;
  ExpressionType type;
};

constexpr std::chrono::milliseconds kDestroyShutdownTimeout{3000};

}  // namespace

struct rmq_push_consumer_s {
  ConsumerConfig config;
  std::vector<Subscription> subscriptions;
  rmq_consume_cb listener = nullptr;
  void* opaque = nullptr;
  bool orderly = false;
  // Created by start; kept after shutdown.
  std::unique_ptr<PushConsumer> consumer;

  // Calls the listener; true when it consumed the batch.
  bool Consume(const std::vector<MessageExt>& messages) {
    rocketmq::capi::CallbackScope scope(this);
    const int answer = listener(this, C(&messages), opaque);
    if (answer == RMQ_CONSUME_SUCCESS) return true;
    if (answer != RMQ_CONSUME_RETRY_LATER) {
      RMQ_LOG_WARN << "C API: a push consumer listener of group " << config.group << " returned "
                   << answer << ", not an rmq_consume_status_t; counted as RMQ_CONSUME_RETRY_LATER";
    }
    return false;
  }
};

namespace {

rmq_err_t ToExpressionType(rmq_expression_type_t type, rmq_error_t** error, ExpressionType* out) {
  switch (type) {
    case RMQ_EXPRESSION_TAG:
      *out = ExpressionType::kTag;
      return RMQ_OK;
    case RMQ_EXPRESSION_SQL92:
      *out = ExpressionType::kSql92;
      return RMQ_OK;
  }
  return Fail(error, RMQ_ERR_INVALID_ARGUMENT,
              "expression type " + std::to_string(static_cast<int>(type)) +
                  " is neither RMQ_EXPRESSION_TAG nor RMQ_EXPRESSION_SQL92");
}

rmq_err_t SetListener(rmq_push_consumer_t* consumer, rmq_consume_cb listener, void* opaque,
                      bool orderly, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (!listener) return NullArgument(error, "listener");
  if (consumer->consumer) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the listener is fixed once the consumer started");
  }
  consumer->listener = listener;
  consumer->opaque = opaque;
  consumer->orderly = orderly;
  return rocketmq::capi::Succeed(error);
}

}  // namespace

extern "C" {

rmq_push_consumer_t* rmq_push_consumer_new(void) {
  return rocketmq::capi::GuardValue<rmq_push_consumer_t*>(nullptr, [] {
    auto* consumer = new rmq_push_consumer_s();
    rocketmq::capi::RegisterHandle(consumer);
    return consumer;
  });
}

void rmq_push_consumer_destroy(rmq_push_consumer_t* consumer) {
  if (!consumer) return;
  if (rocketmq::capi::CallbackScope::InCallbackOf(consumer)) {
    RMQ_LOG_ERROR << "C API: rmq_push_consumer_destroy called from the consumer's own listener; "
                     "the consumer is left alive";
    return;
  }
  if (!rocketmq::capi::UnregisterHandle(consumer)) {
    RMQ_LOG_ERROR << "C API: rmq_push_consumer_destroy of a consumer that is not live (destroyed "
                     "twice?); ignored";
    return;
  }
  rocketmq::capi::GuardValue(0, [&] {
    if (consumer->consumer) consumer->consumer->Shutdown(kDestroyShutdownTimeout);
    delete consumer;
    return 0;
  });
}

rmq_err_t rmq_push_consumer_set(rmq_push_consumer_t* consumer, const char* name, const char* value,
                                rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (!name) return NullArgument(error, "name");
  if (!value) return NullArgument(error, "value");
  if (consumer->consumer) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE,
                std::string("setting ") + name + ": the consumer is already started");
  }
  return Guard(error, [&] { return FromStatus(error, consumer->config.Set(name, value)); });
}

rmq_err_t rmq_push_consumer_subscribe(rmq_push_consumer_t* consumer, const char* topic,
                                      const char* expression, rmq_expression_type_t type,
                                      rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (!topic) return NullArgument(error, "topic");
  if (!expression) return NullArgument(error, "expression");
  ExpressionType kind = ExpressionType::kTag;
  if (rmq_err_t rc = ToExpressionType(type, error, &kind)) return rc;
  return Guard(error, [&] {
    if (consumer->consumer) {
      return FromStatus(error, consumer->consumer->Subscribe(topic, expression, kind));
    }
    consumer->subscriptions.push_back({topic, expression, kind});
    return rocketmq::capi::Succeed(error);
  });
}

rmq_err_t rmq_push_consumer_unsubscribe(rmq_push_consumer_t* consumer, const char* topic,
                                        rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (!topic) return NullArgument(error, "topic");
  return Guard(error, [&] {
    if (consumer->consumer) return FromStatus(error, consumer->consumer->Unsubscribe(topic));
    auto& subs = consumer->subscriptions;
    const auto before = subs.size();
    subs.erase(std::remove_if(subs.begin(), subs.end(),
                              [&](const Subscription& s) { return s.topic == topic; }),
               subs.end());
    if (subs.size() == before) {
      return Fail(error, RMQ_ERR_NOT_FOUND, std::string("no subscription to ") + topic);
    }
    return rocketmq::capi::Succeed(error);
  });
}

rmq_err_t rmq_push_consumer_set_listener(rmq_push_consumer_t* consumer, rmq_consume_cb listener,
                                         void* opaque, rmq_error_t** error) {
  return SetListener(consumer, listener, opaque, false, error);
}

rmq_err_t rmq_push_consumer_set_orderly_listener(rmq_push_consumer_t* consumer,
                                                 rmq_consume_cb listener, void* opaque,
                                                 rmq_error_t** error) {
  return SetListener(consumer, listener, opaque, true, error);
}

rmq_err_t rmq_push_consumer_start(rmq_push_consumer_t* consumer, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (consumer->consumer) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the consumer was started before");
  }
  if (!consumer->listener) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE, "no listener is set");
  }
  return Guard(error, [&] {
    auto started = std::make_unique<PushConsumer>(consumer->config);
    for (const auto& s : consumer->subscriptions) {
      const Status status = started->Subscribe(s.topic, s.expression, s.type);
      if (!status.ok()) return FromStatus(error, status);
    }
    if (consumer->orderly) {
      started->RegisterOrderlyListener([consumer](const std::vector<MessageExt>& messages) {
        return consumer->Consume(messages)
                   ? rocketmq::ConsumeOrderlyStatus::kSuccess
                   : rocketmq::ConsumeOrderlyStatus::kSuspendCurrentQueueAMoment;
      });
    } else {
      started->RegisterMessageListener([consumer](const std::vector<MessageExt>& messages) {
        return consumer->Consume(messages) ? rocketmq::ConsumeStatus::kConsumeSuccess
                                           : rocketmq::ConsumeStatus::kReconsumeLater;
      });
    }
    // Stored before it starts: a listener may run (and call in) before Start() returns.
    consumer->consumer = std::move(started);
    const Status status = consumer->consumer->Start();
    if (!status.ok()) consumer->consumer.reset();
    return FromStatus(error, status);
  });
}

rmq_err_t rmq_push_consumer_suspend(rmq_push_consumer_t* consumer, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (!consumer->consumer) return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the consumer is not started");
  return Guard(error, [&] {
    consumer->consumer->Suspend();
    return rocketmq::capi::Succeed(error);
  });
}

rmq_err_t rmq_push_consumer_resume(rmq_push_consumer_t* consumer, rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (!consumer->consumer) return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the consumer is not started");
  return Guard(error, [&] {
    consumer->consumer->Resume();
    return rocketmq::capi::Succeed(error);
  });
}

rmq_err_t rmq_push_consumer_shutdown(rmq_push_consumer_t* consumer, int64_t timeout_ms,
                                     rmq_error_t** error) {
  if (rmq_err_t rc = rocketmq::capi::CheckHandle(consumer, "consumer", error)) return rc;
  if (timeout_ms < 0) return Fail(error, RMQ_ERR_INVALID_ARGUMENT, "timeout_ms is negative");
  if (rocketmq::capi::CallbackScope::InCallbackOf(consumer)) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE,
                "a consumer cannot be shut down from its own listener");
  }
  if (!consumer->consumer) {
    return Fail(error, RMQ_ERR_ILLEGAL_STATE, "the consumer is not started");
  }
  return Guard(error, [&] {
    return FromStatus(error, consumer->consumer->Shutdown(std::chrono::milliseconds(timeout_ms)));
  });
}

const char* rmq_push_consumer_group(const rmq_push_consumer_t* consumer) {
  return rocketmq::capi::IsLive(consumer) ? consumer->config.group.c_str() : nullptr;
}

}  // extern "C"
