#include "broker/rebalance_lock_manager.h"

#include "common/clock.h"
#include "common/logging.h"

namespace rocketmq {
namespace broker {

RebalanceLockManager::RebalanceLockManager(int64_t lock_max_live_time_ms, NowFunction now)
    : lock_max_live_time_ms_(lock_max_live_time_ms),
      now_(now ? std::move(now) : NowFunction([] { return clock::MonotonicMillis(); })) {}

std::set<MessageQueue> RebalanceLockManager::TryLockBatch(const std::string& group,
                                                          const std::set<MessageQueue>& mqs,
                                                          const std::string& client_id) {
  std::set<MessageQueue> locked;
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t now = now_();
  auto& queues = table_[group];
  for (const auto& mq : mqs) {
    auto it = queues.find(mq);
    if (it == queues.end()) {
      queues.emplace(mq, LockEntry{client_id, now});
      RMQ_LOG_INFO << "group " << group << ": " << client_id << " locked " << mq.topic << "/"
                   << mq.broker_name << "/" << mq.queue_id;
      locked.insert(mq);
    } else if (it->second.client_id == client_id) {
      it->second.last_update_ms = now;
      locked.insert(mq);
    } else if (ExpiredLocked(it->second, now)) {
      RMQ_LOG_WARN << "group " << group << ": lock of " << mq.topic << "/" << mq.broker_name << "/"
                   << mq.queue_id << " held by " << it->second.client_id << " expired; granted to "
                   << client_id;
      it->second = LockEntry{client_id, now};
      locked.insert(mq);
    }
  }
  return locked;
}

void RebalanceLockManager::UnlockBatch(const std::string& group, const std::set<MessageQueue>& mqs,
                                       const std::string& client_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto g = table_.find(group);
  if (g == table_.end()) return;
  for (const auto& mq : mqs) {
    auto it = g->second.find(mq);
    if (it == g->second.end()) continue;
    if (it->second.client_id == client_id) {
      g->second.erase(it);
    } else {
      RMQ_LOG_WARN << "group " << group << ": " << client_id << " tried to unlock " << mq.topic
                   << "/" << mq.broker_name << "/" << mq.queue_id << " held by "
                   << it->second.client_id;
    }
  }
  if (g->second.empty()) table_.erase(g);
}

bool RebalanceLockManager::IsLocked(const std::string& group, const MessageQueue& mq,
                                    const std::string& client_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto g = table_.find(group);
  if (g == table_.end()) return false;
  auto it = g->second.find(mq);
  return it != g->second.end() && it->second.client_id == client_id &&
         !ExpiredLocked(it->second, now_());
}

bool RebalanceLockManager::IsLockAllExpired(const std::string& group) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto g = table_.find(group);
  if (g == table_.end()) return true;
  const int64_t now = now_();
  for (const auto& [mq, entry] : g->second) {
    if (!ExpiredLocked(entry, now)) return false;
  }
  return true;
}

}  // namespace broker
}  // namespace rocketmq
