#include "broker/broker_bodies.h"

#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace broker {
namespace {

void WriteQueue(protocol::JsonWriter* out, const MessageQueue& mq) {
  out->BeginObject()
      .Field("brokerName", mq.broker_name)
      .Field("queueId", static_cast<int32_t>(mq.queue_id))
      .Field("topic", mq.topic)
      .EndObject();
}

std::string QueueJson(const MessageQueue& mq) {
  protocol::JsonWriter out;
  WriteQueue(&out, mq);
  return out.Take();
}

Status ReadQueue(const Json::Value& value, const std::string& what, MessageQueue* out) {
  int32_t queue_id = -1;
  Status s = protocol::JsonFields(value, what)
                 .String("topic", &out->topic, true)
                 .String("brokerName", &out->broker_name, true)
                 .Int32("queueId", &queue_id, true)
                 .status();
  if (!s.ok()) return s;
  if (queue_id < 0) return Status::Protocol(what + ".queueId is negative");
  out->queue_id = queue_id;
  return Status::OK();
}

}  // namespace

Result<LockBatchRequest> LockBatchRequest::Decode(std::string_view json) {
  auto value = protocol::ParseJson(json, "LockBatchRequestBody");
  if (!value.ok()) return value.status();
  if (!value->isObject()) return Status::Protocol("LockBatchRequestBody is not a JSON object");
  LockBatchRequest request;
  std::vector<MessageQueue> queues;
  Status s = protocol::JsonFields(*value, "LockBatchRequestBody")
                 .String("consumerGroup", &request.consumer_group, true)
                 .String("clientId", &request.client_id, true)
                 .Bool("onlyThisBroker", &request.only_this_broker)
                 .Array("mqSet", &queues, ReadQueue)
                 .status();
  if (!s.ok()) return s;
  request.mq_set.insert(queues.begin(), queues.end());
  return request;
}

std::string EncodeLockBatchResponse(const std::set<MessageQueue>& locked) {
  protocol::JsonWriter out;
  out.BeginObject().Key("lockOKMQSet").BeginArray();
  for (const auto& mq : locked) WriteQueue(&out, mq);
  out.EndArray().EndObject();
  return out.Take();
}

std::string EncodeConsumerIdList(const std::vector<std::string>& ids) {
  protocol::JsonWriter out;
  out.BeginObject().Key("consumerIdList").BeginArray();
  for (const auto& id : ids) out.String(id);
  out.EndArray().EndObject();
  return out.Take();
}

std::string EncodeConsumerConnection(const ConsumerGroupInfo& group) {
  protocol::JsonWriter out;
  out.BeginObject().Key("connectionSet").BeginArray();
  for (const auto& [id, c] : group.channels) {
    out.BeginObject()
        .Field("clientAddr", c.remote_address)
        .Field("clientId", c.client_id)
        .Field("language", c.language)
        .Field("version", c.version)
        .EndObject();
  }
  out.EndArray();
  out.Field("consumeFromWhere", group.consume_from_where)
      .Field("consumeType", group.consume_type)
      .Field("messageModel", group.message_model);
  out.Key("subscriptionTable").BeginObject();
  for (const auto& [topic, sub] : group.subscriptions) {
    out.Key(topic).BeginObject().Field("classFilterMode", sub.class_filter_mode);
    out.Key("codeSet").BeginArray();
    for (int32_t code : sub.code_set) out.Int(code);
    out.EndArray();
    out.Field("expressionType", sub.expression_type)
        .Field("subString", sub.sub_string)
        .Field("subVersion", sub.sub_version);
    out.Key("tagsSet").BeginArray();
    for (const auto& tag : sub.tags_set) out.String(tag);
    out.EndArray();
    out.Field("topic", sub.topic).EndObject();
  }
  out.EndObject().EndObject();
  return out.Take();
}

std::string EncodeConsumeStats(const std::map<MessageQueue, OffsetWrapper>& table,
                               double consume_tps) {
  protocol::JsonWriter out;
  out.BeginObject().Key("consumeTps").Double(consume_tps).Key("offsetTable").BeginObject();
  for (const auto& [mq, w] : table) {
    out.RawKey(QueueJson(mq))
        .BeginObject()
        .Field("brokerOffset", w.broker_offset)
        .Field("consumerOffset", w.consumer_offset)
        .Field("lastTimestamp", w.last_timestamp)
        .EndObject();
  }
  out.EndObject().EndObject();
  return out.Take();
}

std::string EncodeTopicStatsTable(const std::map<MessageQueue, TopicOffset>& table) {
  protocol::JsonWriter out;
  out.BeginObject().Key("offsetTable").BeginObject();
  for (const auto& [mq, t] : table) {
    out.RawKey(QueueJson(mq))
        .BeginObject()
        .Field("lastUpdateTimestamp", t.last_update_timestamp)
        .Field("maxOffset", t.max_offset)
        .Field("minOffset", t.min_offset)
        .EndObject();
  }
  out.EndObject().EndObject();
  return out.Take();
}

}  // namespace broker
}  // namespace rocketmq
