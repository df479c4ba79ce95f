#include "broker/subscription_group_manager.h"

#include "broker/config_file.h"
#include "broker/json_util.h"
#include "common/logging.h"

namespace rocketmq {
namespace broker {
namespace {

Json::Value WrapperJson(const std::map<std::string, SubscriptionGroupConfig>& table,
                        const DataVersion& version) {
  Json::Value root(Json::objectValue);
  root["dataVersion"] = version.ToJson();
  Json::Value groups(Json::objectValue);
  for (const auto& [name, c] : table) groups[name] = c.ToJson();
  root["subscriptionGroupTable"] = groups;
  return root;
}

}  // namespace

SubscriptionGroupManager::SubscriptionGroupManager(const BrokerConfig& config,
                                                   std::string config_dir)
    : config_(config), config_dir_(std::move(config_dir)), data_version_(DataVersion::Now()) {
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

Status SubscriptionGroupManager::PersistLocked() const {
  if (config_dir_.empty()) return Status::OK();
  return WriteConfigFile(file_path(), json::WritePretty(WrapperJson(table_, data_version_)));
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::FindOrCreate(
    const std::string& group) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = table_.find(group);
  if (it != table_.end()) return it->second;
  if (!config_.auto_create_subscription_group) return std::nullopt;
  SubscriptionGroupConfig c;
  c.group_name = group;
  table_[group] = c;
  data_version_.Next();
  RMQ_LOG_INFO << "created subscription group " << group;
  Status s = PersistLocked();
  if (!s.ok()) {
    RMQ_LOG_ERROR << "cannot persist subscription groups: " << s.ToString();
  }
  return c;
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::Find(
    const std::string& group) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = table_.find(group);
  if (it == table_.end()) return std::nullopt;
  return it->second;
}

void SubscriptionGroupManager::Update(const SubscriptionGroupConfig& config) {
  std::lock_guard<std::mutex> lock(mutex_);
  table_[config.group_name] = config;
  data_version_.Next();
  Status s = PersistLocked();
  if (!s.ok()) {
    RMQ_LOG_ERROR << "cannot persist subscription groups: " << s.ToString();
  }
}

bool SubscriptionGroupManager::Delete(const std::string& group) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (table_.erase(group) == 0) return false;
  data_version_.Next();
  Status s = PersistLocked();
  if (!s.ok()) {
    RMQ_LOG_ERROR << "cannot persist subscription groups: " << s.ToString();
  }
  return true;
}

DataVersion SubscriptionGroupManager::data_version() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return data_version_;
}

std::map<std::string, SubscriptionGroupConfig> SubscriptionGroupManager::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return table_;
}

std::string SubscriptionGroupManager::Encode(bool pretty) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Json::Value root = WrapperJson(table_, data_version_);
  return pretty ? json::WritePretty(root) : json::WriteCompact(root);
}

Status SubscriptionGroupManager::Decode(const std::string& content) {
  const std::string what = file_path().empty() ? "subscription groups" : file_path();
  auto root = json::Parse(content, what);
  if (!root.ok()) return root.status();
  const Json::Value& table = (*root)["subscriptionGroupTable"];
  if (!root->isObject() || (!table.isNull() && !table.isObject())) {
    return Status::Corruption(what + ": subscriptionGroupTable is not an object");
  }
  std::map<std::string, SubscriptionGroupConfig> loaded;
  for (const auto& name : table.getMemberNames()) {
    if (!table[name].isObject()) {
      return Status::Corruption(what + ": the entry of group '" + name + "' is not an object");
    }
    loaded[name] = SubscriptionGroupConfig::FromJson(table[name], name);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [name, c] : loaded) table_[name] = std::move(c);
  if ((*root)["dataVersion"].isObject()) {
    data_version_ = DataVersion::FromJson((*root)["dataVersion"]);
  }
  return Status::OK();
}

}  // namespace broker
}  // namespace rocketmq
