#include "protocol/topic_names.h"

#include <algorithm>
#include <array>

namespace rocketmq {
namespace protocol {
namespace topic {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Not std::isalnum: the charset is ASCII whatever the process's locale. A table: the
// producer checks every send's topic, and up to nine comparisons per character were most
// of that check.
constexpr std::array<bool, 256> kLegalChars = [] {
  std::array<bool, 256> legal{};
  for (int c = 0; c < 256; ++c) {
    legal[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '%' || c == '|' || c == '_' || c == '-';
  }
  return legal;
}();

bool LegalChar(char c) { return kLegalChars[static_cast<unsigned char>(c)]; }

}  // namespace

bool HasLegalCharset(std::string_view name) {
  return std::all_of(name.begin(), name.end(), LegalChar);
}

Status Validate(std::string_view name) {
  if (name.empty()) return Status::InvalidArgument("the topic name is empty");
  if (!HasLegalCharset(name)) {
    return Status::InvalidArgument("the topic name '" + std::string(name) +
                                   "' contains illegal characters; allowed are "
                                   "^[%|a-zA-Z0-9_-]+$");
  }
  const size_t limit =
      IsRetryTopic(name) || IsDlqTopic(name) ? kRetryTopicMaxLength : kTopicMaxLength;
  if (name.size() > limit) {
    return Status::InvalidArgument("the topic name '" + std::string(name) + "' is " +
                                   std::to_string(name.size()) + " characters long; at most " +
                                   std::to_string(limit) + " are allowed");
  }
  return Status::OK();
}

bool IsSystemTopic(std::string_view name) {
  static constexpr std::string_view kSystem[] = {
      kAutoCreateTopicKey, kScheduleTopic,    kBenchmarkTopic,
      kTransHalfTopic,     kTransOpHalfTopic, kTransCheckMaxTimeTopic,
      kSelfTestTopic,      kOffsetMovedEvent, kTraceTopic};
  for (std::string_view s : kSystem) {
    if (name == s) return true;
  }
  return StartsWith(name, kSystemTopicPrefix);
}

bool IsNotAllowedSendTopic(std::string_view name) {
  // Views, not C strings: a send's topic then differs by length from each without a strlen
  // and a memcmp per name (1% of the broker's CPU under async singles).
  static constexpr std::string_view kNotAllowed[] = {kScheduleTopic,    kTransHalfTopic,
                                                     kTransOpHalfTopic, kTransCheckMaxTimeTopic,
                                                     kSelfTestTopic,    kOffsetMovedEvent};
  for (std::string_view s : kNotAllowed) {
    if (name == s) return true;
  }
  return false;
}

bool IsRetryTopic(std::string_view name) { return StartsWith(name, kRetryGroupTopicPrefix); }
bool IsDlqTopic(std::string_view name) { return StartsWith(name, kDlqGroupTopicPrefix); }
std::string RetryTopic(const std::string& group) { return kRetryGroupTopicPrefix + group; }
std::string DlqTopic(const std::string& group) { return kDlqGroupTopicPrefix + group; }

}  // namespace topic
}  // namespace protocol
}  // namespace rocketmq
