#include "admin/admin_bodies.h"

#include <algorithm>

#include "common/properties.h"
#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace admin {

MessageQueue ToPublic(const protocol::MessageQueue& queue) {
  return MessageQueue{queue.topic, queue.broker_name, queue.queue_id};
}

protocol::MessageQueue ToProtocol(const MessageQueue& queue) {
  return protocol::MessageQueue{queue.topic, queue.broker_name, queue.queue_id};
}

BrokerInfo ToPublic(const protocol::BrokerData& broker) {
  return BrokerInfo{broker.cluster, broker.broker_name, broker.broker_addrs};
}

ClusterInfo ToPublic(const protocol::ClusterInfo& info) {
  ClusterInfo out;
  for (const auto& [name, broker] : info.broker_addr_table) out.brokers[name] = ToPublic(broker);
  for (const auto& [cluster, names] : info.cluster_addr_table) {
    out.clusters[cluster].assign(names.begin(), names.end());
  }
  return out;
}

TopicRoute ToPublic(const protocol::TopicRouteData& route) {
  TopicRoute out;
  out.order_topic_conf = route.order_topic_conf;
  for (const auto& q : route.queue_datas) {
    out.queues.push_back(QueueRoute{q.broker_name, q.read_queue_nums, q.write_queue_nums, q.perm});
  }
  for (const auto& b : route.broker_datas) out.brokers.push_back(ToPublic(b));
  return out;
}

ClientConnection ToPublic(const protocol::Connection& connection) {
  return ClientConnection{connection.client_id, connection.client_addr, connection.language,
                          connection.version};
}

ConsumerConnections ToPublic(const protocol::ConsumerConnection& connection) {
  ConsumerConnections out;
  for (const auto& c : connection.connection_set) out.connections.push_back(ToPublic(c));
  std::sort(out.connections.begin(), out.connections.end(),
            [](const ClientConnection& a, const ClientConnection& b) {
              return a.client_id < b.client_id;
            });
  for (const auto& [topic, sub] : connection.subscription_table) {
    out.subscriptions[topic] = sub.sub_string;
  }
  out.consume_type = connection.consume_type;
  out.message_model = connection.message_model;
  out.consume_from_where = connection.consume_from_where;
  return out;
}

ConsumerRunningInfo ToPublic(const protocol::ConsumerRunningInfo& info) {
  ConsumerRunningInfo out;
  out.properties = info.properties;
  for (const auto& sub : info.subscription_set) out.subscriptions[sub.topic] = sub.sub_string;
  for (const auto& [queue, pq] : info.mq_table) {
    ProcessQueueStatus status;
    status.queue = ToPublic(queue);
    status.commit_offset = pq.commit_offset;
    status.cached_msg_min_offset = pq.cached_msg_min_offset;
    status.cached_msg_max_offset = pq.cached_msg_max_offset;
    status.cached_msg_count = pq.cached_msg_count;
    status.locked = pq.locked;
    status.dropped = pq.dropped;
    status.last_pull_timestamp = pq.last_pull_timestamp;
    status.last_consume_timestamp = pq.last_consume_timestamp;
    out.queues.push_back(status);
  }
  for (const auto& [topic, s] : info.status_table) {
    out.rates[topic] = ConsumeRates{s.pull_rt,        s.pull_tps,           s.consume_rt,
                                    s.consume_ok_tps, s.consume_failed_tps, s.consume_failed_msgs};
  }
  out.jstack = info.jstack.value_or("");
  return out;
}

void AddConsumeStats(const protocol::ConsumeStats& stats, const std::string& topic,
                     ConsumeProgress* progress) {
  for (const auto& [queue, offsets] : stats.offset_table) {
    if (!topic.empty() && queue.topic != topic) continue;
    QueueProgress q;
    q.queue = ToPublic(queue);
    q.broker_offset = offsets.broker_offset;
    q.consumer_offset = offsets.consumer_offset;
    q.last_timestamp = offsets.last_timestamp;
    progress->queues.push_back(q);
  }
  progress->consume_tps += stats.consume_tps;
  std::sort(progress->queues.begin(), progress->queues.end(),
            [](const QueueProgress& a, const QueueProgress& b) { return a.queue < b.queue; });
}

std::string EncodeSubscriptionGroup(const SubscriptionGroupSettings& s) {
  protocol::JsonWriter out;
  out.BeginObject()
      .Field("groupName", s.group_name)
      .Field("consumeEnable", s.consume_enable)
      .Field("consumeFromMinEnable", s.consume_from_min_enable)
      .Field("consumeBroadcastEnable", s.consume_broadcast_enable)
      .Field("retryQueueNums", s.retry_queue_nums)
      .Field("retryMaxTimes", s.retry_max_times)
      .Field("brokerId", s.broker_id)
      .Field("whichBrokerWhenConsumeSlowly", s.which_broker_when_consume_slowly)
      .Field("notifyConsumerIdsChangedEnable", s.notify_consumer_ids_changed_enable)
      .EndObject();
  return out.Take();
}

std::string EncodeProperties(const std::map<std::string, std::string>& properties) {
  std::string text;
  for (const auto& [key, value] : properties) text += key + "=" + value + "\n";
  return text;
}

Result<std::map<std::string, std::string>> DecodeProperties(const std::string& text) {
  auto parsed = Properties::Parse(text, "broker configuration");
  if (!parsed.ok()) return parsed.status();
  std::map<std::string, std::string> out;
  for (const auto& [key, entry] : parsed->entries()) out[key] = entry.value;
  return out;
}

namespace {

Status ReadStatsSnapshot(const Json::Value& v, const std::string& what, StatsSnapshot* out) {
  return protocol::JsonFields(v, what)
      .Int64("sum", &out->sum)
      .Double("tps", &out->tps)
      .Double("avgpt", &out->avgpt)
      .status();
}

}  // namespace

Result<BrokerStatsData> DecodeBrokerStatsData(std::string_view json) {
  auto value = protocol::ParseJson(json, "BrokerStatsData");
  if (!value.ok()) return value.status();
  if (!value->isObject()) return Status::Protocol("BrokerStatsData is not a JSON object");
  BrokerStatsData data;
  const std::pair<const char*, StatsSnapshot*> periods[] = {
      {"statsMinute", &data.minute}, {"statsHour", &data.hour}, {"statsDay", &data.day}};
  for (const auto& [key, out] : periods) {
    const Json::Value& v = (*value)[key];
    if (v.isNull()) continue;
    if (!v.isObject())
      return Status::Protocol(std::string("BrokerStatsData.") + key + " is not an object");
    RMQ_RETURN_IF_ERROR(ReadStatsSnapshot(v, std::string("BrokerStatsData.") + key, out));
  }
  return data;
}

}  // namespace admin
}  // namespace rocketmq
