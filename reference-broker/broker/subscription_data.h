// Broker-side use of a consumer's subscription (protocol::SubscriptionData, announced in
// heartbeats or carried by pulls): building one from a tag expression and the tags-code
// filter the broker applies (protocol.md §8.2). Clients re-filter by the exact tag, since
// tag hashes collide.
#ifndef ROCKETMQ_BROKER_SUBSCRIPTION_DATA_H_
#define ROCKETMQ_BROKER_SUBSCRIPTION_DATA_H_

#include <cstdint>
#include <string>

#include "protocol/heartbeat_data.h"

namespace rocketmq {
namespace broker {

// A TAG subscription from an expression ("*", "", "a || b"): tags trimmed, empty ones
// skipped, codes = Java String.hashCode() of each tag.
protocol::SubscriptionData SubscriptionFromTagExpression(const std::string& topic,
                                                         const std::string& expression,
                                                         int64_t sub_version);

// True when "*" (or empty), or when the tags code is one of the subscription's codes.
// SQL92 subscriptions always pass here; the long-poll holder checks their selector on the
// arriving message's properties.
bool MatchesTagsCode(const protocol::SubscriptionData& subscription, int64_t tags_code);

// True for "*" and the empty expression.
bool SubscribesAll(const protocol::SubscriptionData& subscription);

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SUBSCRIPTION_DATA_H_
