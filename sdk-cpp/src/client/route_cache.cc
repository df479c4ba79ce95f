#include "client/route_cache.h"

#include <algorithm>
#include <cstdlib>
#include <set>

namespace rocketmq {
namespace client {
namespace {

// PermName.PERM_WRITE.
constexpr int32_t kPermWrite = 2;

std::vector<MessageQueue> QueuesFromOrderConf(const std::string& topic, const std::string& conf) {
  std::vector<MessageQueue> queues;
  size_t begin = 0;
  while (begin < conf.size()) {
    size_t end = conf.find(';', begin);
    if (end == std::string::npos) end = conf.size();
    const std::string item = conf.substr(begin, end - begin);
    const size_t colon = item.rfind(':');
    if (colon != std::string::npos && colon > 0) {
      const int count = std::atoi(item.c_str() + colon + 1);
      for (int i = 0; i < count; ++i) queues.push_back({topic, item.substr(0, colon), i});
    }
    begin = end + 1;
  }
  return queues;
}

}  // namespace

std::shared_ptr<TopicPublishInfo> BuildPublishInfo(const std::string& topic,
                                                   const protocol::TopicRouteData& route) {
  if (!route.order_topic_conf.empty()) {
    return std::make_shared<TopicPublishInfo>(QueuesFromOrderConf(topic, route.order_topic_conf),
                                              true);
  }
  std::vector<protocol::QueueData> datas = route.queue_datas;
  std::sort(datas.begin(), datas.end(),
            [](const auto& a, const auto& b) { return a.broker_name < b.broker_name; });
  std::vector<MessageQueue> queues;
  for (const auto& qd : datas) {
    if ((qd.perm & kPermWrite) == 0) continue;
    auto broker = std::find_if(route.broker_datas.begin(), route.broker_datas.end(),
                               [&](const auto& bd) { return bd.broker_name == qd.broker_name; });
    if (broker == route.broker_datas.end() || !broker->MasterAddr()) continue;
    for (int i = 0; i < qd.write_queue_nums; ++i) queues.push_back({topic, qd.broker_name, i});
  }
  return std::make_shared<TopicPublishInfo>(std::move(queues), false);
}

bool RouteCache::Update(const std::string& topic, const protocol::TopicRouteData& route) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = topics_.find(topic);
  if (it != topics_.end() && it->second.route == route) return false;
  topics_[topic] = Entry{route, BuildPublishInfo(topic, route)};
  RebuildBrokerTableLocked();
  return true;
}

void RouteCache::RebuildBrokerTableLocked() {
  brokers_.clear();
  for (const auto& [topic, entry] : topics_) {
    for (const auto& bd : entry.route.broker_datas) {
      auto& known = brokers_[bd.broker_name];
      known.broker_name = bd.broker_name;
      known.cluster = bd.cluster;
      for (const auto& [id, addr] : bd.broker_addrs) known.broker_addrs[id] = addr;
    }
  }
}

std::shared_ptr<TopicPublishInfo> RouteCache::FindPublishInfo(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = topics_.find(topic);
  return it == topics_.end() ? nullptr : it->second.publish_info;
}

std::optional<protocol::TopicRouteData> RouteCache::FindRoute(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return std::nullopt;
  return it->second.route;
}

std::optional<std::string> RouteCache::FindMasterAddress(const std::string& broker_name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = brokers_.find(broker_name);
  if (it == brokers_.end()) return std::nullopt;
  return it->second.MasterAddr();
}

std::optional<std::string> RouteCache::FindSubscribeAddress(const std::string& broker_name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = brokers_.find(broker_name);
  if (it == brokers_.end() || it->second.broker_addrs.empty()) return std::nullopt;
  // Ids are ordered, and the master's, 0, is the lowest.
  return it->second.broker_addrs.begin()->second;
}

std::vector<std::string> RouteCache::MasterAddresses() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<std::string> unique;
  for (const auto& [name, bd] : brokers_) {
    if (auto addr = bd.MasterAddr()) unique.insert(*addr);
  }
  return {unique.begin(), unique.end()};
}

std::vector<std::string> RouteCache::BrokerAddresses() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<std::string> unique;
  for (const auto& [name, bd] : brokers_) {
    for (const auto& [id, addr] : bd.broker_addrs) unique.insert(addr);
  }
  return {unique.begin(), unique.end()};
}

std::vector<std::string> RouteCache::Topics() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  out.reserve(topics_.size());
  for (const auto& [topic, entry] : topics_) out.push_back(topic);
  return out;
}

}  // namespace client
}  // namespace rocketmq
