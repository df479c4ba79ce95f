// Subscriptions as Java's FilterAPI builds them: the tag expression split into a tag set,
// and each tag's Java String.hashCode() in the code set the broker filters by (it stores
// only a tag's hash code in the consume queue, so the client checks the tag string again).
#ifndef ROCKETMQ_CONSUMER_SUBSCRIPTION_H_
#define ROCKETMQ_CONSUMER_SUBSCRIPTION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/heartbeat_data.h"
#include "rocketmq/consumer_config.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace consumer {

// Tags: "*" or "" subscribes to everything; otherwise tags separated by "||", blanks
// trimmed; an expression naming no tag ("||") is InvalidArgument. SQL92: the expression as
// it is, for the broker to evaluate; an empty one is InvalidArgument.
Result<protocol::SubscriptionData> BuildSubscription(const std::string& topic,
                                                     const std::string& expression,
                                                     int64_t sub_version,
                                                     ExpressionType type = ExpressionType::kTag);

// The client-side tag check after the broker's hash-code filter.
bool MatchesTags(const protocol::SubscriptionData& subscription, const std::string& tags);

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_SUBSCRIPTION_H_
