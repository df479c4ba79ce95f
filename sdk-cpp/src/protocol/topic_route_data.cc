#include "protocol/topic_route_data.h"

#include <charconv>

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {

void QueueData::Write(JsonWriter* out) const {
  out->BeginObject()
      .Field("brokerName", broker_name)
      .Field("perm", perm)
      .Field("readQueueNums", read_queue_nums)
      .Field("topicSysFlag", topic_sys_flag)
      .Field("writeQueueNums", write_queue_nums)
      .EndObject();
}

Status QueueData::Read(const Json::Value& value, const std::string& what, QueueData* out) {
  return JsonFields(value, what)
      .String("brokerName", &out->broker_name, /*required=*/true)
      .Int32("perm", &out->perm)
      .Int32("readQueueNums", &out->read_queue_nums)
      .Int32("topicSynFlag", &out->topic_sys_flag)
      .Int32("topicSysFlag", &out->topic_sys_flag)
      .Int32("writeQueueNums", &out->write_queue_nums)
      .status();
}

std::optional<std::string> BrokerData::MasterAddr() const {
  const auto it = broker_addrs.find(kMasterBrokerId);
  if (it == broker_addrs.end()) return std::nullopt;
  return it->second;
}

void BrokerData::Write(JsonWriter* out) const {
  out->BeginObject().Key("brokerAddrs").BeginObject();
  for (const auto& [id, addr] : broker_addrs) out->RawKey(id).String(addr);
  out->EndObject()
      .Field("brokerName", broker_name)
      .Field("cluster", cluster)
      .Field("enableActingMaster", enable_acting_master);
  if (!zone_name.empty()) out->Field("zoneName", zone_name);
  out->EndObject();
}

Status BrokerData::Read(const Json::Value& value, const std::string& what, BrokerData* out) {
  return JsonFields(value, what)
      .Object("brokerAddrs",
              [out](const std::string& key, const Json::Value& addr, const std::string& where) {
                int64_t id = 0;
                const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
                if (ec != std::errc() || end != key.data() + key.size()) {
                  return Status::Protocol(where + ": broker id '" + key + "' is not a number");
                }
                std::string text;
                if (!JsonToString(addr, &text)) {
                  return Status::Protocol(where + ": address is not a string");
                }
                out->broker_addrs[id] = std::move(text);
                return Status::OK();
              })
      .String("brokerName", &out->broker_name, /*required=*/true)
      .String("cluster", &out->cluster)
      .Bool("enableActingMaster", &out->enable_acting_master)
      .String("zoneName", &out->zone_name)
      .status();
}

std::string TopicRouteData::Encode(JsonWriter::Mode mode) const {
  JsonWriter out(mode);
  out.BeginObject().Key("brokerDatas").BeginArray();
  for (const BrokerData& broker : broker_datas) broker.Write(&out);
  out.EndArray().Key("filterServerTable").BeginObject();
  for (const auto& [broker_addr, servers] : filter_server_table) {
    out.Key(broker_addr).BeginArray();
    for (const std::string& server : servers) out.String(server);
    out.EndArray();
  }
  out.EndObject();
  if (!order_topic_conf.empty()) out.Field("orderTopicConf", order_topic_conf);
  out.Key("queueDatas").BeginArray();
  for (const QueueData& queue : queue_datas) queue.Write(&out);
  out.EndArray().EndObject();
  return out.Take();
}

Result<TopicRouteData> TopicRouteData::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "TopicRouteData");
  if (!value.ok()) return value.status();
  TopicRouteData route;
  RMQ_RETURN_IF_ERROR(
      JsonFields(*value, "TopicRouteData")
          .Array("brokerDatas", &route.broker_datas, ReadWith<BrokerData>())
          .Object("filterServerTable",
                  [&route](const std::string& key, const Json::Value& v, const std::string& what) {
                    std::vector<std::string>& servers = route.filter_server_table[key];
                    if (!v.isArray()) return Status::Protocol(what + " is not an array");
                    for (const Json::Value& server : v) {
                      std::string text;
                      if (!JsonToString(server, &text)) {
                        return Status::Protocol(what + " holds a non-string address");
                      }
                      servers.push_back(std::move(text));
                    }
                    return Status::OK();
                  })
          .String("orderTopicConf", &route.order_topic_conf)
          .Array("queueDatas", &route.queue_datas, ReadWith<QueueData>())
          .status());
  return route;
}

}  // namespace protocol
}  // namespace rocketmq
