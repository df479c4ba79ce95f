// Headers of PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361) (protocol.md §3.3, §3.4). The
// response body on SUCCESS is the found records back to back (protocol/message_record.h);
// the response remark carries the store's status name (FOUND, NO_MATCHED_MESSAGE, ...).
#ifndef ROCKETMQ_PROTOCOL_PULL_HEADERS_H_
#define ROCKETMQ_PROTOCOL_PULL_HEADERS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/header_codec.h"
#include "protocol/pull_sysflag.h"

namespace rocketmq {
namespace protocol {

constexpr char kExpressionTypeTag[] = "TAG";
constexpr char kExpressionTypeSql92[] = "SQL92";

struct PullMessageRequestHeader : HeaderBase<PullMessageRequestHeader> {
  static constexpr char kName[] = "PullMessageRequestHeader";
  std::string consumer_group;
  std::string topic;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  int32_t max_msg_nums = 32;
  int32_t sys_flag = 0;  // PullSysFlag
  int64_t commit_offset = 0;
  int64_t suspend_timeout_millis = 0;
  std::optional<std::string> subscription;  // only meaningful with kFlagSubscription
  int64_t sub_version = 0;
  std::optional<std::string> expression_type;          // TAG or SQL92
  std::optional<int32_t> max_msg_bytes;                // 5.x
  std::optional<int32_t> request_source;               // 5.x proxy
  std::optional<std::string> proxy_forward_client_id;  // 5.x; misspelled on the wire
  std::optional<std::string> broker_name;              // bname, 4.9.5+

  // The fields that change from one pull of a queue to the next: the push consumer encodes
  // a queue's header once and rewrites only these (PushConsumerImpl::Pull).
  static constexpr char kCommitOffsetField[] = "commitOffset";
  static constexpr char kQueueOffsetField[] = "queueOffset";
  static constexpr char kSysFlagField[] = "sysFlag";

  // In the ExtFields map's (byte) order: encoding then appends every key instead of
  // inserting it in the middle (a consumer's pull header cost 9.7k instructions so, 1 per
  // consumed message at low rates), and decoding finds each key where the last one ended.
  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Optional("bname", self.broker_name);
    v.Required(kCommitOffsetField, self.commit_offset);
    v.Required("consumerGroup", self.consumer_group);
    v.Optional("expressionType", self.expression_type);
    v.Optional("maxMsgBytes", self.max_msg_bytes);
    v.Required("maxMsgNums", self.max_msg_nums);
    v.Optional("proxyFrowardClientId", self.proxy_forward_client_id);
    v.Required("queueId", self.queue_id);
    v.Required(kQueueOffsetField, self.queue_offset);
    v.Optional("requestSource", self.request_source);
    v.Required("subVersion", self.sub_version);
    v.Optional("subscription", self.subscription);
    v.Required("suspendTimeoutMillis", self.suspend_timeout_millis);
    v.Required(kSysFlagField, self.sys_flag);
    v.Required("topic", self.topic);
  }
};

struct PullMessageResponseHeader : HeaderBase<PullMessageResponseHeader> {
  static constexpr char kName[] = "PullMessageResponseHeader";
  int64_t suggest_which_broker_id = 0;  // where to pull this queue next (0 = master)
  int64_t next_begin_offset = 0;
  int64_t min_offset = 0;
  int64_t max_offset = 0;
  std::optional<int64_t> offset_delta;    // 5.x static topics
  std::optional<int32_t> topic_sys_flag;  // 5.x
  std::optional<int32_t> group_sys_flag;  // 5.x
  std::optional<int32_t> forbidden_type;  // 5.x NO_PERMISSION reason

  // In the map's order, as the request's.
  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Optional("forbiddenType", self.forbidden_type);
    v.Optional("groupSysFlag", self.group_sys_flag);
    v.Required("maxOffset", self.max_offset);
    v.Required("minOffset", self.min_offset);
    v.Required("nextBeginOffset", self.next_begin_offset);
    v.Optional("offsetDelta", self.offset_delta);
    v.Required("suggestWhichBrokerId", self.suggest_which_broker_id);
    v.Optional("topicSysFlag", self.topic_sys_flag);
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_PULL_HEADERS_H_
