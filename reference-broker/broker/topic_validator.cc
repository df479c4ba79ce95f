#include "broker/topic_validator.h"

namespace rocketmq {
namespace broker {
namespace topic {
namespace {

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool LegalChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' ||
         c == '|' || c == '_' || c == '-';
}

}  // namespace

Status Validate(const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("the topic name is empty");
  for (char c : name) {
    if (!LegalChar(c)) {
      return Status::InvalidArgument("the topic name '" + name +
                                     "' contains illegal characters; allowed are "
                                     "^[%|a-zA-Z0-9_-]+$");
    }
  }
  const size_t limit =
      IsRetryTopic(name) || IsDlqTopic(name) ? kRetryTopicMaxLength : kTopicMaxLength;
  if (name.size() > limit) {
    return Status::InvalidArgument("the topic name '" + name + "' is " +
                                   std::to_string(name.size()) + " characters long; at most " +
                                   std::to_string(limit) + " are allowed");
  }
  return Status::OK();
}

bool IsSystemTopic(const std::string& name) {
  static const char* const kSystem[] = {
      kAutoCreateTopicKey, kScheduleTopic,    kBenchmarkTopic,
      kTransHalfTopic,     kTransOpHalfTopic, kTransCheckMaxTimeTopic,
      kSelfTestTopic,      kOffsetMovedEvent, "RMQ_SYS_TRACE_TOPIC"};
  for (const char* s : kSystem) {
    if (name == s) return true;
  }
  return StartsWith(name, kSystemTopicPrefix);
}

bool IsNotAllowedSendTopic(const std::string& name) {
  static const char* const kNotAllowed[] = {kScheduleTopic,    kTransHalfTopic,
                                            kTransOpHalfTopic, kTransCheckMaxTimeTopic,
                                            kSelfTestTopic,    kOffsetMovedEvent};
  for (const char* s : kNotAllowed) {
    if (name == s) return true;
  }
  return false;
}

bool IsRetryTopic(const std::string& name) { return StartsWith(name, kRetryGroupTopicPrefix); }
bool IsDlqTopic(const std::string& name) { return StartsWith(name, kDlqGroupTopicPrefix); }
std::string RetryTopic(const std::string& group) { return kRetryGroupTopicPrefix + group; }
std::string DlqTopic(const std::string& group) { return kDlqGroupTopicPrefix + group; }

}  // namespace topic
}  // namespace broker
}  // namespace rocketmq
