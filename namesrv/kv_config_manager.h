// KvConfigManager: the nameserver's namespaced key/value store (Apache KVConfigManager).
//
// Admin tools put and delete entries remotely; the nameserver itself reads namespace
// ORDER_TOPIC_CONFIG (topic -> "brokerA:4;brokerB:4") for ordered topics' routes. Every
// change rewrites the JSON file at `path` ({"configTable":{"ns":{"key":"value"}}}, Apache's
// kvConfig.json format) atomically, so the table survives restarts and crashes.
// Thread-safe.
#ifndef ROCKETMQ_NAMESRV_KV_CONFIG_MANAGER_H_
#define ROCKETMQ_NAMESRV_KV_CONFIG_MANAGER_H_

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace namesrv {

// The namespace whose entries give ordered topics their per-broker queue counts.
inline constexpr char kNamespaceOrderTopicConfig[] = "ORDER_TOPIC_CONFIG";

class KvConfigManager {
 public:
  using Table = std::map<std::string, std::string>;

  explicit KvConfigManager(std::string path);
  KvConfigManager(const KvConfigManager&) = delete;
  KvConfigManager& operator=(const KvConfigManager&) = delete;

  // Reads the file; a missing file is an empty table, an unreadable or malformed one an error.
  Status Load();

  // Both change the table even when persisting fails; the error then says the change will
  // not survive a restart.
  Status Put(const std::string& ns, const std::string& key, const std::string& value);
  // Deleting a missing entry is not an error.
  Status Delete(const std::string& ns, const std::string& key);

  std::optional<std::string> Get(const std::string& ns, const std::string& key) const;
  // Null when the namespace has never been written.
  std::optional<Table> GetNamespace(const std::string& ns) const;

  const std::string& path() const { return path_; }

 private:
  Status PersistLocked() const;

  const std::string path_;
  mutable std::mutex mutex_;
  std::map<std::string, Table> config_table_;
};

}  // namespace namesrv
}  // namespace rocketmq

#endif  // ROCKETMQ_NAMESRV_KV_CONFIG_MANAGER_H_
