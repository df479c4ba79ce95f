// SubscriptionGroupManager: the consumer groups this broker knows, persisted to
// subscriptionGroup.json ({"dataVersion":...,"subscriptionGroupTable":{...}}, §6.6).
//
// Unknown groups are created with default settings on first use when
// autoCreateSubscriptionGroup is on (Apache's default); Apache's internal groups
// (TOOLS_CONSUMER, CID_RMQ_SYS_TRANS, ...) always exist. Thread-safe.
#ifndef ROCKETMQ_BROKER_SUBSCRIPTION_GROUP_MANAGER_H_
#define ROCKETMQ_BROKER_SUBSCRIPTION_GROUP_MANAGER_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "broker/broker_config.h"
#include "broker/save_tracker.h"
#include "broker/subscription_group_config.h"
#include "protocol/data_version.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

class SubscriptionGroupManager {
 public:
  // `config_dir` is ${storePathRootDir}/config; empty keeps everything in memory.
  SubscriptionGroupManager(const BrokerConfig& config, std::string config_dir);

  // autoCreateSubscriptionGroup changed at runtime (UPDATE_BROKER_CONFIG).
  void set_auto_create(bool enable) { auto_create_ = enable; }

  Status Load();
  Status Persist();
  // Persists only when the last write failed (the broker calls it periodically).
  Status PersistIfUnsaved();
  std::string file_path() const;

  // The group's config; an unknown group is created (and persisted) when auto-creation is
  // on, otherwise nullopt.
  std::optional<SubscriptionGroupConfig> FindOrCreate(const std::string& group);
  std::optional<SubscriptionGroupConfig> Find(const std::string& group) const;
  // Find and FindOrCreate for the per-pull path (TopicConfigManager::FindCached's scheme):
  // each thread keeps the last group it asked for, valid while the table has not changed,
  // so that a thread pulling for the same group again takes no lock and copies nothing
  // (the copy of the config was ~300 instructions per pull). Null when the group does not
  // exist (and, for FindOrCreateCached, cannot be created).
  std::shared_ptr<const SubscriptionGroupConfig> FindCached(const std::string& group) const;
  std::shared_ptr<const SubscriptionGroupConfig> FindOrCreateCached(const std::string& group);

  void Update(const SubscriptionGroupConfig& config);
  bool Delete(const std::string& group);

  protocol::DataVersion data_version() const;
  std::map<std::string, SubscriptionGroupConfig> Snapshot() const;
  // SubscriptionGroupWrapper JSON (the file and GET_ALL_SUBSCRIPTIONGROUP_CONFIG).
  std::string Encode() const;
  Status Decode(const std::string& content);

 private:
  Status PersistLocked() const;
  std::string EncodeLocked() const;
  // Requires mutex_. After every change of table_: FindCached's entries go stale.
  void TableChangedLocked();

  const std::string config_dir_;
  std::atomic<bool> auto_create_;
  mutable std::mutex mutex_;
  std::map<std::string, SubscriptionGroupConfig> table_;
  // Tells FindCached's per-thread entries which manager (tests run several per process) and
  // which state of table_ they were taken from. Written under mutex_.
  const uint64_t instance_id_;
  std::atomic<uint64_t> table_version_{0};
  protocol::DataVersion data_version_;
  mutable SaveTracker saves_{"subscription groups"};
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SUBSCRIPTION_GROUP_MANAGER_H_
