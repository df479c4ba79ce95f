#include "broker/subscription_group_config.h"

#include "protocol/json_reader.h"

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

Result<SubscriptionGroupConfig> SubscriptionGroupConfig::FromJson(const Json::Value& value,
                                                                  const std::string& name) {
  SubscriptionGroupConfig c;
  c.group_name = name;
  Status s = protocol::JsonFields(value, "SubscriptionGroupConfig " + name)
                 .String("groupName", &c.group_name)
                 .Bool("consumeEnable", &c.consume_enable)
                 .Bool("consumeFromMinEnable", &c.consume_from_min_enable)
                 .Bool("consumeBroadcastEnable", &c.consume_broadcast_enable)
                 .Int32("retryQueueNums", &c.retry_queue_nums)
                 .Int32("retryMaxTimes", &c.retry_max_times)
                 .Int64("brokerId", &c.broker_id)
                 .Int64("whichBrokerWhenConsumeSlowly", &c.which_broker_when_consume_slowly)
                 .Bool("notifyConsumerIdsChangedEnable", &c.notify_consumer_ids_changed_enable)
                 .status();
  if (!s.ok()) return s;
  return c;
}

}  // namespace broker
}  // namespace rocketmq
