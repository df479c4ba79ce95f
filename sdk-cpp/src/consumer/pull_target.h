// Where the next pull of a queue goes (Java's PullAPIWrapper.recalculatePullFromWhichNode
// and MQClientInstance.findBrokerAddressInSubscribe): the broker of the queue's name with the
// id the last pull response suggested (suggestWhichBrokerId: a slave when the master finds
// the consumer far behind, 0 for the master); for a slave id that is not registered, the
// next id up; otherwise the registered broker of that name with the lowest id — a slave
// when the master is gone, so that consumption goes on while it is down.
//
// A pull served by a slave must not carry the consumer's commit offset: only a master
// stores offsets.
#ifndef ROCKETMQ_CONSUMER_PULL_TARGET_H_
#define ROCKETMQ_CONSUMER_PULL_TARGET_H_

#include <cstdint>
#include <optional>
#include <string>

#include "client/route_cache.h"
#include "protocol/topic_route_data.h"
#include "rocketmq/message_queue.h"

namespace rocketmq {
namespace consumer {

struct PullTarget {
  std::string address;
  bool slave = false;

  bool operator==(const PullTarget& o) const { return address == o.address && slave == o.slave; }
};

// Nothing when the route names no broker called `broker_name`.
std::optional<PullTarget> FindPullTarget(const protocol::TopicRouteData& route,
                                         const std::string& broker_name, int64_t broker_id);
// The same from the cached route of `queue`'s topic (the master's address without copying
// the route when the master is asked for and known).
std::optional<PullTarget> FindPullTarget(const client::RouteCache& routes,
                                         const MessageQueue& queue, int64_t broker_id);

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_PULL_TARGET_H_
