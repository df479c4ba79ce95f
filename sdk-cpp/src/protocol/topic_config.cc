#include "protocol/topic_config.h"

#include <charconv>
#include <vector>

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {
namespace {

bool IsFilterType(const std::string& type) {
  return type == kTopicFilterTypeSingleTag || type == kTopicFilterTypeMultiTag;
}

bool ParseInt32(std::string_view text, int32_t* out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

void TopicConfig::Write(JsonWriter* out) const {
  out->BeginObject().Key("attributes").BeginObject();
  for (const auto& [key, value] : attributes) out->Field(key, value);
  out->EndObject()
      .Field("order", order)
      .Field("perm", perm)
      .Field("readQueueNums", read_queue_nums)
      .Field("topicFilterType", topic_filter_type)
      .Field("topicName", topic_name)
      .Field("topicSysFlag", topic_sys_flag)
      .Field("writeQueueNums", write_queue_nums)
      .EndObject();
}

Status TopicConfig::Read(const Json::Value& value, const std::string& what, TopicConfig* out) {
  RMQ_RETURN_IF_ERROR(JsonFields(value, what)
                          .StringMap("attributes", &out->attributes)
                          .Bool("order", &out->order)
                          .Int32("perm", &out->perm)
                          .Int32("readQueueNums", &out->read_queue_nums)
                          .String("topicFilterType", &out->topic_filter_type)
                          .String("topicName", &out->topic_name)
                          .Int32("topicSysFlag", &out->topic_sys_flag)
                          .Int32("writeQueueNums", &out->write_queue_nums)
                          .status());
  if (!IsFilterType(out->topic_filter_type)) {
    return Status::Protocol(what + " has topicFilterType '" + out->topic_filter_type +
                            "', expected SINGLE_TAG or MULTI_TAG");
  }
  return Status::OK();
}

std::string TopicConfig::Encode() const {
  JsonWriter out;
  Write(&out);
  return out.Take();
}

Result<TopicConfig> TopicConfig::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "TopicConfig");
  if (!value.ok()) return value.status();
  TopicConfig config;
  RMQ_RETURN_IF_ERROR(Read(*value, "TopicConfig", &config));
  return config;
}

std::string TopicConfig::EncodeText() const {
  std::string text = topic_name + " " + std::to_string(read_queue_nums) + " " +
                     std::to_string(write_queue_nums) + " " + std::to_string(perm) + " " +
                     topic_filter_type;
  if (!attributes.empty()) {
    JsonWriter json;
    json.BeginObject();
    for (const auto& [key, value] : attributes) json.Field(key, value);
    json.EndObject();
    text += " " + json.Take();
  }
  return text;
}

Result<TopicConfig> TopicConfig::DecodeText(std::string_view text) {
  // Five space-separated tokens; whatever follows the fifth separator is the attributes
  // JSON (which may itself contain spaces).
  std::vector<std::string_view> tokens;
  size_t pos = 0;
  std::string_view rest;
  while (tokens.size() < 5 && pos <= text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    tokens.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  if (pos < text.size()) rest = text.substr(pos);
  auto bad = [&](const std::string& why) {
    return Status::Protocol("topic config text '" + std::string(text) + "' " + why);
  };
  if (tokens.size() != 5) return bad("does not have 5 space-separated fields");
  TopicConfig config;
  config.topic_name = std::string(tokens[0]);
  if (config.topic_name.empty()) return bad("has an empty topic name");
  if (!ParseInt32(tokens[1], &config.read_queue_nums)) return bad("has a bad readQueueNums");
  if (!ParseInt32(tokens[2], &config.write_queue_nums)) return bad("has a bad writeQueueNums");
  if (!ParseInt32(tokens[3], &config.perm)) return bad("has a bad perm");
  config.topic_filter_type = std::string(tokens[4]);
  if (!IsFilterType(config.topic_filter_type)) return bad("has an unknown topicFilterType");
  if (!rest.empty()) {
    Result<Json::Value> attributes = ParseJson(rest, "topic config attributes");
    if (!attributes.ok()) return attributes.status();
    if (!attributes->isObject()) return bad("has attributes that are not a JSON object");
    for (auto it = attributes->begin(); it != attributes->end(); ++it) {
      std::string value;
      if (!JsonToString(*it, &value)) return bad("has a non-string attribute value");
      config.attributes[it.name()] = value;
    }
  }
  return config;
}

bool TopicConfig::operator==(const TopicConfig& other) const {
  return topic_name == other.topic_name && read_queue_nums == other.read_queue_nums &&
         write_queue_nums == other.write_queue_nums && perm == other.perm &&
         topic_filter_type == other.topic_filter_type && topic_sys_flag == other.topic_sys_flag &&
         order == other.order && attributes == other.attributes;
}

}  // namespace protocol
}  // namespace rocketmq
