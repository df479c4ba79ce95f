// StoreCheckpoint: ${storePathRootDir}/checkpoint, a 4 KiB file (protocol.md §6.4).
//
//   0  physicMsgTimestamp  store time of the newest CommitLog message known durable
//   8  logicsMsgTimestamp  store time of the newest message whose ConsumeQueue entry is durable
//   16 indexMsgTimestamp   store time of the newest message whose index entries are durable
//   24 masterFlushedOffset (dev brokers; kept as found)
//   32 confirmPhyOffset    (dev brokers; kept as found)
//
// Big-endian int64s, as Apache writes them (its dev branch also writes logicsPhysicalOffset
// at 40). Apache's recovery after a crash re-checks the CommitLog from the last file that
// starts before min(physic, logics, index) - 3 s: the margin covers store times that are
// not in log order, and under a 100 MB/s load it alone is 300 MB of log.
//
// Ours also records, at kOffsetsAt, the CommitLog offsets behind those times (a record
// start below which everything is durable), with a copy of the three times they were
// written with. Apache leaves those bytes alone; once it rewrites the times the copy no
// longer matches and the offsets are ignored:
//
//   1024 "RMQCKPT1"  magic
//   1032 physicOffset, 1040 logicsOffset, 1048 indexOffset   (-1: unknown)
//   1056 physic, 1064 logics, 1072 index times, as written at 0, 8 and 16
#ifndef ROCKETMQ_STORE_STORE_CHECKPOINT_H_
#define ROCKETMQ_STORE_STORE_CHECKPOINT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "rocketmq/status.h"
#include "store/env.h"
#include "store/mapped_file.h"

namespace rocketmq {
namespace store {

class StoreCheckpoint {
 public:
  static constexpr int64_t kFileSize = 4096;
  static constexpr int64_t kOffsetsAt = 1024;

  // Opens `path`, or creates it with all fields 0 (which makes a crash recovery re-check
  // the whole CommitLog). A checkpoint of the wrong size is replaced the same way.
  static Result<std::unique_ptr<StoreCheckpoint>> Open(Env* env, const std::string& path);

  int64_t physic_msg_timestamp() const { return physic_.load(); }
  int64_t logics_msg_timestamp() const { return logics_.load(); }
  int64_t index_msg_timestamp() const { return index_.load(); }
  void SetPhysicMsgTimestamp(int64_t ms) { physic_.store(ms); }
  void SetLogicsMsgTimestamp(int64_t ms) { logics_.store(ms); }
  void SetIndexMsgTimestamp(int64_t ms) { index_.store(ms); }

  // The CommitLog offsets (record starts, -1 unknown) below which every record, its
  // ConsumeQueue entries and its index entries are durable.
  int64_t physic_offset() const { return physic_offset_.load(); }
  int64_t logics_offset() const { return logics_offset_.load(); }
  int64_t index_offset() const { return index_offset_.load(); }
  void SetPhysicOffset(int64_t offset) { physic_offset_.store(offset); }
  void SetLogicsOffset(int64_t offset) { logics_offset_.store(offset); }
  void SetIndexOffset(int64_t offset) { index_offset_.store(offset); }
  // Lowers every known offset to at most `log_end`, where recovery found the log to end.
  void ClampOffsets(int64_t log_end);

  // Where a crash recovery can start checking and re-dispatching the log: the smallest of
  // the offsets, when all it needs are known (offsets read from a file whose copy of the
  // times did not match are unknown).
  std::optional<int64_t> DurableOffset(bool with_index) const;

  // min(physic, logics) - 3 s, like Apache's getMinTimestamp(); 0 when unknown.
  int64_t MinTimestamp() const;
  // min(MinTimestamp(), index), like getMinTimestampIndex().
  int64_t MinTimestampIndex() const;

  // Writes the fields and makes them durable.
  Status Flush();

 private:
  explicit StoreCheckpoint(std::shared_ptr<MappedFile> file);

  std::shared_ptr<MappedFile> file_;
  std::atomic<int64_t> physic_{0};
  std::atomic<int64_t> logics_{0};
  std::atomic<int64_t> index_{0};
  std::atomic<int64_t> physic_offset_{-1};
  std::atomic<int64_t> logics_offset_{-1};
  std::atomic<int64_t> index_offset_{-1};
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_STORE_CHECKPOINT_H_
