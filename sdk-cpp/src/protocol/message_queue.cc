#include "protocol/message_queue.h"

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {

void MessageQueue::Write(JsonWriter* out) const {
  out->BeginObject()
      .Field("brokerName", broker_name)
      .Field("queueId", queue_id)
      .Field("topic", topic)
      .EndObject();
}

Status MessageQueue::Read(const Json::Value& value, const std::string& what, MessageQueue* out) {
  return JsonFields(value, what)
      .String("brokerName", &out->broker_name, /*required=*/true)
      .Int32("queueId", &out->queue_id, /*required=*/true)
      .String("topic", &out->topic, /*required=*/true)
      .status();
}

std::string MessageQueue::KeyJson() const {
  JsonWriter out;
  Write(&out);
  return out.Take();
}

Result<MessageQueue> MessageQueue::FromKeyJson(std::string_view key) {
  Result<Json::Value> value = ParseJson(key, "MessageQueue key");
  if (!value.ok()) return value.status();
  MessageQueue mq;
  RMQ_RETURN_IF_ERROR(Read(*value, "MessageQueue key", &mq));
  return mq;
}

}  // namespace protocol
}  // namespace rocketmq
