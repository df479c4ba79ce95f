// Where a redelivered message goes once it has failed too often: the rules shared by the two
// paths that redeliver (CONSUMER_SEND_MSG_BACK, and a client re-sending to %RETRY%group).
#ifndef ROCKETMQ_BROKER_DEAD_LETTER_H_
#define ROCKETMQ_BROKER_DEAD_LETTER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "broker/subscription_group_config.h"
#include "broker/topic_config_manager.h"
#include "protocol/topic_config.h"

namespace rocketmq {
namespace broker {

// How many redeliveries `group` allows: the client's own limit when it sends one (clients
// since V3_4_9 do), the group's retryMaxTimes otherwise.
int32_t MaxReconsumeTimes(const SubscriptionGroupConfig& group, int32_t request_version,
                          const std::optional<int32_t>& client_limit);

// The dead-letter topic of `group`, created on first use with Apache's shape (one
// read-write queue, MixAll.DLQ_NUMS_PER_GROUP).
protocol::TopicConfig EnsureDlqTopic(TopicConfigManager* topics, const std::string& group);

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_DEAD_LETTER_H_
