#include "broker/dead_letter.h"

#include "broker/topic_validator.h"
#include "protocol/mq_version.h"
#include "protocol/topic_config.h"

namespace rocketmq {
namespace broker {

int32_t MaxReconsumeTimes(const SubscriptionGroupConfig& group, int32_t request_version,
                          const std::optional<int32_t>& client_limit) {
  if (request_version >= protocol::MQVersion::kV3_4_9 && client_limit.has_value()) {
    return *client_limit;
  }
  return group.retry_max_times;
}

protocol::TopicConfig EnsureDlqTopic(TopicConfigManager* topics, const std::string& group) {
  constexpr int32_t kDlqNumsPerGroup = 1;
  return topics->CreateTopicIfAbsent(topic::DlqTopic(group), kDlqNumsPerGroup,
                                     protocol::PermName::kPermRead | protocol::PermName::kPermWrite,
                                     0);
}

}  // namespace broker
}  // namespace rocketmq
