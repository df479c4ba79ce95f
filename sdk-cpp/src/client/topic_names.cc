#include "rocketmq/topic_names.h"

#include "protocol/topic_names.h"

namespace rocketmq {

static_assert(std::string_view(kDefaultTraceTopic) == protocol::topic::kTraceTopic);

bool IsSystemTopic(std::string_view topic) { return protocol::topic::IsSystemTopic(topic); }
bool IsRetryTopic(std::string_view topic) { return protocol::topic::IsRetryTopic(topic); }
bool IsDlqTopic(std::string_view topic) { return protocol::topic::IsDlqTopic(topic); }
std::string RetryTopic(const std::string& group) { return protocol::topic::RetryTopic(group); }
std::string DlqTopic(const std::string& group) { return protocol::topic::DlqTopic(group); }

std::string GroupOfRetryTopic(std::string_view topic) {
  if (!IsRetryTopic(topic)) return "";
  return std::string(topic.substr(sizeof(protocol::topic::kRetryGroupTopicPrefix) - 1));
}

Status ValidateTopicName(const std::string& topic) { return protocol::topic::Validate(topic); }

}  // namespace rocketmq
