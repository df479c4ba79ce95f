#include "client/validators.h"

#include <algorithm>
#include <cctype>

#include "protocol/message_properties.h"
#include "protocol/topic_names.h"

namespace rocketmq {
namespace client {
namespace {

bool IsBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

// Java's order of checks and wording for a topic or group name (`what`). A name of legal
// characters has no blank in it: the blank check, a library call per character, then runs
// only for a name that fails anyway (every send checks its topic).
Status CheckName(const std::string& name, const char* what, size_t max_length) {
  const bool legal_charset = protocol::topic::HasLegalCharset(name);
  if (name.empty() || (!legal_charset && IsBlank(name))) {
    return Status::InvalidArgument(std::string("the ") + what + " is blank");
  }
  if (name.size() > max_length) {
    return Status::InvalidArgument(std::string("the ") + what + " '" + name + "' is longer than " +
                                   std::to_string(max_length) + " characters");
  }
  if (!legal_charset) {
    return Status::InvalidArgument(
        std::string("the ") + what + " '" + name +
        "' contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
  }
  return Status::OK();
}

}  // namespace

Status CheckTopic(const std::string& topic) {
  return CheckName(topic, "topic", protocol::topic::kTopicMaxLength);
}

Status CheckGroup(const std::string& group) { return CheckName(group, "group", kGroupMaxLength); }

Status CheckMessage(const Message& message, int32_t max_body_bytes) {
  RMQ_RETURN_IF_ERROR(CheckTopic(message.topic()));
  if (protocol::topic::IsNotAllowedSendTopic(message.topic())) {
    return Status::InvalidArgument("sending to the system topic '" + message.topic() +
                                   "' is forbidden");
  }
  return CheckMessageBodyAndProperties(message, max_body_bytes);
}

Status CheckMessageBodyAndProperties(const Message& message, int32_t max_body_bytes) {
  if (message.body().empty()) {
    return Status::InvalidArgument("the message body to topic '" + message.topic() + "' is empty");
  }
  if (message.body().size() > static_cast<size_t>(max_body_bytes)) {
    return Status::InvalidArgument("the message body (" + std::to_string(message.body().size()) +
                                   " bytes) is larger than maxMessageSize " +
                                   std::to_string(max_body_bytes));
  }
  // Most messages of a batch have no properties of their own: no walk and no Status for them.
  if (message.properties().empty()) return Status::OK();
  Status props = protocol::ValidateMessageProperties(message.properties());
  if (!props.ok()) return props.WithContext("message to topic '" + message.topic() + "'");
  return Status::OK();
}

}  // namespace client
}  // namespace rocketmq
