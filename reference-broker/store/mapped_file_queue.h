// MappedFileQueue: a directory of contiguous, equally sized MappedFiles forming one log.
//
// The CommitLog and every ConsumeQueue are such a queue. Offsets are absolute byte
// positions in the log; file N starts at N * file_size (after expiry the first file may
// start anywhere on that grid). The list of files is guarded by a mutex; lookups copy a
// shared_ptr out of it, so a file deleted by expiry stays mapped for readers still using it.
#ifndef ROCKETMQ_STORE_MAPPED_FILE_QUEUE_H_
#define ROCKETMQ_STORE_MAPPED_FILE_QUEUE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/env.h"
#include "store/file_allocator.h"
#include "store/mapped_file.h"

namespace rocketmq {
namespace store {

class MappedFileQueue {
 public:
  // `allocator` (optional) prepares the next file ahead of the writer.
  MappedFileQueue(Env* env, std::string dir, int64_t file_size, FileAllocator* allocator = nullptr);

  // Maps every file of the directory (created if missing). Loaded files count as full;
  // recovery then sets the real write position of the tail. A last file of the wrong size
  // is an interrupted preallocation (files are synced before first use) and is deleted;
  // any other wrong-sized file is an error naming it. Files after a gap in the sequence are
  // deleted when none of them was ever written (a crash after the allocator made the next
  // file but before the writer made the one in between); a gap followed by data is
  // Corruption naming the missing file.
  Status Load();

  const std::string& dir() const { return dir_; }
  int64_t file_size() const { return file_size_; }

  std::vector<std::shared_ptr<MappedFile>> Files() const;
  std::shared_ptr<MappedFile> First() const;
  std::shared_ptr<MappedFile> Last() const;
  bool Empty() const;

  // The file to append to: the last one if it has room, else a new one after it. When the
  // queue is empty the first file starts at `start_offset` rounded down to the file grid.
  Result<std::shared_ptr<MappedFile>> Writable(int64_t start_offset);
  // The file holding `offset`, or null if no file does.
  std::shared_ptr<MappedFile> FindByOffset(int64_t offset) const;

  // Offset of the first byte of the first file (0 when empty).
  int64_t MinOffset() const;
  // One past the last written byte (0 when empty).
  int64_t MaxOffset() const;

  // Flushes from flushed_where() on. A file is flushed when at least `least_pages` 4 KiB
  // pages are pending, or it is full, or least_pages is 0 and anything is pending.
  Status Flush(int32_t least_pages);
  int64_t flushed_where() const { return flushed_where_.load(std::memory_order_acquire); }
  void SetFlushedWhere(int64_t offset) { flushed_where_.store(offset, std::memory_order_release); }
  // Everything written is durable by other means (a file-system-wide sync): records it as
  // flushed, so that Flush() has nothing left to sync. No writer may run meanwhile.
  void MarkFlushed();

  // Cuts the log at `offset`: files wholly after it are deleted, the file holding it is
  // zeroed from there on and its positions set to it. Bytes from the log offset
  // `known_zero_from` on are known to be zero (see MappedFile::TruncateTo).
  Status TruncateDirtyFiles(int64_t offset, int64_t known_zero_from = INT64_MAX, bool sync = true);

  // Deletes files from the front while `expired(file, next)` holds, at most `max_files`,
  // never the last file (the one being written). Returns how many were deleted.
  int DeleteFromFront(const std::function<bool(MappedFile& file, MappedFile& next)>& expired,
                      int max_files);
  // Deletes every file and the directory (the queue's topic is being removed).
  Status DeleteAll();

 private:
  // Load's handling of the gap before found[first]; `before` is the last file in sequence.
  Status DropUnwrittenAfterGap(const std::vector<std::pair<int64_t, std::string>>& found,
                               size_t first, const std::string& before);

  Env* env_;
  std::string dir_;
  int64_t file_size_;
  FileAllocator* allocator_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<MappedFile>> files_;
  std::atomic<int64_t> flushed_where_{0};
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_MAPPED_FILE_QUEUE_H_
