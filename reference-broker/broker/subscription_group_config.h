// SubscriptionGroupConfig: the broker-side settings of one consumer group (Apache
// SubscriptionGroupConfig, protocol.md §4.9), the entry of subscriptionGroup.json.
#ifndef ROCKETMQ_BROKER_SUBSCRIPTION_GROUP_CONFIG_H_
#define ROCKETMQ_BROKER_SUBSCRIPTION_GROUP_CONFIG_H_

#include <json/value.h>

#include <cstdint>
#include <string>

#include "protocol/json_writer.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

struct SubscriptionGroupConfig {
  std::string group_name;
  bool consume_enable = true;
  bool consume_from_min_enable = true;
  bool consume_broadcast_enable = true;
  int32_t retry_queue_nums = 1;
  int32_t retry_max_times = 16;
  // Broker id consumers are told to pull from, and the one when they read cold data.
  int64_t broker_id = 0;
  int64_t which_broker_when_consume_slowly = 1;
  bool notify_consumer_ids_changed_enable = true;

  // Unknown members (dev additions) are ignored; missing ones keep their defaults; a member
  // of the wrong type is an error naming it.
  void Write(protocol::JsonWriter* out) const;
  static Result<SubscriptionGroupConfig> FromJson(const Json::Value& value,
                                                  const std::string& name);
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SUBSCRIPTION_GROUP_CONFIG_H_
