#include "broker/topic_config_manager.h"

#include <algorithm>

#include "broker/config_file.h"
#include "broker/thread_memo.h"
#include "broker/topic_validator.h"
#include "common/clock.h"
#include "common/logging.h"

namespace rocketmq {
namespace broker {
namespace {

namespace perm = protocol::PermName;
using protocol::TopicConfig;

TopicConfig MakeTopic(std::string name, int32_t read, int32_t write, int32_t permission) {
  TopicConfig c;
  c.topic_name = std::move(name);
  c.read_queue_nums = read;
  c.write_queue_nums = write;
  c.perm = permission;
  return c;
}

}  // namespace

TopicConfigManager::TopicConfigManager(const BrokerConfig& config, std::string config_dir)
    : config_(config),
      config_dir_(std::move(config_dir)),
      auto_create_topic_enable_(config.auto_create_topic_enable),
      instance_id_(NextMemoTableId()),
      data_version_() {
  data_version_.timestamp = clock::WallMillis();
  AddSystemTopics();
}

void TopicConfigManager::AddSystemTopics() {
  auto add = [this](TopicConfig c) { table_[c.topic_name] = std::move(c); };
  const int32_t rw = perm::kPermRead | perm::kPermWrite;
  add(MakeTopic(topic::kSelfTestTopic, 1, 1, rw));
  if (config_.auto_create_topic_enable) {
    add(MakeTopic(topic::kAutoCreateTopicKey, config_.default_topic_queue_nums,
                  config_.default_topic_queue_nums, perm::kPermInherit | rw));
  }
  add(MakeTopic(topic::kBenchmarkTopic, 1024, 1024, rw));
  add(MakeTopic(config_.broker_cluster_name, 16, 16,
                perm::kPermInherit | (config_.cluster_topic_enable ? rw : 0)));
  add(MakeTopic(config_.broker_name, 1, 1,
                perm::kPermInherit | (config_.broker_topic_enable ? rw : 0)));
  add(MakeTopic(topic::kOffsetMovedEvent, 1, 1, rw));
  add(MakeTopic(topic::kScheduleTopic, 18, 18, rw));
  if (config_.trace_topic_enable) add(MakeTopic(config_.msg_trace_topic_name, 1, 1, rw));
  add(MakeTopic(config_.broker_cluster_name + topic::kReplyTopicSuffix, 1, 1, rw));
  add(MakeTopic(topic::kTransHalfTopic, 1, 1, rw));
  add(MakeTopic(topic::kTransOpHalfTopic, 1, 1, rw));
}

std::string TopicConfigManager::file_path() const {
  return config_dir_.empty() ? std::string() : config_dir_ + "/topics.json";
}

Status TopicConfigManager::Decode(const std::string& content) {
  auto wrapper = protocol::TopicConfigSerializeWrapper::Decode(content);
  if (!wrapper.ok()) return wrapper.status().WithContext(file_path());
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [name, c] : wrapper->topic_config_table) {
    if (c.topic_name.empty()) c.topic_name = name;
    table_[name] = std::move(c);
  }
  TableChangedLocked();
  data_version_ = wrapper->data_version;
  return Status::OK();
}

Result<bool> TopicConfigManager::SyncFromMaster(
    const protocol::TopicConfigSerializeWrapper& master) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (master.data_version.Encode() == data_version_.Encode()) return false;
    table_.clear();
    for (const auto& [name, c] : master.topic_config_table) {
      table_[name] = c;
      if (table_[name].topic_name.empty()) table_[name].topic_name = name;
    }
    TableChangedLocked();
    data_version_ = master.data_version;
  }
  RMQ_RETURN_IF_ERROR(Persist());
  NotifyChanged();
  return true;
}

Status TopicConfigManager::Load() {
  if (config_dir_.empty()) return Status::OK();
  Status s = LoadConfigFile(file_path(), [this](const std::string& c) { return Decode(c); });
  if (s.code() == ErrorCode::kNotFound) return Status::OK();
  return s;
}

Status TopicConfigManager::Persist() {
  if (config_dir_.empty()) return Status::OK();
  std::string text;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    text = WrapperLocked().Encode();
  }
  return saves_.Record(WriteConfigFile(file_path(), text));
}

Status TopicConfigManager::PersistIfUnsaved() {
  return saves_.unsaved() ? Persist() : Status::OK();
}

std::optional<TopicConfig> TopicConfigManager::Find(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = table_.find(topic);
  if (it == table_.end()) return std::nullopt;
  return it->second;
}

std::shared_ptr<const TopicConfig> TopicConfigManager::FindCached(std::string_view topic) const {
  return FindMemoized<TopicConfig>(instance_id_, table_version_, topic, [&](uint64_t* version) {
    std::lock_guard<std::mutex> lock(mutex_);
    *version = table_version_.load(std::memory_order_relaxed);
    auto it = table_.find(std::string(topic));
    return it == table_.end() ? nullptr : std::make_shared<const TopicConfig>(it->second);
  });
}

bool TopicConfigManager::IsOrderTopic(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = table_.find(topic);
  return it != table_.end() && it->second.order;
}

std::optional<TopicConfig> TopicConfigManager::CreateTopicInSendMessageMethod(
    const std::string& topic, const std::string& default_topic, int32_t client_queue_nums,
    int32_t topic_sys_flag, bool* created) {
  if (created != nullptr) *created = false;
  TopicConfig result;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto existing = table_.find(topic);
    if (existing != table_.end()) return existing->second;
    auto tmpl = table_.find(default_topic);
    if (tmpl == table_.end()) {
      RMQ_LOG_WARN << "cannot create topic " << topic << ": its template topic " << default_topic
                   << " does not exist";
      return std::nullopt;
    }
    int32_t tmpl_perm = tmpl->second.perm;
    // Apache takes INHERIT away from TBW102 when auto-creation is off.
    if (default_topic == topic::kAutoCreateTopicKey && !auto_create_topic_enable_) {
      tmpl_perm = perm::kPermRead | perm::kPermWrite;
    }
    if (!perm::IsInherited(tmpl_perm)) {
      RMQ_LOG_WARN << "cannot create topic " << topic << ": its template topic " << default_topic
                   << " has no INHERIT permission (" << tmpl_perm << ")";
      return std::nullopt;
    }
    // A client asking for no queues (or a negative number) gets one rather than a topic
    // nobody can write to.
    const int32_t queues = std::max(1, std::min(client_queue_nums, tmpl->second.write_queue_nums));
    result = MakeTopic(topic, queues, queues, tmpl_perm & ~perm::kPermInherit);
    result.topic_sys_flag = topic_sys_flag;
    result.topic_filter_type = tmpl->second.topic_filter_type;
    table_[topic] = result;
    RMQ_LOG_INFO << "created topic " << topic << " from template " << default_topic << " with "
                 << queues << " queues";
    CommitLocked();  // a failure is reported, and the write retried, through saves_
  }
  if (created != nullptr) *created = true;
  NotifyChanged();
  return result;
}

TopicConfig TopicConfigManager::CreateTopicIfAbsent(const std::string& topic, int32_t queue_nums,
                                                    int32_t permission, int32_t topic_sys_flag,
                                                    bool* created) {
  if (created != nullptr) *created = false;
  TopicConfig result;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto existing = table_.find(topic);
    if (existing != table_.end()) return existing->second;
    result = MakeTopic(topic, queue_nums, queue_nums, permission);
    result.topic_sys_flag = topic_sys_flag;
    table_[topic] = result;
    RMQ_LOG_INFO << "created topic " << topic << " with " << queue_nums << " queues";
    CommitLocked();  // a failure is reported, and the write retried, through saves_
  }
  if (created != nullptr) *created = true;
  NotifyChanged();
  return result;
}

Status TopicConfigManager::UpdateTopicConfig(const TopicConfig& config) {
  Status s;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = table_.find(config.topic_name);
    if (it != table_.end()) {
      RMQ_LOG_INFO << "updating topic " << config.topic_name;
    } else {
      RMQ_LOG_INFO << "creating topic " << config.topic_name;
    }
    table_[config.topic_name] = config;
    s = CommitLocked();
  }
  NotifyChanged();
  return s;
}

bool TopicConfigManager::DeleteTopic(const std::string& topic) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (table_.erase(topic) == 0) return false;
    RMQ_LOG_INFO << "deleted topic " << topic;
    CommitLocked();  // a failure is reported, and the write retried, through saves_
  }
  NotifyChanged();
  return true;
}

void TopicConfigManager::TableChangedLocked() {
  table_version_.store(table_version_.load(std::memory_order_relaxed) + 1,
                       std::memory_order_release);
}

Status TopicConfigManager::CommitLocked() {
  TableChangedLocked();
  data_version_.Next(clock::WallMillis());
  if (config_dir_.empty()) return Status::OK();
  return saves_.Record(WriteConfigFile(file_path(), WrapperLocked().Encode()));
}

void TopicConfigManager::BumpDataVersion(int64_t state_version) {
  std::lock_guard<std::mutex> lock(mutex_);
  data_version_.state_version = std::max(data_version_.state_version, state_version);
  data_version_.Next(clock::WallMillis());
}

protocol::DataVersion TopicConfigManager::data_version() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return data_version_;
}

std::map<std::string, TopicConfig> TopicConfigManager::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return table_;
}

protocol::TopicConfigSerializeWrapper TopicConfigManager::Wrapper() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return WrapperLocked();
}

protocol::TopicConfigSerializeWrapper TopicConfigManager::WrapperLocked() const {
  protocol::TopicConfigSerializeWrapper wrapper;
  wrapper.data_version = data_version_;
  wrapper.topic_config_table = table_;
  return wrapper;
}

void TopicConfigManager::SetChangeListener(std::function<void()> listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  listener_ = std::move(listener);
}

void TopicConfigManager::NotifyChanged() {
  std::function<void()> listener;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    listener = listener_;
  }
  if (listener) listener();
}

}  // namespace broker
}  // namespace rocketmq
