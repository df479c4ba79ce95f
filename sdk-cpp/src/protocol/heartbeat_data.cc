#include "protocol/heartbeat_data.h"

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {

void SubscriptionData::Write(JsonWriter* out) const {
  out->BeginObject().Field("classFilterMode", class_filter_mode).Key("codeSet").BeginArray();
  for (int32_t code : code_set) out->Int(code);
  out->EndArray()
      .Field("expressionType", expression_type)
      .Field("subString", sub_string)
      .Field("subVersion", sub_version)
      .Key("tagsSet")
      .BeginArray();
  for (const std::string& tag : tags_set) out->String(tag);
  out->EndArray().Field("topic", topic).EndObject();
}

Status SubscriptionData::Read(const Json::Value& value, const std::string& what,
                              SubscriptionData* out) {
  std::vector<std::string> codes;
  RMQ_RETURN_IF_ERROR(JsonFields(value, what)
                          .Bool("classFilterMode", &out->class_filter_mode)
                          .StringList("codeSet", &codes)
                          .String("expressionType", &out->expression_type)
                          .String("subString", &out->sub_string)
                          .Int64("subVersion", &out->sub_version)
                          .StringSet("tagsSet", &out->tags_set)
                          .String("topic", &out->topic, /*required=*/true)
                          .status());
  out->code_set.clear();
  for (const std::string& code : codes) {
    int32_t parsed = 0;
    if (!JsonToInt32(Json::Value(code), &parsed)) {
      return Status::Protocol(what + ".codeSet holds '" + code + "', not an int");
    }
    out->code_set.insert(parsed);
  }
  return Status::OK();
}

bool SubscriptionData::operator==(const SubscriptionData& o) const {
  return topic == o.topic && sub_string == o.sub_string && tags_set == o.tags_set &&
         code_set == o.code_set && sub_version == o.sub_version &&
         expression_type == o.expression_type && class_filter_mode == o.class_filter_mode;
}

void ConsumerData::Write(JsonWriter* out) const {
  out->BeginObject()
      .Field("consumeFromWhere", consume_from_where)
      .Field("consumeType", consume_type)
      .Field("groupName", group_name)
      .Field("messageModel", message_model)
      .Key("subscriptionDataSet")
      .BeginArray();
  for (const SubscriptionData& sub : subscription_data_set) sub.Write(out);
  out->EndArray().Field("unitMode", unit_mode).EndObject();
}

Status ConsumerData::Read(const Json::Value& value, const std::string& what, ConsumerData* out) {
  return JsonFields(value, what)
      .String("consumeFromWhere", &out->consume_from_where)
      .String("consumeType", &out->consume_type)
      .String("groupName", &out->group_name, /*required=*/true)
      .String("messageModel", &out->message_model)
      .Array("subscriptionDataSet", &out->subscription_data_set, ReadWith<SubscriptionData>())
      .Bool("unitMode", &out->unit_mode)
      .status();
}

bool ConsumerData::operator==(const ConsumerData& o) const {
  return group_name == o.group_name && consume_type == o.consume_type &&
         message_model == o.message_model && consume_from_where == o.consume_from_where &&
         subscription_data_set == o.subscription_data_set && unit_mode == o.unit_mode;
}

void ProducerData::Write(JsonWriter* out) const {
  out->BeginObject().Field("groupName", group_name).EndObject();
}

Status ProducerData::Read(const Json::Value& value, const std::string& what, ProducerData* out) {
  return JsonFields(value, what).String("groupName", &out->group_name, true).status();
}

std::string HeartbeatData::Encode() const {
  JsonWriter out;
  out.BeginObject().Field("clientID", client_id).Key("consumerDataSet").BeginArray();
  for (const ConsumerData& consumer : consumer_data_set) consumer.Write(&out);
  out.EndArray();
  if (heartbeat_fingerprint.has_value()) {
    out.Field("heartbeatFingerprint", *heartbeat_fingerprint);
  }
  out.Key("producerDataSet").BeginArray();
  for (const ProducerData& producer : producer_data_set) producer.Write(&out);
  out.EndArray();
  if (without_sub.has_value()) out.Field("withoutSub", *without_sub);
  out.EndObject();
  return out.Take();
}

Result<HeartbeatData> HeartbeatData::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "HeartbeatData");
  if (!value.ok()) return value.status();
  HeartbeatData data;
  int32_t fingerprint = 0;
  bool without_sub = false;
  RMQ_RETURN_IF_ERROR(
      JsonFields(*value, "HeartbeatData")
          .String("clientID", &data.client_id, /*required=*/true)
          .Array("consumerDataSet", &data.consumer_data_set, ReadWith<ConsumerData>())
          .Int32("heartbeatFingerprint", &fingerprint)
          .Array("producerDataSet", &data.producer_data_set, ReadWith<ProducerData>())
          .Bool("withoutSub", &without_sub)
          .status());
  if (value->isMember("heartbeatFingerprint")) data.heartbeat_fingerprint = fingerprint;
  if (value->isMember("withoutSub")) data.without_sub = without_sub;
  return data;
}

bool HeartbeatData::operator==(const HeartbeatData& o) const {
  return client_id == o.client_id && producer_data_set == o.producer_data_set &&
         consumer_data_set == o.consumer_data_set &&
         heartbeat_fingerprint == o.heartbeat_fingerprint && without_sub == o.without_sub;
}

}  // namespace protocol
}  // namespace rocketmq
