// RouteInfoManager: the nameserver's registry of clusters, broker groups, their live members
// and the topics they serve, with the semantics of Apache's RouteInfoManager.
//
// Brokers register periodically (every 30 s) with their topic table; a registration
// refreshes the broker's liveness and, when its topic table's data version changed (or it
// is new), re-applies the topics of a master. A broker disappears when it unregisters, when
// its connection closes, or when ScanNotActiveBrokers finds it silent for longer than its
// timeout; the last member of a group takes the group's queues with it. A master leaving
// removes broker id 0 from the group at once, so routes show no writable master.
//
// Thread-safe: a reader-writer lock guards every table. Time is passed in (milliseconds on
// any clock, the same for every call; the nameserver uses the monotonic one so that wall
// clock jumps cannot expire brokers) so that expiry is testable without waiting.
#ifndef ROCKETMQ_NAMESRV_ROUTE_INFO_MANAGER_H_
#define ROCKETMQ_NAMESRV_ROUTE_INFO_MANAGER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "protocol/cluster_info.h"
#include "protocol/data_version.h"
#include "protocol/topic_config.h"
#include "protocol/topic_list.h"
#include "protocol/topic_route_data.h"

namespace rocketmq {
namespace namesrv {

// Identifies the connection a broker registered over, so that its closing can drop the
// broker: the transport's connection id, or kNoConnection for in-process registrations.
using ConnectionId = uint64_t;
inline constexpr ConnectionId kNoConnection = 0;

// Topic system flag bits (Apache TopicSysFlag), for the unit topic lists.
inline constexpr int32_t kTopicSysFlagUnit = 1;
inline constexpr int32_t kTopicSysFlagUnitSub = 2;

// One REGISTER_BROKER request, decoded.
struct BrokerRegistration {
  std::string cluster_name;
  std::string broker_addr;  // "ip:port" of the broker's remoting server
  std::string broker_name;
  int64_t broker_id = protocol::kMasterBrokerId;
  std::string ha_server_addr;
  std::string zone_name;
  // 5.x brokers send their own expiry; others get the manager's default.
  std::optional<int64_t> heartbeat_timeout_ms;
  // Null for brokers that predate acting-master support.
  std::optional<bool> enable_acting_master;
  protocol::DataVersion data_version;
  std::vector<protocol::TopicConfig> topics;
  // Null when the request carried no filter server list (pre-V3_0_11 brokers).
  std::optional<std::vector<std::string>> filter_server_list;
  ConnectionId connection = kNoConnection;
};

struct RegisterBrokerResult {
  // For a slave: the live master's HA and remoting addresses; empty otherwise.
  std::string ha_server_addr;
  std::string master_addr;
};

// A broker group as GET_BROKER_MEMBER_GROUP reports it.
struct BrokerMemberGroup {
  std::string cluster;
  std::string broker_name;
  std::map<int64_t, std::string> broker_addrs;
};

class RouteInfoManager {
 public:
  struct Options {
    // Expiry for brokers that do not send heartbeatTimeoutMillis.
    int64_t default_broker_timeout_ms = 120000;
    // A master registration drops the group's topics that its table no longer lists.
    bool delete_topic_with_broker_registration = false;
  };

  explicit RouteInfoManager(Options options);
  RouteInfoManager(const RouteInfoManager&) = delete;
  RouteInfoManager& operator=(const RouteInfoManager&) = delete;

  RegisterBrokerResult RegisterBroker(const BrokerRegistration& registration, int64_t now_ms);

  // Removes the member at `broker_addr` from group `broker_name`; the group's queues go when
  // it was the last member. Unknown brokers are ignored.
  void UnregisterBroker(const std::string& cluster_name, const std::string& broker_addr,
                        const std::string& broker_name, int64_t broker_id);

  // Null when the topic is unknown or none of its broker groups is registered.
  std::optional<protocol::TopicRouteData> PickupTopicRoute(const std::string& topic) const;

  protocol::ClusterInfo GetAllClusterInfo() const;

  // True when the broker is unknown or its last registered data version differs.
  bool IsBrokerTopicConfigChanged(const std::string& cluster_name, const std::string& broker_addr,
                                  const protocol::DataVersion& version) const;
  std::optional<protocol::DataVersion> QueryBrokerTopicConfig(const std::string& cluster_name,
                                                              const std::string& broker_addr) const;
  // Marks a registered broker alive (QUERY_DATA_VERSION, BROKER_HEARTBEAT).
  void UpdateBrokerInfoUpdateTimestamp(const std::string& cluster_name,
                                       const std::string& broker_addr, int64_t now_ms);

  // Clear / restore the write permission of every topic of a broker group; return how many
  // topics were touched.
  int WipeWritePermOfBroker(const std::string& broker_name);
  int AddWritePermOfBroker(const std::string& broker_name);

  // Removes the topic everywhere, or only from the groups of `cluster_name`.
  void DeleteTopic(const std::string& topic);
  void DeleteTopic(const std::string& topic, const std::string& cluster_name);
  // Sets the topic's queues on already-registered groups (REGISTER_TOPIC_IN_NAMESRV);
  // queues of unknown groups are skipped. Returns how many were applied.
  int RegisterTopic(const std::string& topic, const std::vector<protocol::QueueData>& queues);

  protocol::TopicList GetAllTopicList() const;
  // Empty for an unknown cluster.
  protocol::TopicList GetTopicsByCluster(const std::string& cluster) const;
  // Cluster and broker names (they double as system topics) plus one broker address.
  protocol::TopicList GetSystemTopicList() const;
  protocol::TopicList GetUnitTopics() const;
  protocol::TopicList GetHasUnitSubTopicList() const;
  protocol::TopicList GetHasUnitSubUnUnitTopicList() const;

  BrokerMemberGroup GetBrokerMemberGroup(const std::string& cluster_name,
                                         const std::string& broker_name) const;

  // Drops every broker silent for longer than its timeout; returns the connections they
  // registered over, for the caller to close.
  std::vector<ConnectionId> ScanNotActiveBrokers(int64_t now_ms);
  // Drops every broker that registered over `connection`.
  void OnConnectionClosed(ConnectionId connection);

  // Number of live broker members (for logs and tests).
  size_t LiveBrokerCount() const;

 private:
  // Live brokers are keyed by (cluster, address), as in Apache 5.x.
  using BrokerAddrKey = std::pair<std::string, std::string>;
  struct BrokerLiveInfo {
    int64_t last_update_ms = 0;
    int64_t timeout_ms = 0;
    protocol::DataVersion data_version;
    ConnectionId connection = kNoConnection;
    std::string ha_server_addr;
  };

  // The Locked* helpers expect the write lock held.
  void UnregisterLocked(const std::string& cluster_name, const std::string& broker_addr,
                        const std::string& broker_name);
  void RemoveBrokerNameFromTopicsLocked(const std::string& broker_name);
  void CreateAndUpdateQueueDataLocked(const std::string& broker_name,
                                      const protocol::TopicConfig& topic);
  bool IsTopicConfigChangedLocked(const BrokerAddrKey& key, const protocol::DataVersion& version,
                                  const std::string& broker_name, const std::string& topic) const;
  // Finds the group and cluster a live broker address belongs to.
  std::optional<std::pair<std::string, int64_t>> FindBrokerNameLocked(
      const BrokerAddrKey& key) const;
  int OperateWritePermLocked(const std::string& broker_name, bool wipe);
  template <typename Pred>
  protocol::TopicList TopicsMatching(Pred pred) const;

  const Options options_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::map<std::string, protocol::QueueData>>
      topic_queue_table_;                                            // topic -> group
  std::map<std::string, protocol::BrokerData> broker_addr_table_;    // group name
  std::map<std::string, std::set<std::string>> cluster_addr_table_;  // cluster
  std::map<BrokerAddrKey, BrokerLiveInfo> broker_live_table_;
  std::map<BrokerAddrKey, std::vector<std::string>> filter_server_table_;
};

}  // namespace namesrv
}  // namespace rocketmq

#endif  // ROCKETMQ_NAMESRV_ROUTE_INFO_MANAGER_H_
