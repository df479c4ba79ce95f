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

}  // namespace

Status CheckTopic(const std::string& topic) {
  if (IsBlank(topic)) return Status::InvalidArgument("the topic is blank");
  if (topic.size() > protocol::topic::kTopicMaxLength) {
    return Status::InvalidArgument("the topic '" + topic + "' is longer than " +
                                   std::to_string(protocol::topic::kTopicMaxLength) +
                                   " characters");
  }
  if (!protocol::topic::HasLegalCharset(topic)) {
    return Status::InvalidArgument(
        "the topic '" + topic + "' contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
  }
  return Status::OK();
}

Status CheckGroup(const std::string& group) {
  if (IsBlank(group)) return Status::InvalidArgument("the group is blank");
  if (group.size() > kGroupMaxLength) {
    return Status::InvalidArgument("the group '" + group + "' is longer than " +
                                   std::to_string(kGroupMaxLength) + " characters");
  }
  if (!protocol::topic::HasLegalCharset(group)) {
    return Status::InvalidArgument(
        "the group '" + group + "' contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
  }
  return Status::OK();
}

Status CheckMessage(const Message& message, int32_t max_body_bytes) {
  RMQ_RETURN_IF_ERROR(CheckTopic(message.topic()));
  if (protocol::topic::IsNotAllowedSendTopic(message.topic())) {
    return Status::InvalidArgument("sending to the system topic '" + message.topic() +
                                   "' is forbidden");
  }
  if (message.body().empty()) {
    return Status::InvalidArgument("the message body to topic '" + message.topic() + "' is empty");
  }
  if (message.body().size() > static_cast<size_t>(max_body_bytes)) {
    return Status::InvalidArgument("the message body (" + std::to_string(message.body().size()) +
                                   " bytes) is larger than maxMessageSize " +
                                   std::to_string(max_body_bytes));
  }
  Status props = protocol::ValidateMessageProperties(message.properties());
  if (!props.ok()) return props.WithContext("message to topic '" + message.topic() + "'");
  return Status::OK();
}

}  // namespace client
}  // namespace rocketmq
