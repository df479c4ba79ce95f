#include "protocol/consumer_status_body.h"

#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace protocol {
namespace {

void WriteOffsets(JsonWriter& out, const std::map<MessageQueue, int64_t>& offsets) {
  out.BeginObject();
  for (const auto& [mq, offset] : offsets) out.RawKey(mq.KeyJson()).Int(offset);
  out.EndObject();
}

Status ReadOffsets(const Json::Value& object, const std::string& what,
                   std::map<MessageQueue, int64_t>* offsets) {
  if (!object.isObject()) return Status::Protocol(what + " is not an object");
  for (const std::string& name : object.getMemberNames()) {
    Result<MessageQueue> mq = MessageQueue::FromKeyJson(name);
    if (!mq.ok()) return mq.status().WithContext(what);
    int64_t offset = 0;
    if (!JsonToInt64(object[name], &offset)) {
      return Status::Protocol(what + "[" + name + "] is not a long");
    }
    (*offsets)[*mq] = offset;
  }
  return Status::OK();
}

}  // namespace

std::string GetConsumerStatusBody::Encode() const {
  JsonWriter out;
  out.BeginObject().Key("consumerTable").BeginObject();
  for (const auto& [client, offsets] : consumer_table) {
    out.Key(client);
    WriteOffsets(out, offsets);
  }
  out.EndObject().Key("messageQueueTable");
  WriteOffsets(out, message_queue_table);
  out.EndObject();
  return out.Take();
}

Result<GetConsumerStatusBody> GetConsumerStatusBody::Decode(std::string_view json) {
  constexpr char kWhat[] = "GetConsumerStatusBody";
  Result<Json::Value> value = ParseJson(json, kWhat);
  if (!value.ok()) return value.status();
  // isMember throws on anything but an object or null (a peer's "4" or "[]").
  if (!value->isObject()) return Status::Protocol(std::string(kWhat) + " is not a JSON object");
  GetConsumerStatusBody body;
  if (value->isMember("messageQueueTable")) {
    RMQ_RETURN_IF_ERROR(ReadOffsets((*value)["messageQueueTable"],
                                    std::string(kWhat) + ".messageQueueTable",
                                    &body.message_queue_table));
  }
  RMQ_RETURN_IF_ERROR(JsonFields(*value, kWhat)
                          .Object("consumerTable",
                                  [&body](const std::string& client, const Json::Value& v,
                                          const std::string& where) {
                                    return ReadOffsets(v, where, &body.consumer_table[client]);
                                  })
                          .status());
  return body;
}

}  // namespace protocol
}  // namespace rocketmq
