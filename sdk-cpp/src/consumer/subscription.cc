#include "consumer/subscription.h"

#include <vector>

#include "protocol/java_string_hash.h"

namespace rocketmq {
namespace consumer {
namespace {

// Java's ExpressionType names, as the pull header and the heartbeat carry them.
constexpr char kTag[] = "TAG";
constexpr char kSql92[] = "SQL92";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<protocol::SubscriptionData> BuildSubscription(const std::string& topic,
                                                     const std::string& expression,
                                                     int64_t sub_version, ExpressionType type) {
  protocol::SubscriptionData data;
  data.topic = topic;
  data.sub_version = sub_version;
  if (type == ExpressionType::kSql92) {
    if (Trim(expression).empty()) {
      return Status::InvalidArgument("the SQL92 subscription expression of topic " + topic +
                                     " is empty");
    }
    data.sub_string = expression;
    data.expression_type = kSql92;
    return data;
  }
  data.expression_type = kTag;
  const std::string_view trimmed = Trim(expression);
  if (trimmed.empty() || trimmed == protocol::kSubscribeAll) {
    data.sub_string = protocol::kSubscribeAll;
    return data;
  }
  data.sub_string = expression;
  std::string_view rest = expression;
  while (true) {
    const size_t bar = rest.find("||");
    const std::string_view tag = Trim(rest.substr(0, bar));
    if (!tag.empty()) {
      data.tags_set.emplace(tag);
      data.code_set.insert(protocol::JavaStringHash(tag));
    }
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 2);
  }
  if (data.tags_set.empty()) {
    return Status::InvalidArgument("subscription expression '" + expression + "' of topic " +
                                   topic + " names no tag");
  }
  return data;
}

bool MatchesTags(const protocol::SubscriptionData& subscription, const std::string& tags) {
  if (subscription.tags_set.empty() || subscription.class_filter_mode) return true;
  return !tags.empty() && subscription.tags_set.count(tags) != 0;
}

}  // namespace consumer
}  // namespace rocketmq
