#include "broker/subscription_group_config.h"

#include "broker/json_util.h"

namespace rocketmq {
namespace broker {

Json::Value SubscriptionGroupConfig::ToJson() const {
  Json::Value out(Json::objectValue);
  out["brokerId"] = Json::Int64(broker_id);
  out["consumeBroadcastEnable"] = consume_broadcast_enable;
  out["consumeEnable"] = consume_enable;
  out["consumeFromMinEnable"] = consume_from_min_enable;
  out["groupName"] = group_name;
  out["notifyConsumerIdsChangedEnable"] = notify_consumer_ids_changed_enable;
  out["retryMaxTimes"] = retry_max_times;
  out["retryQueueNums"] = retry_queue_nums;
  out["whichBrokerWhenConsumeSlowly"] = Json::Int64(which_broker_when_consume_slowly);
  return out;
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
