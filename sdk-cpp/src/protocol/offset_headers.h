// Offset, queue and message-query headers (protocol.md §3.5): QUERY_CONSUMER_OFFSET (14),
// UPDATE_CONSUMER_OFFSET (15), GET_MAX_OFFSET (30), GET_MIN_OFFSET (31),
// SEARCH_OFFSET_BY_TIMESTAMP (29), GET_EARLIEST_MSG_STORETIME (32), QUERY_MESSAGE (12),
// VIEW_MESSAGE_BY_ID (33), RESET_CONSUMER_CLIENT_OFFSET / INVOKE_BROKER_TO_RESET_OFFSET
// (220 / 222) and GET_CONSUMER_STATUS_FROM_CLIENT / INVOKE_BROKER_TO_GET_CONSUMER_STATUS
// (221 / 223).
#ifndef ROCKETMQ_PROTOCOL_OFFSET_HEADERS_H_
#define ROCKETMQ_PROTOCOL_OFFSET_HEADERS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/header_codec.h"

namespace rocketmq {
namespace protocol {

// Ext field a QUERY_MESSAGE carries ("true"/"false") to look up by UNIQ_KEY.
constexpr char kUniqueKeyQuery[] = "_UNIQUE_KEY_QUERY";

struct QueryConsumerOffsetRequestHeader : HeaderBase<QueryConsumerOffsetRequestHeader> {
  static constexpr char kName[] = "QueryConsumerOffsetRequestHeader";
  std::string consumer_group;
  std::string topic;
  int32_t queue_id = 0;
  std::optional<bool> set_zero_if_not_found;  // 5.x
  std::optional<std::string> broker_name;     // bname

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("consumerGroup", self.consumer_group);
    v.Required("topic", self.topic);
    v.Required("queueId", self.queue_id);
    v.Optional("setZeroIfNotFound", self.set_zero_if_not_found);
    v.Optional("bname", self.broker_name);
  }
};

// The answer of several offset requests: one long named "offset".
struct OffsetResponseHeader : HeaderBase<OffsetResponseHeader> {
  static constexpr char kName[] = "OffsetResponseHeader";
  int64_t offset = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("offset", self.offset);
  }
};
using QueryConsumerOffsetResponseHeader = OffsetResponseHeader;
using GetMaxOffsetResponseHeader = OffsetResponseHeader;
using GetMinOffsetResponseHeader = OffsetResponseHeader;
using SearchOffsetResponseHeader = OffsetResponseHeader;

struct UpdateConsumerOffsetRequestHeader : HeaderBase<UpdateConsumerOffsetRequestHeader> {
  static constexpr char kName[] = "UpdateConsumerOffsetRequestHeader";
  std::string consumer_group;
  std::string topic;
  int32_t queue_id = 0;
  int64_t commit_offset = 0;
  std::optional<std::string> broker_name;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("consumerGroup", self.consumer_group);
    v.Required("topic", self.topic);
    v.Required("queueId", self.queue_id);
    v.Required("commitOffset", self.commit_offset);
    v.Optional("bname", self.broker_name);
  }
};

struct GetMaxOffsetRequestHeader : HeaderBase<GetMaxOffsetRequestHeader> {
  static constexpr char kName[] = "GetMaxOffsetRequestHeader";
  std::string topic;
  int32_t queue_id = 0;
  // dev: only count committed (dispatched) messages; 4.9.8 ignores it.
  bool committed = true;
  std::optional<std::string> broker_name;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("queueId", self.queue_id);
    v.Defaulted("committed", self.committed);
    v.Optional("bname", self.broker_name);
  }
};

// GET_MIN_OFFSET and GET_EARLIEST_MSG_STORETIME: a topic queue.
struct TopicQueueRequestHeader : HeaderBase<TopicQueueRequestHeader> {
  static constexpr char kName[] = "TopicQueueRequestHeader";
  std::string topic;
  int32_t queue_id = 0;
  std::optional<std::string> broker_name;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("queueId", self.queue_id);
    v.Optional("bname", self.broker_name);
  }
};
using GetMinOffsetRequestHeader = TopicQueueRequestHeader;
using GetEarliestMsgStoretimeRequestHeader = TopicQueueRequestHeader;

struct SearchOffsetRequestHeader : HeaderBase<SearchOffsetRequestHeader> {
  static constexpr char kName[] = "SearchOffsetRequestHeader";
  std::string topic;
  int32_t queue_id = 0;
  int64_t timestamp = 0;
  // dev: "LOWER" (default) or "UPPER", case-insensitive.
  std::optional<std::string> boundary_type;
  std::optional<std::string> broker_name;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("queueId", self.queue_id);
    v.Required("timestamp", self.timestamp);
    v.Optional("boundaryType", self.boundary_type);
    v.Optional("bname", self.broker_name);
  }
};

struct GetEarliestMsgStoretimeResponseHeader : HeaderBase<GetEarliestMsgStoretimeResponseHeader> {
  static constexpr char kName[] = "GetEarliestMsgStoretimeResponseHeader";
  int64_t timestamp = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("timestamp", self.timestamp);
  }
};

struct QueryMessageRequestHeader : HeaderBase<QueryMessageRequestHeader> {
  static constexpr char kName[] = "QueryMessageRequestHeader";
  std::string topic;
  std::string key;
  int32_t max_num = 0;
  int64_t begin_timestamp = 0;
  int64_t end_timestamp = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("key", self.key);
    v.Required("maxNum", self.max_num);
    v.Required("beginTimestamp", self.begin_timestamp);
    v.Required("endTimestamp", self.end_timestamp);
  }
};

struct QueryMessageResponseHeader : HeaderBase<QueryMessageResponseHeader> {
  static constexpr char kName[] = "QueryMessageResponseHeader";
  int64_t index_last_update_timestamp = 0;
  int64_t index_last_update_phyoffset = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("indexLastUpdateTimestamp", self.index_last_update_timestamp);
    v.Required("indexLastUpdatePhyoffset", self.index_last_update_phyoffset);
  }
};

struct ViewMessageRequestHeader : HeaderBase<ViewMessageRequestHeader> {
  static constexpr char kName[] = "ViewMessageRequestHeader";
  int64_t offset = 0;                // commit-log physical offset, from an offset message id
  std::optional<std::string> topic;  // dev

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("offset", self.offset);
    v.Optional("topic", self.topic);
  }
};

struct ResetOffsetRequestHeader : HeaderBase<ResetOffsetRequestHeader> {
  static constexpr char kName[] = "ResetOffsetRequestHeader";
  std::string topic;
  std::string group;
  int64_t timestamp = 0;
  bool is_force = false;
  int32_t queue_id = -1;          // dev; -1 = every queue
  std::optional<int64_t> offset;  // dev

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("group", self.group);
    v.Required("timestamp", self.timestamp);
    v.Required("isForce", self.is_force);
    v.Defaulted("queueId", self.queue_id);
    v.Optional("offset", self.offset);
  }
};

struct GetConsumerStatusRequestHeader : HeaderBase<GetConsumerStatusRequestHeader> {
  static constexpr char kName[] = "GetConsumerStatusRequestHeader";
  std::string topic;
  std::string group;
  std::optional<std::string> client_addr;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("group", self.group);
    v.Optional("clientAddr", self.client_addr);
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_OFFSET_HEADERS_H_
