// The data the route table keeps and hands out, shaped like Apache's route beans
// (QueueData, BrokerData, TopicRouteData, ClusterInfo, TopicList) but free of any encoding:
// the processors turn them into the protocol library's JSON bodies.
#ifndef ROCKETMQ_NAMESRV_ROUTE_TYPES_H_
#define ROCKETMQ_NAMESRV_ROUTE_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rocketmq {
namespace namesrv {

// Identifies the connection a broker registered over, so that its closing can drop the
// broker. Assigned by the transport; kNoConnection for registrations made in-process.
using ConnectionId = uint64_t;
inline constexpr ConnectionId kNoConnection = 0;

// Broker id 0 is the master of a broker group; slaves have ids >= 1.
inline constexpr int64_t kMasterId = 0;

// Permission bits of a topic on a broker (Apache PermName).
inline constexpr int32_t kPermInherit = 1;
inline constexpr int32_t kPermWrite = 2;
inline constexpr int32_t kPermRead = 4;

// Topic system flag bits (Apache TopicSysFlag).
inline constexpr int32_t kTopicSysFlagUnit = 1;
inline constexpr int32_t kTopicSysFlagUnitSub = 2;

// The version stamp of a broker's topic table; any change bumps counter and timestamp.
struct RouteDataVersion {
  int64_t counter = 0;
  int64_t timestamp = 0;
  int64_t state_version = 0;
  bool operator==(const RouteDataVersion& o) const {
    return counter == o.counter && timestamp == o.timestamp && state_version == o.state_version;
  }
  bool operator!=(const RouteDataVersion& o) const { return !(*this == o); }
};

// One topic as a broker reports it in its registration.
struct RouteTopicConfig {
  std::string topic_name;
  int32_t read_queue_nums = 16;
  int32_t write_queue_nums = 16;
  int32_t perm = kPermRead | kPermWrite;
  int32_t topic_sys_flag = 0;
};

// A topic's queues on one broker group.
struct QueueInfo {
  std::string broker_name;
  int32_t read_queue_nums = 0;
  int32_t write_queue_nums = 0;
  int32_t perm = 0;
  int32_t topic_sys_flag = 0;
  bool operator==(const QueueInfo& o) const {
    return broker_name == o.broker_name && read_queue_nums == o.read_queue_nums &&
           write_queue_nums == o.write_queue_nums && perm == o.perm &&
           topic_sys_flag == o.topic_sys_flag;
  }
  bool operator!=(const QueueInfo& o) const { return !(*this == o); }
};

// The members of one broker group: broker id -> "ip:port".
struct BrokerInfo {
  std::string cluster;
  std::string broker_name;
  std::map<int64_t, std::string> broker_addrs;
  std::string zone_name;
  bool enable_acting_master = false;
};

// What GET_ROUTEINFO_BY_TOPIC answers: the topic's queues and the brokers holding them.
struct TopicRoute {
  std::optional<std::string> order_topic_conf;
  std::vector<QueueInfo> queue_datas;
  std::vector<BrokerInfo> broker_datas;
  std::map<std::string, std::vector<std::string>> filter_server_table;
};

struct ClusterTable {
  std::map<std::string, BrokerInfo> broker_addr_table;
  std::map<std::string, std::set<std::string>> cluster_addr_table;
};

struct TopicNames {
  std::set<std::string> topic_list;
  std::string broker_addr;  // set only by the system topic list
};

}  // namespace namesrv
}  // namespace rocketmq

#endif  // ROCKETMQ_NAMESRV_ROUTE_TYPES_H_
