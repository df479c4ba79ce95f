// Conversions between the wire bodies the admin requests carry (protocol/) and the public
// admin values (rocketmq/admin_types.h), kept apart from the request logic so that they can
// be tested without a cluster.
#ifndef ROCKETMQ_ADMIN_ADMIN_BODIES_H_
#define ROCKETMQ_ADMIN_ADMIN_BODIES_H_

#include <map>
#include <string>
#include <string_view>

#include "protocol/cluster_info.h"
#include "protocol/connection_bodies.h"
#include "protocol/consume_stats.h"
#include "protocol/consumer_running_info.h"
#include "protocol/message_queue.h"
#include "protocol/topic_route_data.h"
#include "rocketmq/admin_types.h"
#include "rocketmq/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace admin {

MessageQueue ToPublic(const protocol::MessageQueue& queue);
protocol::MessageQueue ToProtocol(const MessageQueue& queue);
BrokerInfo ToPublic(const protocol::BrokerData& broker);
ClusterInfo ToPublic(const protocol::ClusterInfo& info);
TopicRoute ToPublic(const protocol::TopicRouteData& route);
ClientConnection ToPublic(const protocol::Connection& connection);
ConsumerConnections ToPublic(const protocol::ConsumerConnection& connection);
ConsumerRunningInfo ToPublic(const protocol::ConsumerRunningInfo& info);

// Adds the queues of one broker's ConsumeStats to `progress` (keeping MessageQueue order);
// only queues of `topic` when it is not empty.
void AddConsumeStats(const protocol::ConsumeStats& stats, const std::string& topic,
                     ConsumeProgress* progress);

// The SubscriptionGroupConfig JSON body of UPDATE_AND_CREATE_SUBSCRIPTIONGROUP.
std::string EncodeSubscriptionGroup(const SubscriptionGroupSettings& settings);

// java.util.Properties text ("key=value" lines), the body of UPDATE_BROKER_CONFIG and of the
// answer to GET_BROKER_CONFIG.
std::string EncodeProperties(const std::map<std::string, std::string>& properties);
Result<std::map<std::string, std::string>> DecodeProperties(const std::string& text);

// The BrokerStatsData JSON answer of VIEW_BROKER_STATS_DATA.
Result<BrokerStatsData> DecodeBrokerStatsData(std::string_view json);

}  // namespace admin
}  // namespace rocketmq

#endif  // ROCKETMQ_ADMIN_ADMIN_BODIES_H_
