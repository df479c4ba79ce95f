#include "rocketmq/status.h"

namespace rocketmq {
namespace {

class RocketMQErrorCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "rocketmq"; }
  std::string message(int value) const override {
    return ErrorCodeName(static_cast<ErrorCode>(value));
  }
};

const std::string& EmptyString() {
  static const std::string empty;
  return empty;
}

}  // namespace

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "OK";
    case ErrorCode::kInvalidArgument:
      return "InvalidArgument";
    case ErrorCode::kNotFound:
      return "NotFound";
    case ErrorCode::kIoError:
      return "IoError";
    case ErrorCode::kCorruption:
      return "Corruption";
    case ErrorCode::kTimeout:
      return "Timeout";
    case ErrorCode::kNetwork:
      return "Network";
    case ErrorCode::kProtocol:
      return "Protocol";
    case ErrorCode::kBrokerError:
      return "BrokerError";
    case ErrorCode::kIllegalState:
      return "IllegalState";
    case ErrorCode::kBusy:
      return "Busy";
    case ErrorCode::kNotSupported:
      return "NotSupported";
    case ErrorCode::kResourceExhausted:
      return "ResourceExhausted";
    case ErrorCode::kCancelled:
      return "Cancelled";
    case ErrorCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

const std::error_category& error_category() {
  static const RocketMQErrorCategory category;
  return category;
}

Status::Status(ErrorCode code, std::string message) : code_(code) {
  if (code_ != ErrorCode::kOk) message_ = std::make_shared<const std::string>(std::move(message));
}

const std::string& Status::message() const noexcept { return message_ ? *message_ : EmptyString(); }

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = ErrorCodeName(code_);
  if (!message().empty()) {
    out += ": ";
    out += message();
  }
  return out;
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  return Status(code_, context + ": " + message());
}

}  // namespace rocketmq
