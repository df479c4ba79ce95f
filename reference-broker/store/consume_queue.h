// ConsumeQueue: the index of one topic queue into the CommitLog (protocol.md §6.2).
//
// ${root}/consumequeue/<topic>/<queueId>/<20-digit byte offset>, fixed-size files of
// 20-byte entries; queue offset N is entry N:
//
//   0 int64 CommitLog offset | 8 int32 record size | 12 int64 tags code
//
// Written only by the dispatcher thread; read by any thread. Put() ignores entries it
// already holds (by CommitLog position), so replaying the CommitLog is idempotent.
#ifndef ROCKETMQ_STORE_CONSUME_QUEUE_H_
#define ROCKETMQ_STORE_CONSUME_QUEUE_H_

#include <atomic>
#include <climits>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "rocketmq/status.h"
#include "store/env.h"
#include "store/mapped_file_queue.h"

namespace rocketmq {
namespace store {

struct ConsumeQueueEntry {
  int64_t commit_log_offset = 0;
  int32_t size = 0;
  int64_t tags_code = 0;

  // Apache fills the start of a queue created past offset 0 with (0, INT_MAX, 0) entries;
  // they point at nothing.
  bool IsFiller() const { return commit_log_offset == 0 && size == INT32_MAX; }
};

// Consecutive entries of one ConsumeQueue file, read in place. Holding it keeps the file
// mapped.
class ConsumeQueueSlice {
 public:
  ConsumeQueueSlice() = default;
  ConsumeQueueSlice(std::shared_ptr<MappedFile> file, const char* data, int64_t first_offset,
                    int32_t count)
      : file_(std::move(file)), data_(data), first_offset_(first_offset), count_(count) {}

  // Queue offset of entry 0.
  int64_t first_offset() const { return first_offset_; }
  int32_t count() const { return count_; }
  ConsumeQueueEntry at(int32_t i) const;

 private:
  std::shared_ptr<MappedFile> file_;
  const char* data_ = nullptr;
  int64_t first_offset_ = 0;
  int32_t count_ = 0;
};

class ConsumeQueue {
 public:
  static constexpr int32_t kUnitSize = 20;

  // `root` is the consumequeue directory; the queue lives in root/topic/queue_id.
  ConsumeQueue(Env* env, const std::string& root, std::string topic, int32_t queue_id,
               int32_t file_size);

  const std::string& topic() const { return topic_; }
  int32_t queue_id() const { return queue_id_; }

  Status Load();
  // Finds the end of the valid entries (an entry with a negative offset or a size <= 0
  // ends them) in the last three files and cuts the queue there. `clean_stop`: the store
  // was stopped cleanly, so what follows an all-zero entry is zeros and is not re-read.
  // `zero_tail` false leaves the stale bytes after the end to a TruncateDirty that follows
  // (after a crash, which zeroes from a lower point anyway: each scan of a tail reads the
  // whole reserved file, since one read fault makes the file system report it all as data).
  Status Recover(bool clean_stop = false, bool zero_tail = true);

  // Stores the entry for queue offset `queue_offset`. Entries at or below the CommitLog
  // position already indexed are skipped; a queue created past offset 0 (its older files
  // expired, or removed by hand) starts with filler entries as Apache's does.
  Status Put(int64_t commit_log_offset, int32_t size, int64_t tags_code, int64_t queue_offset);

  // Entries from `queue_offset` to the end of the file holding it (empty if none).
  ConsumeQueueSlice Read(int64_t queue_offset) const;
  // One entry, if present.
  bool Get(int64_t queue_offset, ConsumeQueueEntry* entry) const;

  int64_t MinOffset() const { return min_logic_offset_.load() / kUnitSize; }
  // One past the last entry.
  int64_t MaxOffset() const { return files_.MaxOffset() / kUnitSize; }
  // End (offset + size) of the newest CommitLog record indexed here.
  int64_t max_physic_offset() const { return max_physic_offset_.load(); }

  // Drops entries for CommitLog records at or after `commit_log_end` (the log was cut).
  // `clean_stop` as for Recover: only the dropped entries are zeroed; otherwise everything
  // after the kept entries is, even when no entry is dropped. `sync` false leaves
  // syncing the zeros to the caller.
  Status TruncateDirty(int64_t commit_log_end, bool clean_stop = false, bool sync = true);
  // Moves the minimum to the first entry whose record is still in the CommitLog.
  void CorrectMinOffset(int64_t min_commit_log_offset);
  // Deletes files whose entries all point below `min_commit_log_offset`.
  int DeleteExpiredFiles(int64_t min_commit_log_offset);

  // The smallest queue offset whose message was stored at or after `timestamp` (ms),
  // given a way to read a record's store time; MaxOffset() if all are older.
  int64_t OffsetByTime(
      int64_t timestamp,
      const std::function<int64_t(int64_t commit_log_offset, int32_t size)>& store_time_of) const;

  Status Flush(int32_t least_pages) { return files_.Flush(least_pages); }
  // See MappedFileQueue::MarkFlushed.
  void MarkFlushed() { files_.MarkFlushed(); }
  // Whether entries past the last flush exist; if so *first is the oldest of them (a
  // filler, or not read, leaves first->commit_log_offset negative).
  bool Unflushed(ConsumeQueueEntry* first) const;
  Status DeleteAll() {
    Status s = files_.DeleteAll();
    files_replaced_.fetch_add(1, std::memory_order_release);
    return s;
  }

 private:
  std::string topic_;
  int32_t queue_id_;
  int32_t file_size_;
  MappedFileQueue files_;
  // Bumped whenever files may leave files_ (load, truncation, deletion), so that Put's
  // writing_ is looked up again.
  std::atomic<uint64_t> files_replaced_{0};
  // Put's file, held across calls so that a Put takes no lock (used only by the writer).
  std::shared_ptr<MappedFile> writing_;
  uint64_t writing_version_ = 0;
  std::atomic<int64_t> max_physic_offset_{-1};
  std::atomic<int64_t> min_logic_offset_{0};
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_CONSUME_QUEUE_H_
