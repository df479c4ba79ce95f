#include "protocol/cluster_info.h"

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {

std::string ClusterInfo::Encode(JsonWriter::Mode mode) const {
  JsonWriter out(mode);
  out.BeginObject().Key("brokerAddrTable").BeginObject();
  for (const auto& [name, broker] : broker_addr_table) {
    out.Key(name);
    broker.Write(&out);
  }
  out.EndObject().Key("clusterAddrTable").BeginObject();
  for (const auto& [cluster, names] : cluster_addr_table) {
    out.Key(cluster).BeginArray();
    for (const std::string& name : names) out.String(name);
    out.EndArray();
  }
  out.EndObject().EndObject();
  return out.Take();
}

Result<ClusterInfo> ClusterInfo::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "ClusterInfo");
  if (!value.ok()) return value.status();
  ClusterInfo info;
  RMQ_RETURN_IF_ERROR(
      JsonFields(*value, "ClusterInfo")
          .Object("brokerAddrTable",
                  [&info](const std::string& name, const Json::Value& v, const std::string& what) {
                    return BrokerData::Read(v, what, &info.broker_addr_table[name]);
                  })
          .Object(
              "clusterAddrTable",
              [&info](const std::string& cluster, const Json::Value& v, const std::string& what) {
                if (!v.isArray()) return Status::Protocol(what + " is not an array");
                std::set<std::string>& names = info.cluster_addr_table[cluster];
                for (const Json::Value& name : v) {
                  std::string text;
                  if (!JsonToString(name, &text)) {
                    return Status::Protocol(what + " holds a non-string broker name");
                  }
                  names.insert(std::move(text));
                }
                return Status::OK();
              })
          .status());
  return info;
}

}  // namespace protocol
}  // namespace rocketmq
