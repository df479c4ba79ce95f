// TopicConfig: one topic's queue counts, permission and filter type (protocol.md §4.8), as
// held in topics.json, GET_ALL_TOPIC_CONFIG and broker registrations.
//
// Two encodings: fastjson JSON (bodies and files) and the space-separated text form used
// inside a compressed RegisterBrokerBody:
//   "topicName readQueueNums writeQueueNums perm topicFilterType[ attributesJSON]"
// (4.9.8 accepts exactly the first five tokens; topicSysFlag and order are not carried).
#ifndef ROCKETMQ_PROTOCOL_TOPIC_CONFIG_H_
#define ROCKETMQ_PROTOCOL_TOPIC_CONFIG_H_

#include <json/json.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "protocol/json_writer.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// PermName bits (Apache C/constant/PermName.java).
namespace PermName {
constexpr int32_t kPermPriority = 0x8;
constexpr int32_t kPermRead = 0x4;
constexpr int32_t kPermWrite = 0x2;
constexpr int32_t kPermInherit = 0x1;
constexpr bool IsReadable(int32_t perm) { return (perm & kPermRead) != 0; }
constexpr bool IsWriteable(int32_t perm) { return (perm & kPermWrite) != 0; }
constexpr bool IsInherited(int32_t perm) { return (perm & kPermInherit) != 0; }
}  // namespace PermName

constexpr char kTopicFilterTypeSingleTag[] = "SINGLE_TAG";
constexpr char kTopicFilterTypeMultiTag[] = "MULTI_TAG";

struct TopicConfig {
  std::string topic_name;
  int32_t read_queue_nums = 16;
  int32_t write_queue_nums = 16;
  int32_t perm = PermName::kPermRead | PermName::kPermWrite;
  std::string topic_filter_type = kTopicFilterTypeSingleTag;
  int32_t topic_sys_flag = 0;
  bool order = false;
  // 5.x topic attributes ("message.type" -> "NORMAL", ...).
  std::map<std::string, std::string> attributes;

  std::string Encode() const;
  static Result<TopicConfig> Decode(std::string_view json);
  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what, TopicConfig* out);

  // The text form; attributes are appended only when there are some, so that 4.9.8 readers
  // (which require exactly five tokens) accept everything else.
  std::string EncodeText() const;
  static Result<TopicConfig> DecodeText(std::string_view text);

  bool operator==(const TopicConfig& other) const;
  bool operator!=(const TopicConfig& other) const { return !(*this == other); }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_TOPIC_CONFIG_H_
