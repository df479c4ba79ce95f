#include "broker/subscription_group_manager.h"

#include "broker/config_file.h"
#include "broker/thread_memo.h"
#include "common/clock.h"
#include "common/logging.h"
#include "protocol/json_reader.h"

namespace rocketmq {
namespace broker {

SubscriptionGroupManager::SubscriptionGroupManager(const BrokerConfig& config,
                                                   std::string config_dir)
    : config_dir_(std::move(config_dir)),
      auto_create_(config.auto_create_subscription_group),
      instance_id_(NextMemoTableId()) {
  data_version_.timestamp = clock::WallMillis();
  static const char* const kSystemGroups[] = {
      "TOOLS_CONSUMER",  "FILTERSRV_CONSUMER",    "SELF_TEST_C_GROUP", "CID_ONS-HTTP-PROXY",
      "CID_ONSAPI_PULL", "CID_ONSAPI_PERMISSION", "CID_ONSAPI_OWNER",  "CID_RMQ_SYS_TRANS"};
  for (const char* name : kSystemGroups) {
    SubscriptionGroupConfig c;
    c.group_name = name;
    table_[name] = c;
  }
}

std::string SubscriptionGroupManager::file_path() const {
  return config_dir_.empty() ? std::string() : config_dir_ + "/subscriptionGroup.json";
}

Status SubscriptionGroupManager::Load() {
  if (config_dir_.empty()) return Status::OK();
  Status s = LoadConfigFile(file_path(), [this](const std::string& c) { return Decode(c); });
  if (s.code() == ErrorCode::kNotFound) return Status::OK();
  return s;
}

Status SubscriptionGroupManager::Persist() {
  std::lock_guard<std::mutex> lock(mutex_);
  return PersistLocked();
}

Status SubscriptionGroupManager::PersistIfUnsaved() {
  return saves_.unsaved() ? Persist() : Status::OK();
}

Status SubscriptionGroupManager::PersistLocked() const {
  if (config_dir_.empty()) return Status::OK();
  return saves_.Record(WriteConfigFile(file_path(), EncodeLocked()));
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::FindOrCreate(
    const std::string& group) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = table_.find(group);
  if (it != table_.end()) return it->second;
  if (!auto_create_) return std::nullopt;
  SubscriptionGroupConfig c;
  c.group_name = group;
  table_[group] = c;
  TableChangedLocked();
  data_version_.Next(clock::WallMillis());
  RMQ_LOG_INFO << "created subscription group " << group;
  PersistLocked();  // a failure is reported, and the write retried, through saves_
  return c;
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::Find(
    const std::string& group) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = table_.find(group);
  if (it == table_.end()) return std::nullopt;
  return it->second;
}

std::shared_ptr<const SubscriptionGroupConfig> SubscriptionGroupManager::FindCached(
    const std::string& group) const {
  return FindMemoized<SubscriptionGroupConfig>(
      instance_id_, table_version_, group, [&](uint64_t* version) {
        std::lock_guard<std::mutex> lock(mutex_);
        *version = table_version_.load(std::memory_order_relaxed);
        auto it = table_.find(group);
        return it == table_.end() ? nullptr
                                  : std::make_shared<const SubscriptionGroupConfig>(it->second);
      });
}

std::shared_ptr<const SubscriptionGroupConfig> SubscriptionGroupManager::FindOrCreateCached(
    const std::string& group) {
  if (auto found = FindCached(group)) return found;
  auto created = FindOrCreate(group);
  if (!created) return nullptr;
  return std::make_shared<const SubscriptionGroupConfig>(std::move(*created));
}

void SubscriptionGroupManager::TableChangedLocked() {
  table_version_.store(table_version_.load(std::memory_order_relaxed) + 1,
                       std::memory_order_release);
}

void SubscriptionGroupManager::Update(const SubscriptionGroupConfig& config) {
  std::lock_guard<std::mutex> lock(mutex_);
  table_[config.group_name] = config;
  TableChangedLocked();
  data_version_.Next(clock::WallMillis());
  PersistLocked();  // a failure is reported, and the write retried, through saves_
}

bool SubscriptionGroupManager::Delete(const std::string& group) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (table_.erase(group) == 0) return false;
  TableChangedLocked();
  data_version_.Next(clock::WallMillis());
  PersistLocked();  // a failure is reported, and the write retried, through saves_
  return true;
}

protocol::DataVersion SubscriptionGroupManager::data_version() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return data_version_;
}

std::map<std::string, SubscriptionGroupConfig> SubscriptionGroupManager::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return table_;
}

std::string SubscriptionGroupManager::Encode() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return EncodeLocked();
}

std::string SubscriptionGroupManager::EncodeLocked() const {
  protocol::JsonWriter out;
  out.BeginObject().Key("dataVersion");
  data_version_.Write(&out);
  out.Key("subscriptionGroupTable").BeginObject();
  for (const auto& [name, c] : table_) {
    out.Key(name);
    c.Write(&out);
  }
  out.EndObject().EndObject();
  return out.Take();
}

Status SubscriptionGroupManager::Decode(const std::string& content) {
  const std::string what = file_path().empty() ? "subscription groups" : file_path();
  auto root = protocol::ParseJson(content, what);
  if (!root.ok()) return Status::Corruption(root.status().message());
  if (!root->isObject()) return Status::Corruption(what + " does not hold a JSON object");
  const Json::Value& table = (*root)["subscriptionGroupTable"];
  if (!table.isNull() && !table.isObject()) {
    return Status::Corruption(what + ": subscriptionGroupTable is not an object");
  }
  std::map<std::string, SubscriptionGroupConfig> loaded;
  for (const auto& name : table.getMemberNames()) {
    if (!table[name].isObject()) {
      return Status::Corruption(what + ": the entry of group '" + name + "' is not an object");
    }
    auto config = SubscriptionGroupConfig::FromJson(table[name], name);
    if (!config.ok()) return Status::Corruption(what + ": " + config.status().message());
    loaded[name] = std::move(*config);
  }
  protocol::DataVersion version;
  const bool has_version = (*root)["dataVersion"].isObject();
  if (has_version) {
    RMQ_RETURN_IF_ERROR(protocol::DataVersion::Read((*root)["dataVersion"], what, &version));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [name, c] : loaded) table_[name] = std::move(c);
  TableChangedLocked();
  if (has_version) data_version_ = version;
  return Status::OK();
}

}  // namespace broker
}  // namespace rocketmq
