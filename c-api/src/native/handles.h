// How the native C handles map onto the C++ SDK's types, and the error plumbing every entry
// point shares.
//
// Value types are not wrapped: an rmq_message_t* is a rocketmq::Message*, an
// rmq_message_ext_t* a MessageExt*, an rmq_send_result_t* a SendResult*, lists are
// std::vectors. So the SDK's own objects (a listener's batch, a selector's queues) cross the
// ABI without a copy, and the opaque C types keep the freedom to change behind them.
// Only the stateful clients (producer, consumers) have a handle struct of their own, since
// they hold settings before the SDK object exists.
#ifndef ROCKETMQ_C_API_NATIVE_HANDLES_H_
#define ROCKETMQ_C_API_NATIVE_HANDLES_H_

#include <string>
#include <utility>
#include <vector>

#include "rocketmq/c/rmq.h"
#include "rocketmq/message.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/message_queue.h"
#include "rocketmq/send_result.h"
#include "rocketmq/status.h"

struct rmq_error_s {
  rmq_err_t code;
  std::string message;
};

namespace rocketmq {
namespace capi {

// Casts between the opaque C types and the SDK types they stand for.
inline const Message* Cpp(const rmq_message_t* p) { return reinterpret_cast<const Message*>(p); }
inline Message* Cpp(rmq_message_t* p) { return reinterpret_cast<Message*>(p); }
inline const rmq_message_t* C(const Message* p) {
  return reinterpret_cast<const rmq_message_t*>(p);
}
inline rmq_message_t* C(Message* p) { return reinterpret_cast<rmq_message_t*>(p); }

inline const MessageExt* Cpp(const rmq_message_ext_t* p) {
  return reinterpret_cast<const MessageExt*>(p);
}
inline MessageExt* Cpp(rmq_message_ext_t* p) { return reinterpret_cast<MessageExt*>(p); }
inline const rmq_message_ext_t* C(const MessageExt* p) {
  return reinterpret_cast<const rmq_message_ext_t*>(p);
}
inline rmq_message_ext_t* C(MessageExt* p) { return reinterpret_cast<rmq_message_ext_t*>(p); }

using MessageList = std::vector<MessageExt>;
inline const MessageList* Cpp(const rmq_message_list_t* p) {
  return reinterpret_cast<const MessageList*>(p);
}
inline MessageList* Cpp(rmq_message_list_t* p) { return reinterpret_cast<MessageList*>(p); }
inline const rmq_message_list_t* C(const MessageList* p) {
  return reinterpret_cast<const rmq_message_list_t*>(p);
}
inline rmq_message_list_t* C(MessageList* p) { return reinterpret_cast<rmq_message_list_t*>(p); }

inline const MessageQueue* Cpp(const rmq_queue_t* p) {
  return reinterpret_cast<const MessageQueue*>(p);
}
inline MessageQueue* Cpp(rmq_queue_t* p) { return reinterpret_cast<MessageQueue*>(p); }
inline const rmq_queue_t* C(const MessageQueue* p) {
  return reinterpret_cast<const rmq_queue_t*>(p);
}
inline rmq_queue_t* C(MessageQueue* p) { return reinterpret_cast<rmq_queue_t*>(p); }

using QueueList = std::vector<MessageQueue>;
inline const QueueList* Cpp(const rmq_queue_list_t* p) {
  return reinterpret_cast<const QueueList*>(p);
}
inline QueueList* Cpp(rmq_queue_list_t* p) { return reinterpret_cast<QueueList*>(p); }
inline const rmq_queue_list_t* C(const QueueList* p) {
  return reinterpret_cast<const rmq_queue_list_t*>(p);
}
inline rmq_queue_list_t* C(QueueList* p) { return reinterpret_cast<rmq_queue_list_t*>(p); }

inline const SendResult* Cpp(const rmq_send_result_t* p) {
  return reinterpret_cast<const SendResult*>(p);
}
inline SendResult* Cpp(rmq_send_result_t* p) { return reinterpret_cast<SendResult*>(p); }
inline const rmq_send_result_t* C(const SendResult* p) {
  return reinterpret_cast<const rmq_send_result_t*>(p);
}
inline rmq_send_result_t* C(SendResult* p) { return reinterpret_cast<rmq_send_result_t*>(p); }

// The error of a failed call: stored in *error when the caller asked for it.
rmq_err_t Fail(rmq_error_t** error, rmq_err_t code, std::string message);
// RMQ_OK with *error cleared, or Fail() with the status's code and message.
rmq_err_t FromStatus(rmq_error_t** error, const Status& status);
inline rmq_err_t Succeed(rmq_error_t** error) {
  if (error) *error = nullptr;
  return RMQ_OK;
}
// The error for a NULL argument, naming it.
rmq_err_t NullArgument(rmq_error_t** error, const char* name);
// Classifies the exception being handled (only inside a catch block).
rmq_err_t FromCurrentException(rmq_error_t** error);
// An rmq_error_s describing `status`, for callbacks that hand out a borrowed error.
rmq_error_s ErrorOf(const Status& status);

// Runs `body` (returning rmq_err_t) so that no exception leaves the entry point.
template <typename Body>
rmq_err_t Guard(rmq_error_t** error, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return FromCurrentException(error);
  }
}

// For entry points without an error out-parameter: `fallback` when `body` throws (logged).
template <typename T, typename Body>
T GuardValue(T fallback, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    FromCurrentException(nullptr);
    return fallback;
  }
}

// Marks the current thread as running a callback of `handle`, so that a callback shutting
// down or destroying its own client is refused instead of waiting for itself forever.
class CallbackScope {
 public:
  explicit CallbackScope(const void* handle);
  ~CallbackScope();
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;
  static bool InCallbackOf(const void* handle);

 private:
  const void* previous_;
};

// Java-style "true"/"false".
bool ParseBool(const std::string& value, bool* out);

}  // namespace capi
}  // namespace rocketmq

#endif  // ROCKETMQ_C_API_NATIVE_HANDLES_H_
