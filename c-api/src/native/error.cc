#include <exception>
#include <new>

#include "common/logging.h"
#include "native/handles.h"

namespace rocketmq {
namespace capi {

namespace {

thread_local const void* t_callback_handle = nullptr;

}  // namespace

rmq_err_t Fail(rmq_error_t** error, rmq_err_t code, std::string message) {
  if (error) {
    // An error that cannot be allocated is still reported by its code.
    *error = new (std::nothrow) rmq_error_s{code, std::string()};
    if (*error) (*error)->message = std::move(message);
  }
  return code;
}

rmq_err_t FromStatus(rmq_error_t** error, const Status& status) {
  if (status.ok()) return Succeed(error);
  const auto code = static_cast<rmq_err_t>(status.code());
  return Fail(error, code, status.message().empty() ? rmq_err2str(code) : status.message());
}

rmq_err_t NullArgument(rmq_error_t** error, const char* name) {
  return Fail(error, RMQ_ERR_INVALID_ARGUMENT, std::string(name) + " is NULL");
}

rmq_err_t FromCurrentException(rmq_error_t** error) {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    // No message: building one could fail the same way.
    if (error) *error = nullptr;
    return RMQ_ERR_RESOURCE_EXHAUSTED;
  } catch (const std::exception& e) {
    RMQ_LOG_ERROR << "C API: unexpected exception: " << e.what();
    return Fail(error, RMQ_ERR_INTERNAL, std::string("unexpected exception: ") + e.what());
  } catch (...) {
    RMQ_LOG_ERROR << "C API: unexpected exception of unknown type";
    return Fail(error, RMQ_ERR_INTERNAL, "unexpected exception of unknown type");
  }
}

rmq_error_s ErrorOf(const Status& status) {
  const auto code = static_cast<rmq_err_t>(status.code());
  return {code, status.message().empty() ? rmq_err2str(code) : status.message()};
}

CallbackScope::CallbackScope(const void* handle) : previous_(t_callback_handle) {
  t_callback_handle = handle;
}

CallbackScope::~CallbackScope() { t_callback_handle = previous_; }

bool CallbackScope::InCallbackOf(const void* handle) {
  return handle != nullptr && t_callback_handle == handle;
}

bool ParseBool(const std::string& value, bool* out) {
  if (value == "true") {
    *out = true;
  } else if (value == "false") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

}  // namespace capi
}  // namespace rocketmq

extern "C" {

const char* rmq_err2name(rmq_err_t code) {
  switch (code) {
    case RMQ_OK:
      return "RMQ_OK";
    case RMQ_ERR_INVALID_ARGUMENT:
      return "RMQ_ERR_INVALID_ARGUMENT";
    case RMQ_ERR_NOT_FOUND:
      return "RMQ_ERR_NOT_FOUND";
    case RMQ_ERR_IO:
      return "RMQ_ERR_IO";
    case RMQ_ERR_CORRUPTION:
      return "RMQ_ERR_CORRUPTION";
    case RMQ_ERR_TIMEOUT:
      return "RMQ_ERR_TIMEOUT";
    case RMQ_ERR_NETWORK:
      return "RMQ_ERR_NETWORK";
    case RMQ_ERR_PROTOCOL:
      return "RMQ_ERR_PROTOCOL";
    case RMQ_ERR_BROKER:
      return "RMQ_ERR_BROKER";
    case RMQ_ERR_ILLEGAL_STATE:
      return "RMQ_ERR_ILLEGAL_STATE";
    case RMQ_ERR_BUSY:
      return "RMQ_ERR_BUSY";
    case RMQ_ERR_NOT_SUPPORTED:
      return "RMQ_ERR_NOT_SUPPORTED";
    case RMQ_ERR_RESOURCE_EXHAUSTED:
      return "RMQ_ERR_RESOURCE_EXHAUSTED";
    case RMQ_ERR_CANCELLED:
      return "RMQ_ERR_CANCELLED";
    case RMQ_ERR_INTERNAL:
      return "RMQ_ERR_INTERNAL";
  }
  return "RMQ_ERR_UNKNOWN";
}

const char* rmq_err2str(rmq_err_t code) {
  switch (code) {
    case RMQ_OK:
      return "success";
    case RMQ_ERR_INVALID_ARGUMENT:
      return "invalid argument";
    case RMQ_ERR_NOT_FOUND:
      return "not found";
    case RMQ_ERR_IO:
      return "I/O error";
    case RMQ_ERR_CORRUPTION:
      return "corrupt data";
    case RMQ_ERR_TIMEOUT:
      return "timed out";
    case RMQ_ERR_NETWORK:
      return "network error";
    case RMQ_ERR_PROTOCOL:
      return "protocol error";
    case RMQ_ERR_BROKER:
      return "the broker or nameserver answered with an error";
    case RMQ_ERR_ILLEGAL_STATE:
      return "not allowed in the object's current state";
    case RMQ_ERR_BUSY:
      return "busy, retry later";
    case RMQ_ERR_NOT_SUPPORTED:
      return "not supported";
    case RMQ_ERR_RESOURCE_EXHAUSTED:
      return "a limit was reached";
    case RMQ_ERR_CANCELLED:
      return "cancelled";
    case RMQ_ERR_INTERNAL:
      return "internal error";
  }
  return "unknown error code";
}

rmq_err_t rmq_error_code(const rmq_error_t* error) { return error ? error->code : RMQ_OK; }

const char* rmq_error_message(const rmq_error_t* error) {
  return error ? error->message.c_str() : "";
}

int rmq_error_is_retriable(const rmq_error_t* error) {
  if (!error) return 0;
  switch (error->code) {
    case RMQ_ERR_TIMEOUT:
    case RMQ_ERR_NETWORK:
    case RMQ_ERR_BUSY:
    case RMQ_ERR_RESOURCE_EXHAUSTED:
      return 1;
    default:
      return 0;
  }
}

void rmq_error_destroy(rmq_error_t* error) { delete error; }

}  // extern "C"
