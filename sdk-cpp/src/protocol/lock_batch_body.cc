#include "protocol/lock_batch_body.h"

#include <vector>

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {
namespace {

void WriteQueues(JsonWriter* out, const std::set<MessageQueue>& queues) {
  out->BeginArray();
  for (const MessageQueue& mq : queues) mq.Write(out);
  out->EndArray();
}

}  // namespace

std::string LockBatchRequestBody::Encode() const {
  JsonWriter out;
  out.BeginObject().Field("clientId", client_id).Field("consumerGroup", consumer_group);
  out.Key("mqSet");
  WriteQueues(&out, mq_set);
  out.Field("onlyThisBroker", only_this_broker).EndObject();
  return out.Take();
}

Result<LockBatchRequestBody> LockBatchRequestBody::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "LockBatchRequestBody");
  if (!value.ok()) return value.status();
  LockBatchRequestBody body;
  std::vector<MessageQueue> queues;
  RMQ_RETURN_IF_ERROR(JsonFields(*value, "LockBatchRequestBody")
                          .String("clientId", &body.client_id)
                          .String("consumerGroup", &body.consumer_group)
                          .Array("mqSet", &queues, ReadWith<MessageQueue>())
                          .Bool("onlyThisBroker", &body.only_this_broker)
                          .status());
  body.mq_set.insert(queues.begin(), queues.end());
  return body;
}

std::string LockBatchResponseBody::Encode() const {
  JsonWriter out;
  out.BeginObject().Key("lockOKMQSet");
  WriteQueues(&out, lock_ok_mq_set);
  out.EndObject();
  return out.Take();
}

Result<LockBatchResponseBody> LockBatchResponseBody::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "LockBatchResponseBody");
  if (!value.ok()) return value.status();
  std::vector<MessageQueue> queues;
  RMQ_RETURN_IF_ERROR(JsonFields(*value, "LockBatchResponseBody")
                          .Array("lockOKMQSet", &queues, ReadWith<MessageQueue>())
                          .status());
  LockBatchResponseBody body;
  body.lock_ok_mq_set.insert(queues.begin(), queues.end());
  return body;
}

}  // namespace protocol
}  // namespace rocketmq
