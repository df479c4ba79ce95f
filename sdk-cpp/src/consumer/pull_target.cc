#include "consumer/pull_target.h"

namespace rocketmq {
namespace consumer {
namespace {

constexpr int64_t kMasterId = 0;

}  // namespace

std::optional<PullTarget> FindPullTarget(const protocol::TopicRouteData& route,
                                         const std::string& broker_name, int64_t broker_id) {
  for (const auto& broker : route.broker_datas) {
    if (broker.broker_name != broker_name || broker.broker_addrs.empty()) continue;
    const auto& addrs = broker.broker_addrs;
    auto it = addrs.find(broker_id);
    if (it == addrs.end() && broker_id != kMasterId) it = addrs.find(broker_id + 1);
    // Java takes the first entry of its HashMap, which for small ids is the lowest.
    if (it == addrs.end()) it = addrs.begin();
    return PullTarget{it->second, it->first != kMasterId};
  }
  return std::nullopt;
}

std::optional<PullTarget> FindPullTarget(const client::RouteCache& routes,
                                         const MessageQueue& queue, int64_t broker_id) {
  if (broker_id == kMasterId) {
    if (auto master = routes.FindMasterAddress(queue.broker_name))
      return PullTarget{*master, false};
  }
  auto route = routes.FindRoute(queue.topic);
  if (!route) return std::nullopt;
  return FindPullTarget(*route, queue.broker_name, broker_id);
}

}  // namespace consumer
}  // namespace rocketmq
