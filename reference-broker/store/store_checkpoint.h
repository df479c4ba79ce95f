// StoreCheckpoint: ${storePathRootDir}/checkpoint, a 4 KiB file (protocol.md §6.4).
//
//   0  physicMsgTimestamp  store time of the newest CommitLog message known durable
//   8  logicsMsgTimestamp  store time of the newest message whose ConsumeQueue entry is durable
//   16 indexMsgTimestamp   store time of the newest message whose index entries are durable
//   24 masterFlushedOffset (dev brokers; kept as found)
//   32 confirmPhyOffset    (dev brokers; kept as found)
//
// Big-endian int64s, as Apache writes them. After a crash, recovery re-checks the
// CommitLog from the last file that starts before min(physic, logics, index) - 3 s.
#ifndef ROCKETMQ_STORE_STORE_CHECKPOINT_H_
#define ROCKETMQ_STORE_STORE_CHECKPOINT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "rocketmq/status.h"
#include "store/env.h"
#include "store/mapped_file.h"

namespace rocketmq {
namespace store {

class StoreCheckpoint {
 public:
  static constexpr int64_t kFileSize = 4096;

  // Opens `path`, or creates it with all fields 0 (which makes a crash recovery re-check
  // the whole CommitLog). A checkpoint of the wrong size is replaced the same way.
  static Result<std::unique_ptr<StoreCheckpoint>> Open(Env* env, const std::string& path);

  int64_t physic_msg_timestamp() const { return physic_.load(); }
  int64_t logics_msg_timestamp() const { return logics_.load(); }
  int64_t index_msg_timestamp() const { return index_.load(); }
  void SetPhysicMsgTimestamp(int64_t ms) { physic_.store(ms); }
  void SetLogicsMsgTimestamp(int64_t ms) { logics_.store(ms); }
  void SetIndexMsgTimestamp(int64_t ms) { index_.store(ms); }

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
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_STORE_CHECKPOINT_H_
