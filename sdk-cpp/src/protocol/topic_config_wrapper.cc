#include "protocol/topic_config_wrapper.h"

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {

void TopicConfigSerializeWrapper::Write(JsonWriter* out) const {
  out->BeginObject().Key("dataVersion");
  data_version.Write(out);
  out->Key("topicConfigTable").BeginObject();
  for (const auto& [topic, config] : topic_config_table) {
    out->Key(topic);
    config.Write(out);
  }
  out->EndObject().EndObject();
}

Status TopicConfigSerializeWrapper::Read(const Json::Value& value, const std::string& what,
                                         TopicConfigSerializeWrapper* out) {
  return JsonFields(value, what)
      .Struct("dataVersion", &out->data_version)
      .Object("topicConfigTable",
              [out](const std::string& topic, const Json::Value& v, const std::string& where) {
                return TopicConfig::Read(v, where, &out->topic_config_table[topic]);
              })
      .status();
}

std::string TopicConfigSerializeWrapper::Encode() const {
  JsonWriter out;
  Write(&out);
  return out.Take();
}

Result<TopicConfigSerializeWrapper> TopicConfigSerializeWrapper::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "TopicConfigSerializeWrapper");
  if (!value.ok()) return value.status();
  TopicConfigSerializeWrapper wrapper;
  RMQ_RETURN_IF_ERROR(Read(*value, "TopicConfigSerializeWrapper", &wrapper));
  return wrapper;
}

}  // namespace protocol
}  // namespace rocketmq
