// DelayOffsetTable: how far the schedule service has delivered each delay level — the next
// offset to look at in queue level-1 of SCHEDULE_TOPIC_XXXX — kept in
// ${storePathRootDir}/config/delayOffset.json (Apache DelayOffsetSerializeWrapper, §6.6).
//
// The file is written as Apache 4.9's ConfigManager.persist writes it, fastjson's pretty
// format with bare numeric keys, byte for byte:
//
//   {\n\t"offsetTable":{1:3,2:17\n\t}\n}        and, with no level yet,  {\n\t"offsetTable":{}\n}
//
// A level appears once it has delivered something. Reading accepts that, the compact form
// and standard JSON (quoted keys); other members (dev's dataVersion) are ignored. Writes go
// through config_file.h (temporary file, rename, previous version kept as .bak).
// Thread-safe.
#ifndef ROCKETMQ_BROKER_SCHEDULE_DELAY_OFFSET_TABLE_H_
#define ROCKETMQ_BROKER_SCHEDULE_DELAY_OFFSET_TABLE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {
namespace schedule {

class DelayOffsetTable {
 public:
  // `path` is the file Load() and Persist() use; empty keeps the table in memory only.
  explicit DelayOffsetTable(std::string path = "") : path_(std::move(path)) {}

  // Reads the file (or its .bak). A missing file is a fresh store: OK, empty table. An
  // unreadable one is an error naming the file and what is wrong.
  Status Load();
  Status Persist() const;

  std::optional<int64_t> Get(int32_t level) const;
  void Set(int32_t level, int64_t offset);
  std::map<int32_t, int64_t> Snapshot() const;

  std::string Encode() const;
  // Replaces the table; on error the table is unchanged.
  Status Decode(const std::string& content);

  const std::string& path() const { return path_; }

 private:
  const std::string path_;
  mutable std::mutex mutex_;
  std::map<int32_t, int64_t> offsets_;
};

}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SCHEDULE_DELAY_OFFSET_TABLE_H_
