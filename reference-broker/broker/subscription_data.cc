#include "broker/subscription_data.h"

#include "broker/json_util.h"

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

int32_t JavaStringHash(const std::string& utf8) {
  uint32_t h = 0;
  auto mix = [&h](uint32_t unit) { h = 31 * h + unit; };
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t n = utf8.size();
  size_t i = 0;
  while (i < n) {
    uint32_t cp = p[i];
    size_t extra = 0;
    if (cp >= 0xF0 && cp <= 0xF4) {
      cp &= 0x07;
      extra = 3;
    } else if (cp >= 0xE0) {
      cp &= 0x0F;
      extra = 2;
    } else if (cp >= 0xC0) {
      cp &= 0x1F;
      extra = 1;
    } else if (cp >= 0x80) {
      // A stray continuation byte: Java's decoder would yield U+FFFD.
      cp = 0xFFFD;
    }
    if (i + extra >= n && extra > 0) {
      mix(0xFFFD);  // a truncated sequence
      break;
    }
    for (size_t k = 1; k <= extra; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
    i += extra + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      mix(0xD800 + (cp >> 10));
      mix(0xDC00 + (cp & 0x3FF));
    } else {
      mix(cp);
    }
  }
  return static_cast<int32_t>(h);
}

SubscriptionData SubscriptionData::FromTagExpression(const std::string& topic,
                                                     const std::string& expression,
                                                     int64_t sub_version) {
  SubscriptionData sub;
  sub.topic = topic;
  sub.sub_version = sub_version;
  const std::string trimmed = Trim(expression);
  if (trimmed.empty() || trimmed == kSubAll) {
    sub.sub_string = kSubAll;
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
      sub.code_set.insert(JavaStringHash(tag));
    }
    start = end + 2;
  }
  return sub;
}

bool SubscriptionData::MatchesTagsCode(int64_t tags_code) const {
  if (sub_string.empty() || sub_string == kSubAll) return true;
  if (expression_type != "TAG" && !expression_type.empty()) return true;
  return code_set.count(static_cast<int32_t>(tags_code)) != 0;
}

Json::Value SubscriptionData::ToJson() const {
  Json::Value out(Json::objectValue);
  out["classFilterMode"] = class_filter_mode;
  Json::Value codes(Json::arrayValue);
  for (int32_t c : code_set) codes.append(c);
  out["codeSet"] = codes;
  out["expressionType"] = expression_type;
  out["subString"] = sub_string;
  out["subVersion"] = Json::Int64(sub_version);
  Json::Value tags(Json::arrayValue);
  for (const auto& t : tags_set) tags.append(t);
  out["tagsSet"] = tags;
  out["topic"] = topic;
  return out;
}

SubscriptionData SubscriptionData::FromJson(const Json::Value& value) {
  SubscriptionData sub;
  sub.topic = json::GetString(value, "topic", "");
  sub.sub_string = json::GetString(value, "subString", kSubAll);
  sub.sub_version = json::GetInt64(value, "subVersion", 0);
  sub.expression_type = json::GetString(value, "expressionType", "TAG");
  sub.class_filter_mode = json::GetBool(value, "classFilterMode", false);
  if (value.isObject() && value["tagsSet"].isArray()) {
    for (const auto& t : value["tagsSet"]) {
      if (t.isString()) sub.tags_set.insert(t.asString());
    }
  }
  if (value.isObject() && value["codeSet"].isArray()) {
    for (const auto& c : value["codeSet"]) {
      if (c.isIntegral()) sub.code_set.insert(static_cast<int32_t>(c.asInt64()));
    }
  }
  // Clients that send tags without codes still get filtered correctly.
  if (sub.code_set.empty()) {
    for (const auto& t : sub.tags_set) sub.code_set.insert(JavaStringHash(t));
  }
  return sub;
}

ConsumerData ConsumerData::FromJson(const Json::Value& value) {
  ConsumerData data;
  data.group_name = json::GetString(value, "groupName", "");
  data.consume_type = json::GetString(value, "consumeType", data.consume_type);
  data.message_model = json::GetString(value, "messageModel", data.message_model);
  data.consume_from_where = json::GetString(value, "consumeFromWhere", data.consume_from_where);
  data.unit_mode = json::GetBool(value, "unitMode", false);
  if (value.isObject() && value["subscriptionDataSet"].isArray()) {
    for (const auto& s : value["subscriptionDataSet"]) {
      if (s.isObject()) data.subscriptions.push_back(SubscriptionData::FromJson(s));
    }
  }
  return data;
}

Result<HeartbeatData> HeartbeatData::Parse(const std::string& body) {
  auto root = json::Parse(body, "heartbeat body");
  if (!root.ok()) return Status::Protocol(root.status().message());
  if (!root->isObject()) return Status::Protocol("heartbeat body is not a JSON object");
  HeartbeatData data;
  data.client_id = json::GetString(*root, "clientID", "");
  if (data.client_id.empty()) return Status::Protocol("heartbeat body has no clientID");
  if ((*root)["producerDataSet"].isArray()) {
    for (const auto& p : (*root)["producerDataSet"]) {
      const std::string group = json::GetString(p, "groupName", "");
      if (!group.empty()) data.producer_groups.push_back(group);
    }
  }
  if ((*root)["consumerDataSet"].isArray()) {
    for (const auto& c : (*root)["consumerDataSet"]) {
      if (!c.isObject()) continue;
      ConsumerData consumer = ConsumerData::FromJson(c);
      if (!consumer.group_name.empty()) data.consumers.push_back(std::move(consumer));
    }
  }
  return data;
}

}  // namespace broker
}  // namespace rocketmq
