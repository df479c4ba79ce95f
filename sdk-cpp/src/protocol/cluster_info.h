// ClusterInfo: the nameserver's answer to GET_BROKER_CLUSTER_INFO (protocol.md §4.3):
// {"brokerAddrTable":{"broker-a":<BrokerData>},"clusterAddrTable":{"DefaultCluster":["broker-a"]}}
#ifndef ROCKETMQ_PROTOCOL_CLUSTER_INFO_H_
#define ROCKETMQ_PROTOCOL_CLUSTER_INFO_H_

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "protocol/topic_route_data.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct ClusterInfo {
  std::map<std::string, BrokerData> broker_addr_table;              // broker name -> data
  std::map<std::string, std::set<std::string>> cluster_addr_table;  // cluster -> broker names

  std::string Encode(JsonWriter::Mode mode = JsonWriter::Mode::kFastjson) const;
  static Result<ClusterInfo> Decode(std::string_view json);

  bool operator==(const ClusterInfo& o) const {
    return broker_addr_table == o.broker_addr_table && cluster_addr_table == o.cluster_addr_table;
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_CLUSTER_INFO_H_
