// RebalanceLockManager: which client of a consumer group owns which queue, for orderly
// consumption (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ, protocol.md §8.11).
//
// A lock is granted when the queue is free, its holder's lock expired (no renewal for
// lockMaxLiveTime, 60 s by default), or the requester already holds it (a renewal).
// Thread-safe.
#ifndef ROCKETMQ_BROKER_REBALANCE_LOCK_MANAGER_H_
#define ROCKETMQ_BROKER_REBALANCE_LOCK_MANAGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "protocol/message_queue.h"

namespace rocketmq {
namespace broker {

using MessageQueue = protocol::MessageQueue;

class RebalanceLockManager {
 public:
  using NowFunction = std::function<int64_t()>;
  static constexpr int64_t kDefaultLockMaxLiveTimeMs = 60000;

  explicit RebalanceLockManager(int64_t lock_max_live_time_ms = kDefaultLockMaxLiveTimeMs,
                                NowFunction now = nullptr);

  // Locks (or renews) every queue it can for `client_id`; returns the queues the client
  // now holds.
  std::set<MessageQueue> TryLockBatch(const std::string& group, const std::set<MessageQueue>& mqs,
                                      const std::string& client_id);
  // Releases the queues `client_id` holds; queues held by others are left alone.
  void UnlockBatch(const std::string& group, const std::set<MessageQueue>& mqs,
                   const std::string& client_id);
  bool IsLocked(const std::string& group, const MessageQueue& mq,
                const std::string& client_id) const;
  // True when the group holds no live lock (a retry of an orderly group may go to DLQ).
  bool IsLockAllExpired(const std::string& group) const;

 private:
  struct LockEntry {
    std::string client_id;
    int64_t last_update_ms = 0;
  };
  bool ExpiredLocked(const LockEntry& entry, int64_t now) const {
    return now - entry.last_update_ms > lock_max_live_time_ms_;
  }

  const int64_t lock_max_live_time_ms_;
  const NowFunction now_;
  mutable std::mutex mutex_;
  std::map<std::string, std::map<MessageQueue, LockEntry>> table_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_REBALANCE_LOCK_MANAGER_H_
