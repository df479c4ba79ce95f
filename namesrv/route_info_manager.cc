#include "namesrv/route_info_manager.h"

#include <algorithm>
#include <mutex>

#include "common/logging.h"

namespace rocketmq {
namespace namesrv {

RouteInfoManager::RouteInfoManager(Options options) : options_(options) {}

RegisterBrokerResult RouteInfoManager::RegisterBroker(const BrokerRegistration& reg,
                                                      int64_t now_ms) {
  RegisterBrokerResult result;
  std::unique_lock<std::shared_mutex> lock(mutex_);

  cluster_addr_table_[reg.cluster_name].insert(reg.broker_name);

  bool register_first = false;
  auto group_it = broker_addr_table_.find(reg.broker_name);
  if (group_it == broker_addr_table_.end()) {
    register_first = true;
    protocol::BrokerData fresh;
    fresh.cluster = reg.cluster_name;
    fresh.broker_name = reg.broker_name;
    group_it = broker_addr_table_.emplace(reg.broker_name, std::move(fresh)).first;
  }
  protocol::BrokerData& group = group_it->second;
  group.enable_acting_master = reg.enable_acting_master.value_or(false);
  group.zone_name = reg.zone_name;
  auto& addrs = group.broker_addrs;

  // One address has one id: a slave promoted to master re-registers under id 0 and its old
  // entry must go.
  for (auto it = addrs.begin(); it != addrs.end();) {
    if (it->second == reg.broker_addr && it->first != reg.broker_id) {
      it = addrs.erase(it);
    } else {
      ++it;
    }
  }

  // Two processes claiming one id: the one with the older state version loses, so that a
  // stale broker cannot displace the current one.
  auto same_id = addrs.find(reg.broker_id);
  if (same_id != addrs.end() && same_id->second != reg.broker_addr) {
    auto old_live = broker_live_table_.find({reg.cluster_name, same_id->second});
    if (old_live != broker_live_table_.end() &&
        old_live->second.data_version.state_version > reg.data_version.state_version) {
      RMQ_LOG_WARN << "ignoring registration of " << reg.broker_addr << " as " << reg.broker_name
                   << "/" << reg.broker_id << ": " << same_id->second
                   << " holds that id with a newer state version";
      broker_live_table_.erase({reg.cluster_name, reg.broker_addr});
      return result;
    }
  }

  const std::string old_addr = same_id != addrs.end() ? same_id->second : std::string();
  addrs[reg.broker_id] = reg.broker_addr;
  register_first = register_first || old_addr.empty();
  if (reg.broker_id == protocol::kMasterBrokerId && old_addr != reg.broker_addr) {
    RMQ_LOG_INFO << "cluster " << reg.cluster_name << " broker " << reg.broker_name
                 << ": master address changes from '" << old_addr << "' to " << reg.broker_addr;
  }

  const bool is_master = reg.broker_id == protocol::kMasterBrokerId;
  // With acting-master support, the slave with the smallest id stands in for a missing
  // master (read-only).
  const bool is_prime_slave =
      reg.enable_acting_master.has_value() && !is_master && reg.broker_id == addrs.begin()->first;
  const BrokerAddrKey key{reg.cluster_name, reg.broker_addr};

  if (is_master || is_prime_slave) {
    if (options_.delete_topic_with_broker_registration) {
      std::set<std::string> listed;
      for (const auto& t : reg.topics) listed.insert(t.topic_name);
      for (auto it = topic_queue_table_.begin(); it != topic_queue_table_.end();) {
        if (listed.count(it->first) == 0 && it->second.erase(reg.broker_name) > 0) {
          RMQ_LOG_INFO << "topic " << it->first << " dropped from " << reg.broker_name
                       << ", which no longer lists it";
        }
        it = it->second.empty() ? topic_queue_table_.erase(it) : std::next(it);
      }
    }
    for (const auto& topic : reg.topics) {
      if (register_first ||
          IsTopicConfigChangedLocked(key, reg.data_version, reg.broker_name, topic.topic_name)) {
        protocol::TopicConfig applied = topic;
        if (is_prime_slave && group.enable_acting_master)
          applied.perm &= ~protocol::PermName::kPermWrite;
        CreateAndUpdateQueueDataLocked(reg.broker_name, applied);
      }
    }
  }

  BrokerLiveInfo live;
  live.last_update_ms = now_ms;
  live.timeout_ms = reg.heartbeat_timeout_ms.value_or(options_.default_broker_timeout_ms);
  live.data_version = reg.data_version;
  live.connection = reg.connection;
  live.ha_server_addr = reg.ha_server_addr;
  if (broker_live_table_.insert_or_assign(key, live).second) {
    RMQ_LOG_INFO << "new broker registered: " << reg.broker_addr << " (" << reg.cluster_name << "/"
                 << reg.broker_name << "/" << reg.broker_id << ", HA server: " << reg.ha_server_addr
                 << ")";
  }

  if (reg.filter_server_list.has_value()) {
    if (reg.filter_server_list->empty()) {
      filter_server_table_.erase(key);
    } else {
      filter_server_table_[key] = *reg.filter_server_list;
    }
  }

  if (!is_master) {
    auto master = addrs.find(protocol::kMasterBrokerId);
    if (master != addrs.end()) {
      auto master_live = broker_live_table_.find({reg.cluster_name, master->second});
      if (master_live != broker_live_table_.end()) {
        result.ha_server_addr = master_live->second.ha_server_addr;
        result.master_addr = master->second;
      }
    }
  }
  return result;
}

bool RouteInfoManager::IsTopicConfigChangedLocked(const BrokerAddrKey& key,
                                                  const protocol::DataVersion& version,
                                                  const std::string& broker_name,
                                                  const std::string& topic) const {
  auto live = broker_live_table_.find(key);
  if (live == broker_live_table_.end() || live->second.data_version != version) return true;
  // Same version, but the topic was deleted here meanwhile: bring it back.
  auto queues = topic_queue_table_.find(topic);
  return queues == topic_queue_table_.end() || queues->second.count(broker_name) == 0;
}

void RouteInfoManager::CreateAndUpdateQueueDataLocked(const std::string& broker_name,
                                                      const protocol::TopicConfig& topic) {
  protocol::QueueData queue;
  queue.broker_name = broker_name;
  queue.read_queue_nums = topic.read_queue_nums;
  queue.write_queue_nums = topic.write_queue_nums;
  queue.perm = topic.perm;
  queue.topic_sys_flag = topic.topic_sys_flag;

  auto& by_group = topic_queue_table_[topic.topic_name];
  auto it = by_group.find(broker_name);
  if (it == by_group.end()) {
    RMQ_LOG_INFO << "topic " << topic.topic_name << " registered on " << broker_name << " (r"
                 << queue.read_queue_nums << "/w" << queue.write_queue_nums << ", perm "
                 << queue.perm << ")";
    by_group.emplace(broker_name, queue);
  } else if (!(it->second == queue)) {
    RMQ_LOG_INFO << "topic " << topic.topic_name << " changed on " << broker_name << " (r"
                 << queue.read_queue_nums << "/w" << queue.write_queue_nums << ", perm "
                 << queue.perm << ")";
    it->second = queue;
  }
}

void RouteInfoManager::UnregisterBroker(const std::string& cluster_name,
                                        const std::string& broker_addr,
                                        const std::string& broker_name, int64_t broker_id) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  RMQ_LOG_INFO << "unregistering broker " << broker_addr << " (" << cluster_name << "/"
               << broker_name << "/" << broker_id << ")";
  UnregisterLocked(cluster_name, broker_addr, broker_name);
}

void RouteInfoManager::UnregisterLocked(const std::string& cluster_name,
                                        const std::string& broker_addr,
                                        const std::string& broker_name) {
  const BrokerAddrKey key{cluster_name, broker_addr};
  broker_live_table_.erase(key);
  filter_server_table_.erase(key);

  auto group_it = broker_addr_table_.find(broker_name);
  if (group_it == broker_addr_table_.end()) return;
  auto& addrs = group_it->second.broker_addrs;
  for (auto it = addrs.begin(); it != addrs.end();) {
    it = it->second == broker_addr ? addrs.erase(it) : std::next(it);
  }

  if (addrs.empty()) {
    RMQ_LOG_INFO << "broker group " << broker_name << " has no members left; removing it";
    broker_addr_table_.erase(group_it);
    auto cluster_it = cluster_addr_table_.find(cluster_name);
    if (cluster_it != cluster_addr_table_.end()) {
      cluster_it->second.erase(broker_name);
      if (cluster_it->second.empty()) cluster_addr_table_.erase(cluster_it);
    }
    RemoveBrokerNameFromTopicsLocked(broker_name);
    return;
  }
  // Without a master the acting master (smallest slave id) serves reads only.
  if (group_it->second.enable_acting_master && addrs.count(protocol::kMasterBrokerId) == 0) {
    for (auto& entry : topic_queue_table_) {
      auto q = entry.second.find(broker_name);
      if (q != entry.second.end()) q->second.perm &= ~protocol::PermName::kPermWrite;
    }
  }
}

void RouteInfoManager::RemoveBrokerNameFromTopicsLocked(const std::string& broker_name) {
  for (auto it = topic_queue_table_.begin(); it != topic_queue_table_.end();) {
    it->second.erase(broker_name);
    it = it->second.empty() ? topic_queue_table_.erase(it) : std::next(it);
  }
}

std::optional<protocol::TopicRouteData> RouteInfoManager::PickupTopicRoute(
    const std::string& topic) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  auto queues = topic_queue_table_.find(topic);
  if (queues == topic_queue_table_.end()) return std::nullopt;

  protocol::TopicRouteData route;
  for (const auto& [broker_name, queue] : queues->second) {
    route.queue_datas.push_back(queue);
    auto group = broker_addr_table_.find(broker_name);
    if (group == broker_addr_table_.end()) continue;
    route.broker_datas.push_back(group->second);
    if (filter_server_table_.empty()) continue;
    for (const auto& [id, addr] : group->second.broker_addrs) {
      auto filters = filter_server_table_.find({group->second.cluster, addr});
      if (filters != filter_server_table_.end()) route.filter_server_table[addr] = filters->second;
    }
  }
  if (route.broker_datas.empty()) return std::nullopt;
  return route;
}

protocol::ClusterInfo RouteInfoManager::GetAllClusterInfo() const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  protocol::ClusterInfo info;
  info.broker_addr_table = broker_addr_table_;
  info.cluster_addr_table = cluster_addr_table_;
  return info;
}

bool RouteInfoManager::IsBrokerTopicConfigChanged(const std::string& cluster_name,
                                                  const std::string& broker_addr,
                                                  const protocol::DataVersion& version) const {
  auto prev = QueryBrokerTopicConfig(cluster_name, broker_addr);
  return !prev.has_value() || *prev != version;
}

std::optional<protocol::DataVersion> RouteInfoManager::QueryBrokerTopicConfig(
    const std::string& cluster_name, const std::string& broker_addr) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  auto live = broker_live_table_.find({cluster_name, broker_addr});
  if (live == broker_live_table_.end()) return std::nullopt;
  return live->second.data_version;
}

void RouteInfoManager::UpdateBrokerInfoUpdateTimestamp(const std::string& cluster_name,
                                                       const std::string& broker_addr,
                                                       int64_t now_ms) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  auto live = broker_live_table_.find({cluster_name, broker_addr});
  if (live != broker_live_table_.end()) live->second.last_update_ms = now_ms;
}

int RouteInfoManager::OperateWritePermLocked(const std::string& broker_name, bool wipe) {
  int touched = 0;
  for (auto& entry : topic_queue_table_) {
    auto q = entry.second.find(broker_name);
    if (q == entry.second.end()) continue;
    q->second.perm = wipe ? (q->second.perm & ~protocol::PermName::kPermWrite)
                          : (protocol::PermName::kPermRead | protocol::PermName::kPermWrite);
    ++touched;
  }
  return touched;
}

int RouteInfoManager::WipeWritePermOfBroker(const std::string& broker_name) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  return OperateWritePermLocked(broker_name, true);
}

int RouteInfoManager::AddWritePermOfBroker(const std::string& broker_name) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  return OperateWritePermLocked(broker_name, false);
}

void RouteInfoManager::DeleteTopic(const std::string& topic) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  topic_queue_table_.erase(topic);
}

void RouteInfoManager::DeleteTopic(const std::string& topic, const std::string& cluster_name) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  auto cluster = cluster_addr_table_.find(cluster_name);
  auto queues = topic_queue_table_.find(topic);
  if (cluster == cluster_addr_table_.end() || queues == topic_queue_table_.end()) return;
  for (const auto& broker_name : cluster->second) queues->second.erase(broker_name);
  if (queues->second.empty()) topic_queue_table_.erase(queues);
}

int RouteInfoManager::RegisterTopic(const std::string& topic,
                                    const std::vector<protocol::QueueData>& queues) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  int applied = 0;
  for (const auto& queue : queues) {
    if (broker_addr_table_.count(queue.broker_name) == 0) {
      RMQ_LOG_WARN << "topic " << topic << ": broker group " << queue.broker_name
                   << " is not registered; its queues are ignored";
      continue;
    }
    topic_queue_table_[topic][queue.broker_name] = queue;
    ++applied;
  }
  return applied;
}

protocol::TopicList RouteInfoManager::GetAllTopicList() const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  protocol::TopicList names;
  for (const auto& entry : topic_queue_table_) names.topic_list.insert(entry.first);
  return names;
}

protocol::TopicList RouteInfoManager::GetTopicsByCluster(const std::string& cluster) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  protocol::TopicList names;
  auto groups = cluster_addr_table_.find(cluster);
  if (groups == cluster_addr_table_.end()) return names;
  for (const auto& [topic, by_group] : topic_queue_table_) {
    for (const auto& broker_name : groups->second) {
      if (by_group.count(broker_name) != 0) {
        names.topic_list.insert(topic);
        break;
      }
    }
  }
  return names;
}

protocol::TopicList RouteInfoManager::GetSystemTopicList() const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  protocol::TopicList names;
  for (const auto& [cluster, groups] : cluster_addr_table_) {
    names.topic_list.insert(cluster);
    names.topic_list.insert(groups.begin(), groups.end());
  }
  for (const auto& entry : broker_addr_table_) {
    if (!entry.second.broker_addrs.empty()) {
      names.broker_addr = entry.second.broker_addrs.begin()->second;
      break;
    }
  }
  return names;
}

template <typename Pred>
protocol::TopicList RouteInfoManager::TopicsMatching(Pred pred) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  protocol::TopicList names;
  // As in Apache, one group's flags speak for the topic.
  for (const auto& [topic, by_group] : topic_queue_table_) {
    if (!by_group.empty() && pred(by_group.begin()->second.topic_sys_flag)) {
      names.topic_list.insert(topic);
    }
  }
  return names;
}

protocol::TopicList RouteInfoManager::GetUnitTopics() const {
  return TopicsMatching([](int32_t flag) { return (flag & kTopicSysFlagUnit) != 0; });
}

protocol::TopicList RouteInfoManager::GetHasUnitSubTopicList() const {
  return TopicsMatching([](int32_t flag) { return (flag & kTopicSysFlagUnitSub) != 0; });
}

protocol::TopicList RouteInfoManager::GetHasUnitSubUnUnitTopicList() const {
  return TopicsMatching([](int32_t flag) {
    return (flag & kTopicSysFlagUnit) == 0 && (flag & kTopicSysFlagUnitSub) != 0;
  });
}

BrokerMemberGroup RouteInfoManager::GetBrokerMemberGroup(const std::string& cluster_name,
                                                         const std::string& broker_name) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  BrokerMemberGroup group{cluster_name, broker_name, {}};
  auto it = broker_addr_table_.find(broker_name);
  if (it != broker_addr_table_.end()) group.broker_addrs = it->second.broker_addrs;
  return group;
}

std::optional<std::pair<std::string, int64_t>> RouteInfoManager::FindBrokerNameLocked(
    const BrokerAddrKey& key) const {
  for (const auto& [name, group] : broker_addr_table_) {
    if (group.cluster != key.first) continue;
    for (const auto& [id, addr] : group.broker_addrs) {
      if (addr == key.second) return std::make_pair(name, id);
    }
  }
  return std::nullopt;
}

std::vector<ConnectionId> RouteInfoManager::ScanNotActiveBrokers(int64_t now_ms) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  std::vector<BrokerAddrKey> expired;
  std::vector<ConnectionId> to_close;
  for (const auto& [key, live] : broker_live_table_) {
    if (live.last_update_ms + live.timeout_ms < now_ms) {
      RMQ_LOG_WARN << "broker " << key.second << " (cluster " << key.first << ") silent for "
                   << (now_ms - live.last_update_ms) << " ms, more than its " << live.timeout_ms
                   << " ms timeout; removing it";
      expired.push_back(key);
      if (live.connection != kNoConnection) to_close.push_back(live.connection);
    }
  }
  for (const auto& key : expired) {
    auto found = FindBrokerNameLocked(key);
    if (found.has_value()) {
      UnregisterLocked(key.first, key.second, found->first);
    } else {
      broker_live_table_.erase(key);
      filter_server_table_.erase(key);
    }
  }
  return to_close;
}

void RouteInfoManager::OnConnectionClosed(ConnectionId connection) {
  if (connection == kNoConnection) return;
  std::unique_lock<std::shared_mutex> lock(mutex_);
  std::vector<BrokerAddrKey> gone;
  for (const auto& [key, live] : broker_live_table_) {
    if (live.connection == connection) gone.push_back(key);
  }
  for (const auto& key : gone) {
    RMQ_LOG_INFO << "connection of broker " << key.second << " (cluster " << key.first
                 << ") closed; removing it at once";
    auto found = FindBrokerNameLocked(key);
    if (found.has_value()) {
      UnregisterLocked(key.first, key.second, found->first);
    } else {
      broker_live_table_.erase(key);
      filter_server_table_.erase(key);
    }
  }
}

size_t RouteInfoManager::LiveBrokerCount() const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  return broker_live_table_.size();
}

}  // namespace namesrv
}  // namespace rocketmq
