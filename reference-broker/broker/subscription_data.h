// SubscriptionData and ConsumerData: what a consumer announces in its heartbeat
// (protocol.md §4.2), and what the broker filters pulls with.
#ifndef ROCKETMQ_BROKER_SUBSCRIPTION_DATA_H_
#define ROCKETMQ_BROKER_SUBSCRIPTION_DATA_H_

#include <json/value.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

struct SubscriptionData {
  static constexpr char kSubAll[] = "*";

  std::string topic;
  std::string sub_string = kSubAll;
  std::set<std::string> tags_set;
  // Java String.hashCode() of each tag: what consume queue entries store and are matched on.
  std::set<int32_t> code_set;
  int64_t sub_version = 0;
  // "TAG" or "SQL92".
  std::string expression_type = "TAG";
  bool class_filter_mode = false;

  // Builds a TAG subscription from an expression ("*", "", "a || b").
  static SubscriptionData FromTagExpression(const std::string& topic, const std::string& expression,
                                            int64_t sub_version);
  // True when a message with this tags code passes the broker-side filter. SQL92
  // subscriptions are not evaluated here (the processor refuses them).
  bool MatchesTagsCode(int64_t tags_code) const;

  Json::Value ToJson() const;
  static SubscriptionData FromJson(const Json::Value& value);
};

// Java's String.hashCode() over the UTF-16 code units of a UTF-8 string.
int32_t JavaStringHash(const std::string& utf8);

struct ConsumerData {
  std::string group_name;
  // "CONSUME_ACTIVELY" (pull), "CONSUME_PASSIVELY" (push), "CONSUME_POP".
  std::string consume_type = "CONSUME_PASSIVELY";
  // "CLUSTERING" or "BROADCASTING".
  std::string message_model = "CLUSTERING";
  std::string consume_from_where = "CONSUME_FROM_LAST_OFFSET";
  std::vector<SubscriptionData> subscriptions;
  bool unit_mode = false;

  static ConsumerData FromJson(const Json::Value& value);
};

// HeartbeatData (the body of HEART_BEAT).
struct HeartbeatData {
  std::string client_id;
  std::vector<std::string> producer_groups;
  std::vector<ConsumerData> consumers;

  // Fails with Protocol when the body is not JSON or misses clientID.
  static Result<HeartbeatData> Parse(const std::string& body);
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SUBSCRIPTION_DATA_H_
