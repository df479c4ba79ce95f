#include "broker/subscription_group_config.h"

#include "broker/json_util.h"

namespace rocketmq {
namespace broker {

void SubscriptionGroupConfig::Write(protocol::JsonWriter* out) const {
  out->BeginObject()
      .Field("brokerId", broker_id)
      .Field("consumeBroadcastEnable", consume_broadcast_enable)
      .Field("consumeEnable", consume_enable)
      .Field("consumeFromMinEnable", consume_from_min_enable)
      .Field("groupName", group_name)
      .Field("notifyConsumerIdsChangedEnable", notify_consumer_ids_changed_enable)
      .Field("retryMaxTimes", retry_max_times)
      .Field("retryQueueNums", retry_queue_nums)
      .Field("whichBrokerWhenConsumeSlowly", which_broker_when_consume_slowly)
      .EndObject();
}

SubscriptionGroupConfig SubscriptionGroupConfig::FromJson(const Json::Value& value,
                                                          const std::string& name) {
  SubscriptionGroupConfig c;
  c.group_name = json::GetString(value, "groupName", name);
  c.consume_enable = json::GetBool(value, "consumeEnable", c.consume_enable);
  c.consume_from_min_enable =
      json::GetBool(value, "consumeFromMinEnable", c.consume_from_min_enable);
  c.consume_broadcast_enable =
      json::GetBool(value, "consumeBroadcastEnable", c.consume_broadcast_enable);
  c.retry_queue_nums = json::GetInt32(value, "retryQueueNums", c.retry_queue_nums);
  c.retry_max_times = json::GetInt32(value, "retryMaxTimes", c.retry_max_times);
  c.broker_id = json::GetInt64(value, "brokerId", c.broker_id);
  c.which_broker_when_consume_slowly =
      json::GetInt64(value, "whichBrokerWhenConsumeSlowly", c.which_broker_when_consume_slowly);
  c.notify_consumer_ids_changed_enable =
      json::GetBool(value, "notifyConsumerIdsChangedEnable", c.notify_consumer_ids_changed_enable);
  return c;
}

}  // namespace broker
}  // namespace rocketmq
