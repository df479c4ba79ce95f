// Client management headers (protocol.md §3.6, §3.7): UNREGISTER_CLIENT (35),
// GET_CONSUMER_LIST_BY_GROUP (38), NOTIFY_CONSUMER_IDS_CHANGED (40),
// GET_CONSUMER_RUNNING_INFO (307), CONSUME_MESSAGE_DIRECTLY (309),
// GET_CONSUMER_CONNECTION_LIST (203), GET_PRODUCER_CONNECTION_LIST (204) and
// CONSUMER_SEND_MSG_BACK (36). HEART_BEAT, LOCK_BATCH_MQ and UNLOCK_BATCH_MQ carry no header
// fields; their content is the JSON body.
#ifndef ROCKETMQ_PROTOCOL_CLIENT_HEADERS_H_
#define ROCKETMQ_PROTOCOL_CLIENT_HEADERS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/header_codec.h"

namespace rocketmq {
namespace protocol {

struct UnregisterClientRequestHeader : HeaderBase<UnregisterClientRequestHeader> {
  static constexpr char kName[] = "UnregisterClientRequestHeader";
  std::string client_id;
  std::optional<std::string> producer_group;
  std::optional<std::string> consumer_group;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("clientID", self.client_id);
    v.Optional("producerGroup", self.producer_group);
    v.Optional("consumerGroup", self.consumer_group);
  }
};

// GET_CONSUMER_LIST_BY_GROUP, NOTIFY_CONSUMER_IDS_CHANGED, GET_CONSUMER_CONNECTION_LIST:
// one consumer group.
struct ConsumerGroupRequestHeader : HeaderBase<ConsumerGroupRequestHeader> {
  static constexpr char kName[] = "ConsumerGroupRequestHeader";
  std::string consumer_group;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("consumerGroup", self.consumer_group);
  }
};
using GetConsumerListByGroupRequestHeader = ConsumerGroupRequestHeader;
using NotifyConsumerIdsChangedRequestHeader = ConsumerGroupRequestHeader;
using GetConsumerConnectionListRequestHeader = ConsumerGroupRequestHeader;

struct GetProducerConnectionListRequestHeader : HeaderBase<GetProducerConnectionListRequestHeader> {
  static constexpr char kName[] = "GetProducerConnectionListRequestHeader";
  std::string producer_group;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("producerGroup", self.producer_group);
  }
};

struct GetConsumerRunningInfoRequestHeader : HeaderBase<GetConsumerRunningInfoRequestHeader> {
  static constexpr char kName[] = "GetConsumerRunningInfoRequestHeader";
  std::string consumer_group;
  std::string client_id;
  bool jstack_enable = false;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("consumerGroup", self.consumer_group);
    v.Required("clientId", self.client_id);
    v.Defaulted("jstackEnable", self.jstack_enable);
  }
};

struct ConsumeMessageDirectlyResultRequestHeader
    : HeaderBase<ConsumeMessageDirectlyResultRequestHeader> {
  static constexpr char kName[] = "ConsumeMessageDirectlyResultRequestHeader";
  std::string consumer_group;
  std::optional<std::string> client_id;
  std::optional<std::string> msg_id;
  std::optional<std::string> broker_name;
  std::optional<std::string> topic;       // dev
  std::optional<int32_t> topic_sys_flag;  // dev
  std::optional<int32_t> group_sys_flag;  // dev

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("consumerGroup", self.consumer_group);
    v.Optional("clientId", self.client_id);
    v.Optional("msgId", self.msg_id);
    v.Optional("brokerName", self.broker_name);
    v.Optional("topic", self.topic);
    v.Optional("topicSysFlag", self.topic_sys_flag);
    v.Optional("groupSysFlag", self.group_sys_flag);
  }
};

// CONSUMER_SEND_MSG_BACK: a consumer hands a failed message back for retry.
struct ConsumerSendMsgBackRequestHeader : HeaderBase<ConsumerSendMsgBackRequestHeader> {
  static constexpr char kName[] = "ConsumerSendMsgBackRequestHeader";
  int64_t offset = 0;  // commit-log physical offset of the failed message
  std::string group;
  // 0: the broker uses 3 + reconsumeTimes; < 0: straight to the DLQ; > 0: that level.
  int32_t delay_level = 0;
  std::optional<std::string> origin_msg_id;
  std::optional<std::string> origin_topic;
  bool unit_mode = false;
  std::optional<int32_t> max_reconsume_times;
  std::optional<std::string> broker_name;  // bname

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("offset", self.offset);
    v.Required("group", self.group);
    v.Required("delayLevel", self.delay_level);
    v.Optional("originMsgId", self.origin_msg_id);
    v.Optional("originTopic", self.origin_topic);
    v.Defaulted("unitMode", self.unit_mode);
    v.Optional("maxReconsumeTimes", self.max_reconsume_times);
    v.Optional("bname", self.broker_name);
  }
};

// Ext fields of a 5.x heartbeat response.
constexpr char kIsSupportHeartBeatV2[] = "IS_SUPPORT_HEART_BEAT_V2";
constexpr char kIsSubChange[] = "IS_SUB_CHANGE";

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_CLIENT_HEADERS_H_
