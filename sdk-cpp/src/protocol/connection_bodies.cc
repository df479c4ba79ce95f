#include "protocol/connection_bodies.h"

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {
namespace {

void WriteConnections(JsonWriter* out, const std::vector<Connection>& connections) {
  out->Key("connectionSet").BeginArray();
  for (const Connection& connection : connections) connection.Write(out);
  out->EndArray();
}

}  // namespace

void Connection::Write(JsonWriter* out) const {
  out->BeginObject()
      .Field("clientAddr", client_addr)
      .Field("clientId", client_id)
      .Field("language", language)
      .Field("version", version)
      .EndObject();
}

Status Connection::Read(const Json::Value& value, const std::string& what, Connection* out) {
  return JsonFields(value, what)
      .String("clientAddr", &out->client_addr)
      .String("clientId", &out->client_id)
      .String("language", &out->language)
      .Int32("version", &out->version)
      .status();
}

std::string ConsumerConnection::Encode() const {
  JsonWriter out;
  out.BeginObject();
  WriteConnections(&out, connection_set);
  out.Field("consumeFromWhere", consume_from_where)
      .Field("consumeType", consume_type)
      .Field("messageModel", message_model)
      .Key("subscriptionTable")
      .BeginObject();
  for (const auto& [topic, subscription] : subscription_table) {
    out.Key(topic);
    subscription.Write(&out);
  }
  out.EndObject().EndObject();
  return out.Take();
}

Result<ConsumerConnection> ConsumerConnection::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "ConsumerConnection");
  if (!value.ok()) return value.status();
  ConsumerConnection body;
  RMQ_RETURN_IF_ERROR(
      JsonFields(*value, "ConsumerConnection")
          .Array("connectionSet", &body.connection_set, ReadWith<Connection>())
          .String("consumeFromWhere", &body.consume_from_where)
          .String("consumeType", &body.consume_type)
          .String("messageModel", &body.message_model)
          .Object("subscriptionTable",
                  [&body](const std::string& topic, const Json::Value& v, const std::string& what) {
                    return SubscriptionData::Read(v, what, &body.subscription_table[topic]);
                  })
          .status());
  return body;
}

std::string ProducerConnection::Encode() const {
  JsonWriter out;
  out.BeginObject();
  WriteConnections(&out, connection_set);
  out.EndObject();
  return out.Take();
}

Result<ProducerConnection> ProducerConnection::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "ProducerConnection");
  if (!value.ok()) return value.status();
  ProducerConnection body;
  RMQ_RETURN_IF_ERROR(JsonFields(*value, "ProducerConnection")
                          .Array("connectionSet", &body.connection_set, ReadWith<Connection>())
                          .status());
  return body;
}

}  // namespace protocol
}  // namespace rocketmq
