#include "protocol/consumer_running_info.h"

#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace protocol {
namespace {

void WriteProcessQueueInfo(JsonWriter* out, const ProcessQueueInfo& info) {
  out->BeginObject()
      .Field("cachedMsgCount", info.cached_msg_count)
      .Field("cachedMsgMaxOffset", info.cached_msg_max_offset)
      .Field("cachedMsgMinOffset", info.cached_msg_min_offset)
      .Field("cachedMsgSizeInMiB", info.cached_msg_size_in_mib)
      .Field("commitOffset", info.commit_offset)
      .Field("droped", info.dropped)
      .Field("lastConsumeTimestamp", info.last_consume_timestamp)
      .Field("lastLockTimestamp", info.last_lock_timestamp)
      .Field("lastPullTimestamp", info.last_pull_timestamp)
      .Field("locked", info.locked)
      .Field("transactionMsgCount", info.transaction_msg_count)
      .Field("transactionMsgMaxOffset", info.transaction_msg_max_offset)
      .Field("transactionMsgMinOffset", info.transaction_msg_min_offset)
      .Field("tryUnlockTimes", info.try_unlock_times)
      .EndObject();
}

Status ReadProcessQueueInfo(const Json::Value& v, const std::string& what, ProcessQueueInfo* out) {
  return JsonFields(v, what)
      .Int32("cachedMsgCount", &out->cached_msg_count)
      .Int64("cachedMsgMaxOffset", &out->cached_msg_max_offset)
      .Int64("cachedMsgMinOffset", &out->cached_msg_min_offset)
      .Int32("cachedMsgSizeInMiB", &out->cached_msg_size_in_mib)
      .Int64("commitOffset", &out->commit_offset)
      .Bool("droped", &out->dropped)
      .Int64("lastConsumeTimestamp", &out->last_consume_timestamp)
      .Int64("lastLockTimestamp", &out->last_lock_timestamp)
      .Int64("lastPullTimestamp", &out->last_pull_timestamp)
      .Bool("locked", &out->locked)
      .Int32("transactionMsgCount", &out->transaction_msg_count)
      .Int64("transactionMsgMaxOffset", &out->transaction_msg_max_offset)
      .Int64("transactionMsgMinOffset", &out->transaction_msg_min_offset)
      .Int64("tryUnlockTimes", &out->try_unlock_times)
      .status();
}

void WriteConsumeStatus(JsonWriter* out, const ConsumeStatus& status) {
  // fastjson sorts property names by code unit: upper-case letters first.
  out->BeginObject()
      .Field("consumeFailedMsgs", status.consume_failed_msgs)
      .Key("consumeFailedTPS")
      .Double(status.consume_failed_tps)
      .Key("consumeOKTPS")
      .Double(status.consume_ok_tps)
      .Key("consumeRT")
      .Double(status.consume_rt)
      .Key("pullRT")
      .Double(status.pull_rt)
      .Key("pullTPS")
      .Double(status.pull_tps)
      .EndObject();
}

Status ReadConsumeStatus(const Json::Value& v, const std::string& what, ConsumeStatus* out) {
  return JsonFields(v, what)
      .Int64("consumeFailedMsgs", &out->consume_failed_msgs)
      .Double("consumeFailedTPS", &out->consume_failed_tps)
      .Double("consumeOKTPS", &out->consume_ok_tps)
      .Double("consumeRT", &out->consume_rt)
      .Double("pullRT", &out->pull_rt)
      .Double("pullTPS", &out->pull_tps)
      .status();
}

}  // namespace

bool ProcessQueueInfo::operator==(const ProcessQueueInfo& o) const {
  return commit_offset == o.commit_offset && cached_msg_min_offset == o.cached_msg_min_offset &&
         cached_msg_max_offset == o.cached_msg_max_offset &&
         cached_msg_count == o.cached_msg_count &&
         cached_msg_size_in_mib == o.cached_msg_size_in_mib &&
         transaction_msg_min_offset == o.transaction_msg_min_offset &&
         transaction_msg_max_offset == o.transaction_msg_max_offset &&
         transaction_msg_count == o.transaction_msg_count && locked == o.locked &&
         try_unlock_times == o.try_unlock_times && last_lock_timestamp == o.last_lock_timestamp &&
         dropped == o.dropped && last_pull_timestamp == o.last_pull_timestamp &&
         last_consume_timestamp == o.last_consume_timestamp;
}

bool ConsumeStatus::operator==(const ConsumeStatus& o) const {
  return pull_rt == o.pull_rt && pull_tps == o.pull_tps && consume_rt == o.consume_rt &&
         consume_ok_tps == o.consume_ok_tps && consume_failed_tps == o.consume_failed_tps &&
         consume_failed_msgs == o.consume_failed_msgs;
}

bool ConsumerRunningInfo::operator==(const ConsumerRunningInfo& o) const {
  return properties == o.properties && subscription_set == o.subscription_set &&
         mq_table == o.mq_table && status_table == o.status_table && jstack == o.jstack;
}

std::string ConsumerRunningInfo::Encode() const {
  JsonWriter out;
  out.BeginObject();
  if (jstack.has_value()) out.Field("jstack", *jstack);
  out.Key("mqTable").BeginObject();
  for (const auto& [mq, info] : mq_table) {
    out.RawKey(mq.KeyJson());
    WriteProcessQueueInfo(&out, info);
  }
  out.EndObject().Key("properties").BeginObject();
  for (const auto& [key, value] : properties) out.Field(key, value);
  out.EndObject().Key("statusTable").BeginObject();
  for (const auto& [topic, status] : status_table) {
    out.Key(topic);
    WriteConsumeStatus(&out, status);
  }
  out.EndObject().Key("subscriptionSet").BeginArray();
  for (const SubscriptionData& sub : subscription_set) sub.Write(&out);
  out.EndArray().EndObject();
  return out.Take();
}

Result<ConsumerRunningInfo> ConsumerRunningInfo::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "ConsumerRunningInfo");
  if (!value.ok()) return value.status();
  ConsumerRunningInfo info;
  std::string jstack;
  RMQ_RETURN_IF_ERROR(
      JsonFields(*value, "ConsumerRunningInfo")
          .String("jstack", &jstack)
          .Object("mqTable",
                  [&info](const std::string& key, const Json::Value& v, const std::string& what) {
                    Result<MessageQueue> mq = MessageQueue::FromKeyJson(key);
                    if (!mq.ok()) return mq.status().WithContext(what);
                    return ReadProcessQueueInfo(v, what, &info.mq_table[*mq]);
                  })
          .StringMap("properties", &info.properties)
          .Object("statusTable",
                  [&info](const std::string& topic, const Json::Value& v, const std::string& what) {
                    return ReadConsumeStatus(v, what, &info.status_table[topic]);
                  })
          .Array("subscriptionSet", &info.subscription_set, ReadWith<SubscriptionData>())
          .status());
  if (value->isMember("jstack") && !(*value)["jstack"].isNull()) info.jstack = jstack;
  return info;
}

std::string ConsumeMessageDirectlyResult::Encode() const {
  JsonWriter out;
  out.BeginObject()
      .Field("autoCommit", auto_commit)
      .Field("consumeResult", consume_result)
      .Field("order", order);
  if (remark.has_value()) out.Field("remark", *remark);
  out.Field("spentTimeMills", spent_time_mills).EndObject();
  return out.Take();
}

Result<ConsumeMessageDirectlyResult> ConsumeMessageDirectlyResult::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "ConsumeMessageDirectlyResult");
  if (!value.ok()) return value.status();
  ConsumeMessageDirectlyResult result;
  std::string remark;
  RMQ_RETURN_IF_ERROR(JsonFields(*value, "ConsumeMessageDirectlyResult")
                          .Bool("autoCommit", &result.auto_commit)
                          .String("consumeResult", &result.consume_result)
                          .Bool("order", &result.order)
                          .String("remark", &remark)
                          .Int64("spentTimeMills", &result.spent_time_mills)
                          .status());
  if (value->isMember("remark") && !(*value)["remark"].isNull()) result.remark = remark;
  return result;
}

}  // namespace protocol
}  // namespace rocketmq
