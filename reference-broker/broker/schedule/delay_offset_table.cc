#include "broker/schedule/delay_offset_table.h"

#include <json/value.h>

#include <cstdlib>

#include "broker/config_file.h"
#include "protocol/json_reader.h"

namespace rocketmq {
namespace broker {
namespace schedule {

Status DelayOffsetTable::Load() {
  if (path_.empty()) return Status::OK();
  Status s = LoadConfigFile(path_, [this](const std::string& c) { return Decode(c); });
  if (s.code() == ErrorCode::kNotFound) return Status::OK();
  return s;
}

Status DelayOffsetTable::Persist() const {
  if (path_.empty()) return Status::OK();
  return WriteConfigFile(path_, Encode());
}

std::optional<int64_t> DelayOffsetTable::Get(int32_t level) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = offsets_.find(level);
  if (it == offsets_.end()) return std::nullopt;
  return it->second;
}

void DelayOffsetTable::Set(int32_t level, int64_t offset) {
  std::lock_guard<std::mutex> lock(mutex_);
  offsets_[level] = offset;
}

std::map<int32_t, int64_t> DelayOffsetTable::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return offsets_;
}

// fastjson 1.2.69's PrettyFormat breaks lines around bean properties but not between map
// entries, and puts the map's closing brace on a line of its own only when it has entries;
// the JsonWriter has no pretty mode, and these few bytes are simpler written out.
std::string DelayOffsetTable::Encode() const {
  std::string out = "{\n\t\"offsetTable\":{";
  const std::map<int32_t, int64_t> offsets = Snapshot();
  bool first = true;
  for (const auto& [level, offset] : offsets) {
    if (!first) out += ',';
    first = false;
    out += std::to_string(level) + ':' + std::to_string(offset);
  }
  out += offsets.empty() ? "}\n}" : "\n\t}\n}";
  return out;
}

Status DelayOffsetTable::Decode(const std::string& content) {
  const std::string what = path_.empty() ? "delay offsets" : path_;
  auto root = protocol::ParseJson(content, what);
  if (!root.ok()) return Status::Corruption(root.status().message());
  if (!root->isObject()) return Status::Corruption(what + " does not hold a JSON object");
  const Json::Value& table = (*root)["offsetTable"];
  if (!table.isNull() && !table.isObject()) {
    return Status::Corruption(what + ": offsetTable is not an object");
  }
  std::map<int32_t, int64_t> loaded;
  for (const std::string& key : table.getMemberNames()) {
    char* end = nullptr;
    const long level = std::strtol(key.c_str(), &end, 10);
    if (key.empty() || *end != '\0' || level < 1 || level > INT32_MAX) {
      return Status::Corruption(what + ": '" + key + "' is not a delay level");
    }
    int64_t offset = 0;
    if (!protocol::JsonToInt64(table[key], &offset) || offset < 0) {
      return Status::Corruption(what + ": the offset of level " + key +
                                " is not a non-negative integer");
    }
    loaded[static_cast<int32_t>(level)] = offset;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  offsets_ = std::move(loaded);
  return Status::OK();
}

}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq
