// TopicConfigManager: the topics this broker serves, persisted to topics.json
// (protocol.md §6.6) and announced to the nameservers with their protocol::DataVersion.
//
// At construction the system topics exist with Apache's defaults (§8.9): SELF_TEST_TOPIC,
// TBW102 (only with autoCreateTopicEnable), BenchmarkTest, the cluster and broker name
// topics, OFFSET_MOVED_EVENT, SCHEDULE_TOPIC_XXXX, the reply and transaction topics and,
// if enabled, the trace topic. Load() then overlays what topics.json holds.
//
// Every change bumps the protocol::DataVersion, persists the file and calls the change listener
// (the broker re-registers with its nameservers). Thread-safe; the listener runs on the changing
// thread, outside the manager's lock.
#ifndef ROCKETMQ_BROKER_TOPIC_CONFIG_MANAGER_H_
#define ROCKETMQ_BROKER_TOPIC_CONFIG_MANAGER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/broker_config.h"
#include "broker/save_tracker.h"
#include "protocol/data_version.h"
#include "protocol/topic_config.h"
#include "protocol/topic_config_wrapper.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

class TopicConfigManager {
 public:
  // `config_dir` is ${storePathRootDir}/config; empty keeps everything in memory.
  TopicConfigManager(const BrokerConfig& config, std::string config_dir);

  // autoCreateTopicEnable changed at runtime (UPDATE_BROKER_CONFIG).
  void set_auto_create_topic_enable(bool enable) { auto_create_topic_enable_ = enable; }

  // Reads topics.json (or its backup). A missing file is a fresh store, not an error.
  Status Load();
  Status Persist();
  // Persists only when the last write failed (the broker calls it periodically).
  Status PersistIfUnsaved();
  std::string file_path() const;

  std::optional<protocol::TopicConfig> Find(const std::string& topic) const;
  // Find for the per-request paths (a send looks its topic up twice: to decide whether it
  // runs inline, then to check it; a pull once): each thread keeps the last topic it asked
  // for, valid while the table has not changed, so that a thread asking for the same topic
  // again takes no lock and copies nothing. Null when the topic does not exist.
  std::shared_ptr<const protocol::TopicConfig> FindCached(std::string_view topic) const;
  bool IsOrderTopic(const std::string& topic) const;

  // The send path's auto-creation (Apache createTopicInSendMessageMethod): an unknown
  // `topic` is created from `default_topic` if that exists and carries the INHERIT perm,
  // with min(client_queue_nums, template's write queues) queues and the template's perm
  // without INHERIT. Returns the topic's config, or nullopt when it neither exists nor can
  // be created. `created` (optional) tells whether this call created it.
  std::optional<protocol::TopicConfig> CreateTopicInSendMessageMethod(
      const std::string& topic, const std::string& default_topic, int32_t client_queue_nums,
      int32_t topic_sys_flag, bool* created = nullptr);
  // Creation of retry / DLQ topics and other broker-internal ones: made unconditionally
  // with the given queue count and perm unless the topic exists.
  protocol::TopicConfig CreateTopicIfAbsent(const std::string& topic, int32_t queue_nums,
                                            int32_t perm, int32_t topic_sys_flag,
                                            bool* created = nullptr);

  // UPDATE_AND_CREATE_TOPIC: adds or replaces the topic.
  Status UpdateTopicConfig(const protocol::TopicConfig& config);
  // Returns false when the topic did not exist.
  bool DeleteTopic(const std::string& topic);

  protocol::DataVersion data_version() const;
  // A new data version without a table change, so that the nameservers take the next
  // registration's topics again (brokerPermission changed: Apache's updateBrokerConfig).
  // `state_version` >= 0 raises the state version to it: a new DLedger master's term, so that
  // nameservers prefer it to an earlier master that is still connected (RocketMQ 5 does
  // the same with its epoch).
  void BumpDataVersion(int64_t state_version = -1);
  std::map<std::string, protocol::TopicConfig> Snapshot() const;
  // The whole table with its version: topics.json, GET_ALL_TOPIC_CONFIG and the heart of
  // REGISTER_BROKER (§4.9).
  protocol::TopicConfigSerializeWrapper Wrapper() const;

  // Slave: takes the master's whole table (GET_ALL_TOPIC_CONFIG) when its data version
  // differs from ours, and persists it (Apache SlaveSynchronize.syncTopicConfig). Returns
  // whether anything changed.
  Result<bool> SyncFromMaster(const protocol::TopicConfigSerializeWrapper& master);

  // Called after every change (creation, update, deletion), outside the lock.
  void SetChangeListener(std::function<void()> listener);

 private:
  void AddSystemTopics();
  // Requires mutex_. Bumps the version and writes the file.
  Status CommitLocked();
  protocol::TopicConfigSerializeWrapper WrapperLocked() const;
  // Requires mutex_. After every change of table_: FindCached's entries go stale.
  void TableChangedLocked();
  Status Decode(const std::string& content);
  void NotifyChanged();

  const BrokerConfig& config_;
  const std::string config_dir_;
  std::atomic<bool> auto_create_topic_enable_;

  mutable std::mutex mutex_;
  std::map<std::string, protocol::TopicConfig> table_;
  // Tells FindCached's per-thread entries which manager (tests run several per process) and
  // which state of table_ they were taken from. Written under mutex_.
  const uint64_t instance_id_;
  std::atomic<uint64_t> table_version_{0};
  protocol::DataVersion data_version_;
  SaveTracker saves_{"topics"};
  std::function<void()> listener_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TOPIC_CONFIG_MANAGER_H_
