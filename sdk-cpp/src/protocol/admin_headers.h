// Admin and operations headers the broker serves (protocol.md §2.3, §3.10).
#ifndef ROCKETMQ_PROTOCOL_ADMIN_HEADERS_H_
#define ROCKETMQ_PROTOCOL_ADMIN_HEADERS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/header_codec.h"

namespace rocketmq {
namespace protocol {

// UPDATE_AND_CREATE_TOPIC (17).
struct CreateTopicRequestHeader : HeaderBase<CreateTopicRequestHeader> {
  static constexpr char kName[] = "CreateTopicRequestHeader";
  std::string topic;
  std::string default_topic = "TBW102";
  int32_t read_queue_nums = 0;
  int32_t write_queue_nums = 0;
  int32_t perm = 0;
  std::string topic_filter_type = "SINGLE_TAG";
  std::optional<int32_t> topic_sys_flag;
  bool order = false;
  std::optional<std::string> attributes;  // dev: "+key=value,..." list
  std::optional<bool> force;              // dev

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("defaultTopic", self.default_topic);
    v.Required("readQueueNums", self.read_queue_nums);
    v.Required("writeQueueNums", self.write_queue_nums);
    v.Required("perm", self.perm);
    v.Required("topicFilterType", self.topic_filter_type);
    v.Optional("topicSysFlag", self.topic_sys_flag);
    v.Defaulted("order", self.order);
    v.Optional("attributes", self.attributes);
    v.Optional("force", self.force);
  }
};

// One topic: DELETE_TOPIC_IN_BROKER (215), GET_TOPIC_STATS_INFO (202),
// QUERY_TOPIC_CONSUME_BY_WHO (300), GET_TOPIC_CONFIG (351).
struct TopicRequestHeader : HeaderBase<TopicRequestHeader> {
  static constexpr char kName[] = "TopicRequestHeader";
  std::string topic;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
  }
};
using DeleteTopicRequestHeader = TopicRequestHeader;
using GetTopicStatsInfoRequestHeader = TopicRequestHeader;
using QueryTopicConsumeByWhoRequestHeader = TopicRequestHeader;
using GetTopicConfigRequestHeader = TopicRequestHeader;

// DELETE_SUBSCRIPTIONGROUP (207). 4.9.8 names the flag removeOffset, dev cleanOffset.
struct DeleteSubscriptionGroupRequestHeader : HeaderBase<DeleteSubscriptionGroupRequestHeader> {
  static constexpr char kName[] = "DeleteSubscriptionGroupRequestHeader";
  std::string group_name;
  std::optional<bool> remove_offset;
  std::optional<bool> clean_offset;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("groupName", self.group_name);
    v.Optional("removeOffset", self.remove_offset);
    v.Optional("cleanOffset", self.clean_offset);
  }
};

// One group: GET_SUBSCRIPTIONGROUP_CONFIG (352), QUERY_TOPICS_BY_CONSUMER (343).
struct GroupRequestHeader : HeaderBase<GroupRequestHeader> {
  static constexpr char kName[] = "GroupRequestHeader";
  std::string group;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("group", self.group);
  }
};
using GetSubscriptionGroupConfigRequestHeader = GroupRequestHeader;
using QueryTopicsByConsumerRequestHeader = GroupRequestHeader;

// QUERY_SUBSCRIPTION_BY_CONSUMER (345).
struct QuerySubscriptionByConsumerRequestHeader
    : HeaderBase<QuerySubscriptionByConsumerRequestHeader> {
  static constexpr char kName[] = "QuerySubscriptionByConsumerRequestHeader";
  std::string group;
  std::string topic;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("group", self.group);
    v.Required("topic", self.topic);
  }
};

// GET_CONSUME_STATS (208).
struct GetConsumeStatsRequestHeader : HeaderBase<GetConsumeStatsRequestHeader> {
  static constexpr char kName[] = "GetConsumeStatsRequestHeader";
  std::string consumer_group;
  std::optional<std::string> topic;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("consumerGroup", self.consumer_group);
    v.Optional("topic", self.topic);
  }
};

// GET_BROKER_CONSUME_STATS (317).
struct GetConsumeStatsInBrokerHeader : HeaderBase<GetConsumeStatsInBrokerHeader> {
  static constexpr char kName[] = "GetConsumeStatsInBrokerHeader";
  bool is_order = false;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("isOrder", self.is_order);
  }
};

// VIEW_BROKER_STATS_DATA (315).
struct ViewBrokerStatsDataRequestHeader : HeaderBase<ViewBrokerStatsDataRequestHeader> {
  static constexpr char kName[] = "ViewBrokerStatsDataRequestHeader";
  std::string stats_name;  // TOPIC_PUT_NUMS, GROUP_GET_NUMS, ...
  std::string stats_key;   // "topic" or "topic@group"

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("statsName", self.stats_name);
    v.Required("statsKey", self.stats_key);
  }
};

// CLONE_GROUP_OFFSET (314).
struct CloneGroupOffsetRequestHeader : HeaderBase<CloneGroupOffsetRequestHeader> {
  static constexpr char kName[] = "CloneGroupOffsetRequestHeader";
  std::string src_group;
  std::string dest_group;
  std::optional<std::string> topic;
  bool offline = false;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("srcGroup", self.src_group);
    v.Required("destGroup", self.dest_group);
    v.Optional("topic", self.topic);
    v.Defaulted("offline", self.offline);
  }
};

// QUERY_CONSUME_TIME_SPAN (303).
struct QueryConsumeTimeSpanRequestHeader : HeaderBase<QueryConsumeTimeSpanRequestHeader> {
  static constexpr char kName[] = "QueryConsumeTimeSpanRequestHeader";
  std::string topic;
  std::string group;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("group", self.group);
  }
};

// QUERY_CORRECTION_OFFSET (308).
struct QueryCorrectionOffsetHeader : HeaderBase<QueryCorrectionOffsetHeader> {
  static constexpr char kName[] = "QueryCorrectionOffsetHeader";
  std::optional<std::string> filter_groups;  // comma-separated
  std::string compare_group;
  std::string topic;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Optional("filterGroups", self.filter_groups);
    v.Required("compareGroup", self.compare_group);
    v.Required("topic", self.topic);
  }
};

// QUERY_CONSUME_QUEUE (321).
struct QueryConsumeQueueRequestHeader : HeaderBase<QueryConsumeQueueRequestHeader> {
  static constexpr char kName[] = "QueryConsumeQueueRequestHeader";
  std::string topic;
  int32_t queue_id = 0;
  int64_t index = 0;
  int32_t count = 0;
  std::optional<std::string> consumer_group;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("queueId", self.queue_id);
    v.Required("index", self.index);
    v.Required("count", self.count);
    v.Optional("consumerGroup", self.consumer_group);
  }
};

// RESUME_CHECK_HALF_MESSAGE (323).
struct ResumeCheckHalfMessageRequestHeader : HeaderBase<ResumeCheckHalfMessageRequestHeader> {
  static constexpr char kName[] = "ResumeCheckHalfMessageRequestHeader";
  std::optional<std::string> msg_id;
  std::optional<std::string> topic;  // dev

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Optional("msgId", self.msg_id);
    v.Optional("topic", self.topic);
  }
};

// Response to GET_BROKER_CONFIG (26); the body is java-properties text.
struct GetBrokerConfigResponseHeader : HeaderBase<GetBrokerConfigResponseHeader> {
  static constexpr char kName[] = "GetBrokerConfigResponseHeader";
  std::string version;  // DataVersion JSON of the configuration

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("version", self.version);
  }
};

// GET_ALL_TOPIC_CONFIG (21) paging, dev only; older brokers send everything.
struct GetAllTopicConfigRequestHeader : HeaderBase<GetAllTopicConfigRequestHeader> {
  static constexpr char kName[] = "GetAllTopicConfigRequestHeader";
  std::optional<int32_t> topic_seq;
  std::optional<std::string> data_version;
  std::optional<int32_t> max_topic_num;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Optional("topicSeq", self.topic_seq);
    v.Optional("dataVersion", self.data_version);
    v.Optional("maxTopicNum", self.max_topic_num);
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_ADMIN_HEADERS_H_
