// What a consumer of a group asks brokers and nameservers to take part in rebalancing: its
// heartbeat (HEART_BEAT with its ConsumerData, to every known broker), the readable queues
// of a topic, the group's member ids (GET_CONSUMER_LIST_BY_GROUP), and leaving
// (UNREGISTER_CLIENT). Shared by the push and the lite pull consumer.
#ifndef ROCKETMQ_CONSUMER_GROUP_MEMBERSHIP_H_
#define ROCKETMQ_CONSUMER_GROUP_MEMBERSHIP_H_

#include <chrono>
#include <string>
#include <vector>

#include "client/client_instance.h"
#include "protocol/heartbeat_data.h"
#include "rocketmq/consumer_config.h"

namespace rocketmq {
namespace consumer {

// The ConsumerData of `config`'s group; `consume_type` is protocol::kConsumePassively (push)
// or kConsumeActively (pull).
protocol::ConsumerData BuildConsumerData(const ConsumerConfig& config, const char* consume_type,
                                         std::vector<protocol::SubscriptionData> subscriptions);

// HEART_BEAT with `consumer` to every broker in the route cache, slaves included (Java's
// sendHeartbeatToAllBroker): a slave that serves the group while its master is down answers
// GET_CONSUMER_LIST_BY_GROUP from these. `wait` waits for each answer (bounded), otherwise
// failures are only logged.
void SendConsumerHeartbeat(client::ClientInstance* instance, const protocol::ConsumerData& consumer,
                           bool wait);

// The readable queues of `topic`, sorted (route from the cache, else the nameserver).
Result<std::vector<MessageQueue>> ReadableQueues(client::ClientInstance* instance,
                                                 const std::string& topic);

// The ids of the group's consumers, sorted, from a broker serving `topic`: a master, or a
// slave of a group whose master is gone (Java's findBrokerAddrByTopic).
Result<std::vector<std::string>> GroupConsumerIds(client::ClientInstance* instance,
                                                  const std::string& group,
                                                  const std::string& topic);

// CHECK_CLIENT_CONFIG (46) for each subscription that is not a tag expression, to one broker
// serving its topic (Java's MQClientInstance.checkClientInBroker, which push and lite pull
// consumers run at start, before their first heartbeat): the broker compiles the expression
// as its pulls would. A refusal fails with the expression, the broker and its remark:
// InvalidArgument for SUBSCRIPTION_PARSE_FAILED, NotSupported for a broker without
// enablePropertyFilter, BrokerError otherwise. A topic with no route yet is skipped, and a
// broker that cannot be reached is only logged (Java fails the start there too; the
// heartbeat and the pulls report what follows).
Status CheckClientInBroker(client::ClientInstance* instance, const std::string& group,
                           const std::vector<protocol::SubscriptionData>& subscriptions);

// UNREGISTER_CLIENT of `group` to every broker the heartbeats went to, all within `timeout`.
void UnregisterConsumer(client::ClientInstance* instance, const std::string& group,
                        std::chrono::milliseconds timeout);

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_GROUP_MEMBERSHIP_H_
