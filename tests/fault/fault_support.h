// What the fault tests share besides the clusters: reading a whole queue back, and counting
// what a fault lost or duplicated.
#ifndef ROCKETMQ_TESTS_FAULT_FAULT_SUPPORT_H_
#define ROCKETMQ_TESTS_FAULT_FAULT_SUPPORT_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "broker/broker_cluster.h"

namespace rocketmq {
namespace testing {

// Every body in `topic` queues [0, queues) at `addr` (empty: the cluster's broker), pulled
// from offset 0 to the end.
Result<std::vector<std::string>> PullAllBodies(BrokerCluster* cluster, const std::string& topic,
                                               int queues, const std::string& addr = "");

// What a fault did to a set of sends.
struct LossReport {
  size_t acknowledged = 0;
  size_t lost = 0;                   // acknowledged, not stored
  size_t duplicated = 0;             // extra copies of stored bodies
  size_t stored_unacknowledged = 0;  // stored though the sender saw a failure
  size_t unknown = 0;                // stored, never sent
  std::string ToString() const;
};
LossReport CompareStored(const std::set<std::string>& acknowledged,
                         const std::set<std::string>& failed,
                         const std::vector<std::string>& stored);

// A body that differs from every other in content and length (1..max_extra bytes of
// deterministic noise after "tag-index-"), so a byte-for-byte comparison means something.
std::string NoisyBody(const std::string& tag, int index, size_t max_extra);

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_FAULT_FAULT_SUPPORT_H_
