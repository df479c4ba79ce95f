// HeartbeatData: the body of HEART_BEAT (34), by which clients tell a broker their producer
// and consumer groups and subscriptions (protocol.md §4.2).
#ifndef ROCKETMQ_PROTOCOL_HEARTBEAT_DATA_H_
#define ROCKETMQ_PROTOCOL_HEARTBEAT_DATA_H_

#include <json/json.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/json_writer.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// The expression that subscribes to every tag.
constexpr char kSubscribeAll[] = "*";

// Consume types, message models and consume-from-where values, by Java enum name.
constexpr char kConsumeActively[] = "CONSUME_ACTIVELY";    // pull consumers
constexpr char kConsumePassively[] = "CONSUME_PASSIVELY";  // push consumers
constexpr char kConsumePop[] = "CONSUME_POP";              // 5.x
constexpr char kMessageModelClustering[] = "CLUSTERING";
constexpr char kMessageModelBroadcasting[] = "BROADCASTING";
constexpr char kConsumeFromLastOffset[] = "CONSUME_FROM_LAST_OFFSET";
constexpr char kConsumeFromFirstOffset[] = "CONSUME_FROM_FIRST_OFFSET";
constexpr char kConsumeFromTimestamp[] = "CONSUME_FROM_TIMESTAMP";

struct SubscriptionData {
  std::string topic;
  std::string sub_string = kSubscribeAll;  // "*", "tagA || tagB" or SQL92 text
  std::set<std::string> tags_set;          // trimmed tags; empty for "*"
  std::set<int32_t> code_set;              // Java String.hashCode() of each tag
  int64_t sub_version = 0;                 // ms when the subscription was built
  std::string expression_type = "TAG";     // TAG or SQL92
  bool class_filter_mode = false;

  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what, SubscriptionData* out);
  bool operator==(const SubscriptionData& o) const;
};

struct ConsumerData {
  std::string group_name;
  std::string consume_type = kConsumePassively;
  std::string message_model = kMessageModelClustering;
  std::string consume_from_where = kConsumeFromLastOffset;
  std::vector<SubscriptionData> subscription_data_set;
  bool unit_mode = false;

  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what, ConsumerData* out);
  bool operator==(const ConsumerData& o) const;
};

struct ProducerData {
  std::string group_name;

  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what, ProducerData* out);
  bool operator==(const ProducerData& o) const { return group_name == o.group_name; }
};

struct HeartbeatData {
  std::string client_id;  // "clientIP@instanceName[@unitName]"
  std::vector<ProducerData> producer_data_set;
  std::vector<ConsumerData> consumer_data_set;
  // 5.x heartbeat v2: set only when talking that dialect.
  std::optional<int32_t> heartbeat_fingerprint;
  std::optional<bool> without_sub;

  std::string Encode() const;
  static Result<HeartbeatData> Decode(std::string_view json);
  bool operator==(const HeartbeatData& o) const;
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_HEARTBEAT_DATA_H_
