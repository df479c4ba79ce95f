// TopicRouteData: where a topic lives, as the nameserver answers GET_ROUTEINFO_BY_TOPIC
// (protocol.md §4.1): one QueueData per broker name (queue counts, permission) and one
// BrokerData per broker name (cluster and the addresses by broker id, 0 = master).
//
// Java writes brokerAddrs with bare numeric keys ({0:"ip:port"}) unless the requester asked
// for standard JSON (request version >= V4_9_4 or acceptStandardJsonOnly=true); Decode
// reads both, Encode writes either.
#ifndef ROCKETMQ_PROTOCOL_TOPIC_ROUTE_DATA_H_
#define ROCKETMQ_PROTOCOL_TOPIC_ROUTE_DATA_H_

#include <json/json.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/json_writer.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// The broker id of a master in BrokerData::broker_addrs.
constexpr int64_t kMasterBrokerId = 0;

// 4.x brokers and namesrvs name the flag "topicSynFlag" (sic), 5.x "topicSysFlag"; Read
// accepts both, Write uses the 5.x name (Java readers of either generation ignore the name
// they do not know, and the flag is 0 except for unit topics).
struct QueueData {
  std::string broker_name;
  int32_t read_queue_nums = 0;
  int32_t write_queue_nums = 0;
  int32_t perm = 0;
  int32_t topic_sys_flag = 0;

  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what, QueueData* out);
  bool operator==(const QueueData& o) const {
    return broker_name == o.broker_name && read_queue_nums == o.read_queue_nums &&
           write_queue_nums == o.write_queue_nums && perm == o.perm &&
           topic_sys_flag == o.topic_sys_flag;
  }
};

struct BrokerData {
  std::string cluster;
  std::string broker_name;
  std::map<int64_t, std::string> broker_addrs;  // broker id -> "ip:port"
  std::string zone_name;                        // 5.x; omitted from JSON when empty
  bool enable_acting_master = false;            // 5.x

  // The master's address, or nullopt when no master is registered.
  std::optional<std::string> MasterAddr() const;

  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what, BrokerData* out);
  bool operator==(const BrokerData& o) const {
    return cluster == o.cluster && broker_name == o.broker_name && broker_addrs == o.broker_addrs &&
           zone_name == o.zone_name && enable_acting_master == o.enable_acting_master;
  }
};

struct TopicRouteData {
  // "brokerA:4;brokerB:4" for ordered topics configured on the nameserver; empty otherwise.
  std::string order_topic_conf;
  std::vector<QueueData> queue_datas;
  std::vector<BrokerData> broker_datas;
  // Legacy filter servers: broker address -> filter server addresses; normally empty.
  std::map<std::string, std::vector<std::string>> filter_server_table;

  std::string Encode(JsonWriter::Mode mode = JsonWriter::Mode::kFastjson) const;
  static Result<TopicRouteData> Decode(std::string_view json);

  bool operator==(const TopicRouteData& o) const {
    return order_topic_conf == o.order_topic_conf && queue_datas == o.queue_datas &&
           broker_datas == o.broker_datas && filter_server_table == o.filter_server_table;
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_TOPIC_ROUTE_DATA_H_
