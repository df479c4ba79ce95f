// Status: the result of an operation that can fail, as a cheap value.
//
// A Status is either OK or carries an error code (one per failure class) and a
// message naming what failed and why. Result<T> holds a value or a non-OK Status.
// Codes convert to std::error_code through rocketmq::error_category().
#ifndef ROCKETMQ_STATUS_H_
#define ROCKETMQ_STATUS_H_

#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "rocketmq/export.h"

namespace rocketmq {

// Stable numeric values: they cross the C ABI and must never be renumbered.
enum class ErrorCode : int {
  kOk = 0,
  kInvalidArgument = 1,  // the caller passed something unusable (bad topic, bad config value)
  kNotFound = 2,         // the named thing does not exist (topic route, message, file)
  kIoError = 3,          // the operating system refused a file or disk operation
  kCorruption = 4,       // stored or received data fails its checks
  kTimeout = 5,          // the operation did not finish in the time allowed
  kNetwork = 6,          // connecting, sending or receiving failed
  kProtocol = 7,         // the peer sent something the protocol does not allow
  kBrokerError = 8,      // the broker or nameserver answered with an error response code
  kIllegalState = 9,   // the object is not in a state that allows the call (not started, shut down)
  kBusy = 10,          // the peer or a local resource is saturated; retry later
  kNotSupported = 11,  // the operation or request code is not implemented
  kResourceExhausted = 12,  // a limit was hit (disk full, message too large, too many in flight)
  kCancelled = 13,          // the operation was abandoned, typically by shutdown
  kInternal = 14,           // a bug: an invariant did not hold
};

RMQ_EXPORT const char* ErrorCodeName(ErrorCode code);
RMQ_EXPORT const std::error_category& error_category();
inline std::error_code make_error_code(ErrorCode code) {
  return {static_cast<int>(code), error_category()};
}

class RMQ_EXPORT Status {
 public:
  Status() noexcept = default;
  Status(ErrorCode code, std::string message);

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {ErrorCode::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {ErrorCode::kNotFound, std::move(msg)}; }
  static Status IoError(std::string msg) { return {ErrorCode::kIoError, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {ErrorCode::kCorruption, std::move(msg)}; }
  static Status Timeout(std::string msg) { return {ErrorCode::kTimeout, std::move(msg)}; }
  static Status Network(std::string msg) { return {ErrorCode::kNetwork, std::move(msg)}; }
  static Status Protocol(std::string msg) { return {ErrorCode::kProtocol, std::move(msg)}; }
  static Status BrokerError(std::string msg) { return {ErrorCode::kBrokerError, std::move(msg)}; }
  static Status IllegalState(std::string msg) { return {ErrorCode::kIllegalState, std::move(msg)}; }
  static Status Busy(std::string msg) { return {ErrorCode::kBusy, std::move(msg)}; }
  static Status NotSupported(std::string msg) { return {ErrorCode::kNotSupported, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) {
    return {ErrorCode::kResourceExhausted, std::move(msg)};
  }
  static Status Cancelled(std::string msg) { return {ErrorCode::kCancelled, std::move(msg)}; }
  static Status Internal(std::string msg) { return {ErrorCode::kInternal, std::move(msg)}; }

  bool ok() const noexcept { return code_ == ErrorCode::kOk; }
  ErrorCode code() const noexcept { return code_; }
  // Empty for OK statuses.
  const std::string& message() const noexcept;
  std::error_code error_code() const noexcept { return make_error_code(code_); }
  // "OK" or "<CodeName>: <message>".
  std::string ToString() const;

  // A copy with "context: " put in front of the message; OK stays OK.
  Status WithContext(const std::string& context) const;

  bool operator==(const Status& other) const noexcept {
    return code_ == other.code_ && message() == other.message();
  }
  bool operator!=(const Status& other) const noexcept { return !(*this == other); }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  // Shared so that copying an error is cheap; OK statuses allocate nothing.
  std::shared_ptr<const std::string> message_;
};

// A value of type T, or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (status_.ok())
      status_ = Status::Internal("Result constructed from an OK status without a value");
  }

  // Asks the value rather than the status (equivalent: a Result holds exactly one of them),
  // so that the compiler sees that ok() guards every access to the value.
  bool ok() const noexcept { return value_.has_value(); }
  const Status& status() const noexcept { return status_; }

  // Precondition: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace rocketmq

namespace std {
template <>
struct is_error_code_enum<rocketmq::ErrorCode> : true_type {};
}  // namespace std

// Propagates a non-OK Status to the caller.
#define RMQ_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::rocketmq::Status rmq_status_ = (expr);   \
    if (!rmq_status_.ok()) return rmq_status_; \
  } while (0)

#endif  // ROCKETMQ_STATUS_H_
