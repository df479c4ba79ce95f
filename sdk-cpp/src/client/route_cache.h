// RouteCache: what a client instance knows about topic routes and broker addresses.
//
// Each topic keeps its latest TopicRouteData and the TopicPublishInfo built from it; the
// broker table (broker name -> addresses) is the union over all cached routes, as Java's
// brokerAddrTable. A refresh that brings an identical route keeps the existing publish
// info, and with it the round-robin position. Thread-safe; readers get shared snapshots.
#ifndef ROCKETMQ_CLIENT_ROUTE_CACHE_H_
#define ROCKETMQ_CLIENT_ROUTE_CACHE_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client/topic_publish_info.h"
#include "protocol/topic_route_data.h"

namespace rocketmq {
namespace client {

// The writable queues of `route` for `topic` (protocol.md §4.1): the queues named by
// orderTopicConf when present; otherwise, by broker name, queue ids 0..writeQueueNums-1
// of every writable QueueData whose broker has a master.
std::shared_ptr<TopicPublishInfo> BuildPublishInfo(const std::string& topic,
                                                   const protocol::TopicRouteData& route);

class RouteCache {
 public:
  // Stores `route` for `topic`. Returns true if it differs from the cached one (or there
  // was none).
  bool Update(const std::string& topic, const protocol::TopicRouteData& route);

  // Null when the topic has no cached route.
  std::shared_ptr<TopicPublishInfo> FindPublishInfo(const std::string& topic) const;
  std::optional<protocol::TopicRouteData> FindRoute(const std::string& topic) const;

  // The master address of a broker group, if some cached route names it.
  std::optional<std::string> FindMasterAddress(const std::string& broker_name) const;
  // Where a consumer reads a broker group's offsets and members (Java's
  // findBrokerAddressInSubscribe(name, MASTER_ID, false)): the master, else the slave with the
  // lowest id, so that a group keeps working while its master is down.
  std::optional<std::string> FindSubscribeAddress(const std::string& broker_name) const;
  // Every known master address, each once (a producer's heartbeat and unregister targets).
  std::vector<std::string> MasterAddresses() const;
  // Every known address, masters and slaves, each once: a consumer's heartbeat and unregister
  // targets (Java's sendHeartbeatToAllBroker), so that a slave serving it while the master is
  // down knows the group's members.
  std::vector<std::string> BrokerAddresses() const;
  std::vector<std::string> Topics() const;

 private:
  struct Entry {
    protocol::TopicRouteData route;
    std::shared_ptr<TopicPublishInfo> publish_info;
  };

  void RebuildBrokerTableLocked();

  mutable std::mutex mu_;
  std::map<std::string, Entry> topics_;
  std::map<std::string, protocol::BrokerData> brokers_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_ROUTE_CACHE_H_
