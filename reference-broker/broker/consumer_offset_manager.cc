#include "broker/consumer_offset_manager.h"

#include <json/value.h>

#include "broker/config_file.h"
#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace broker {

ConsumerOffsetManager::ConsumerOffsetManager(std::string config_dir)
    : config_dir_(std::move(config_dir)) {}

std::string ConsumerOffsetManager::file_path() const {
  return config_dir_.empty() ? std::string() : config_dir_ + "/consumerOffset.json";
}

Status ConsumerOffsetManager::Load() {
  if (config_dir_.empty()) return Status::OK();
  Status s = LoadConfigFile(file_path(), [this](const std::string& c) { return Decode(c); });
  if (s.code() == ErrorCode::kNotFound) return Status::OK();
  return s;
}

Status ConsumerOffsetManager::Persist() {
  if (config_dir_.empty()) return Status::OK();
  return saves_.Record(WriteConfigFile(file_path(), Encode()));
}

void ConsumerOffsetManager::CommitOffset(const std::string& group, const std::string& topic,
                                         int32_t queue_id, int64_t offset, uint64_t explicit_from) {
  const std::string key = Key(topic, group);
  std::lock_guard<std::mutex> lock(mutex_);
  table_[key][queue_id] = offset;
  if (explicit_from != 0) {
    explicit_writer_[{key, queue_id}] = explicit_from;
  } else {
    explicit_writer_.erase({key, queue_id});
  }
}

void ConsumerOffsetManager::CommitOffsetFromPull(const std::string& group, const std::string& topic,
                                                 int32_t queue_id, int64_t offset,
                                                 uint64_t connection) {
  // Reused: built anew, it and the writer's key were two allocations per pull.
  thread_local std::string key;
  AssignKey(topic, group, &key);
  std::lock_guard<std::mutex> lock(mutex_);
  int64_t& stored = table_[key][queue_id];
  auto writer = explicit_writer_.find(std::pair<std::string_view, int32_t>(key, queue_id));
  if (writer != explicit_writer_.end()) {
    if (writer->second == connection && offset < stored) return;
    explicit_writer_.erase(writer);
  }
  stored = offset;
}

int64_t ConsumerOffsetManager::QueryOffset(const std::string& group, const std::string& topic,
                                           int32_t queue_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = table_.find(Key(topic, group));
  if (it == table_.end()) return -1;
  auto q = it->second.find(queue_id);
  return q == it->second.end() ? -1 : q->second;
}

std::map<int32_t, int64_t> ConsumerOffsetManager::QueryOffsets(const std::string& group,
                                                               const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = table_.find(Key(topic, group));
  if (it == table_.end()) return {};
  return it->second;
}

void ConsumerOffsetManager::ForEachOffset(const OffsetVisitor& visit) const {
  std::map<std::string, std::map<int32_t, int64_t>> table;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    table = table_;
  }
  for (const auto& [key, offsets] : table) {
    const size_t at = key.rfind('@');
    if (at == std::string::npos) continue;
    const std::string topic = key.substr(0, at);
    const std::string group = key.substr(at + 1);
    for (const auto& [queue_id, offset] : offsets) visit(topic, group, queue_id, offset);
  }
}

std::set<std::string> ConsumerOffsetManager::TopicsOfGroup(const std::string& group) const {
  std::set<std::string> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [key, offsets] : table_) {
    const size_t at = key.rfind('@');
    if (at != std::string::npos && key.compare(at + 1, std::string::npos, group) == 0) {
      out.insert(key.substr(0, at));
    }
  }
  return out;
}

std::set<std::string> ConsumerOffsetManager::GroupsOfTopic(const std::string& topic) const {
  std::set<std::string> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [key, offsets] : table_) {
    const size_t at = key.rfind('@');
    if (at != std::string::npos && key.compare(0, at, topic) == 0 && at == topic.size()) {
      out.insert(key.substr(at + 1));
    }
  }
  return out;
}

void ConsumerOffsetManager::DropWritersWithoutEntry() {
  for (auto it = explicit_writer_.begin(); it != explicit_writer_.end();) {
    if (table_.count(it->first.first) == 0) {
      it = explicit_writer_.erase(it);
    } else {
      ++it;
    }
  }
}

void ConsumerOffsetManager::RemoveGroup(const std::string& group) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = table_.begin(); it != table_.end();) {
    const size_t at = it->first.rfind('@');
    if (at != std::string::npos && it->first.compare(at + 1, std::string::npos, group) == 0) {
      it = table_.erase(it);
    } else {
      ++it;
    }
  }
  DropWritersWithoutEntry();
}

void ConsumerOffsetManager::RemoveTopic(const std::string& topic) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = table_.begin(); it != table_.end();) {
    const size_t at = it->first.rfind('@');
    if (at == topic.size() && it->first.compare(0, at, topic) == 0) {
      it = table_.erase(it);
    } else {
      ++it;
    }
  }
  DropWritersWithoutEntry();
}

// As Apache writes it: queue ids are bare numeric keys ({"offsetTable":{"T@G":{0:12}}}).
std::string ConsumerOffsetManager::Encode() const {
  protocol::JsonWriter out;
  out.BeginObject().Key("offsetTable").BeginObject();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, offsets] : table_) {
      out.Key(key).BeginObject();
      for (const auto& [queue, offset] : offsets) out.RawKey(queue).Int(offset);
      out.EndObject();
    }
  }
  out.EndObject().EndObject();
  return out.Take();
}

Status ConsumerOffsetManager::Decode(const std::string& content) {
  const std::string what = file_path().empty() ? "consumer offsets" : file_path();
  auto root = protocol::ParseJson(content, what);
  if (!root.ok()) return Status::Corruption(root.status().message());
  if (!root->isObject()) return Status::Corruption(what + " does not hold a JSON object");
  const Json::Value& table = (*root)["offsetTable"];
  if (!table.isNull() && !table.isObject()) {
    return Status::Corruption(what + ": offsetTable is not an object");
  }
  std::map<std::string, std::map<int32_t, int64_t>> loaded;
  for (const auto& key : table.getMemberNames()) {
    const Json::Value& queues = table[key];
    if (!queues.isObject()) {
      return Status::Corruption(what + ": the offsets of '" + key + "' are not an object");
    }
    auto& out = loaded[key];
    for (const auto& queue : queues.getMemberNames()) {
      const Json::Value& offset = queues[queue];
      int32_t queue_id = 0;
      try {
        size_t used = 0;
        queue_id = std::stoi(queue, &used);
        if (used != queue.size()) throw std::invalid_argument(queue);
      } catch (const std::exception&) {
        return Status::Corruption(what + ": '" + key + "' has a queue id '" + queue +
                                  "' that is not a number");
      }
      if (!offset.isIntegral()) {
        return Status::Corruption(what + ": the offset of '" + key + "' queue " + queue +
                                  " is not an integer");
      }
      out[queue_id] = offset.asInt64();
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  table_ = std::move(loaded);
  explicit_writer_.clear();
  return Status::OK();
}

}  // namespace broker
}  // namespace rocketmq
