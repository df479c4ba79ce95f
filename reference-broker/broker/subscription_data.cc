#include "broker/subscription_data.h"

#include "protocol/java_string_hash.h"

namespace rocketmq {
namespace broker {
namespace {

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

}  // namespace

protocol::SubscriptionData SubscriptionFromTagExpression(const std::string& topic,
                                                         const std::string& expression,
                                                         int64_t sub_version) {
  protocol::SubscriptionData sub;
  sub.topic = topic;
  sub.sub_version = sub_version;
  const std::string trimmed = Trim(expression);
  if (trimmed.empty() || trimmed == protocol::kSubscribeAll) {
    sub.sub_string = protocol::kSubscribeAll;
    return sub;
  }
  sub.sub_string = expression;
  size_t start = 0;
  while (start <= expression.size()) {
    size_t end = expression.find("||", start);
    if (end == std::string::npos) end = expression.size();
    const std::string tag = Trim(expression.substr(start, end - start));
    if (!tag.empty()) {
      sub.tags_set.insert(tag);
      sub.code_set.insert(protocol::JavaStringHash(tag));
    }
    start = end + 2;
  }
  return sub;
}

bool SubscribesAll(const protocol::SubscriptionData& subscription) {
  return subscription.sub_string.empty() || subscription.sub_string == protocol::kSubscribeAll;
}

bool MatchesTagsCode(const protocol::SubscriptionData& subscription, int64_t tags_code) {
  if (SubscribesAll(subscription)) return true;
  if (!subscription.expression_type.empty() && subscription.expression_type != "TAG") return true;
  return subscription.code_set.count(static_cast<int32_t>(tags_code)) != 0;
}

}  // namespace broker
}  // namespace rocketmq
