// MappedFile: one fixed-size store file (CommitLog or ConsumeQueue), mapped in full.
//
// Named by the absolute offset of its first byte as 20 decimal digits (Apache's
// UtilAll.offset2FileName). A new CommitLog file is preallocated by WRITING zeros and
// syncing before it is mapped: the blocks are then allocated and initialised, so later
// fdatasync calls only move data (no extent conversion, ~50x cheaper than after fallocate)
// and a full disk shows up as an error here instead of a SIGBUS inside a mapped store.
//
// ConsumeQueue and index files are written far less often and flushed in the background, so
// they only reserve their blocks (File::Allocate): a topic with a thousand queues then costs
// a thousand cheap calls instead of gigabytes of zeros and a thousand syncs. Zeros are
// written where the file system cannot reserve.
//
// A CommitLog file nobody prepared ahead of time is created partially instead
// (CreatePartial): full size at once, zeros written over its first chunk only, the rest by a
// background thread (PrepareMore) ahead of the writer, so the first put does not wait for a
// whole file of zeros. Appends then stay below prepared_end(); a writer that catches up
// writes the zeros it needs itself (PrepareUpTo), so no append ever touches an unwritten
// block.
//
// Threading: exactly one writer appends (Append / SetWrotePosition); any number of readers
// read bytes below wrote_position(), which is published with release semantics. Files are
// held by shared_ptr: readers keep the mapping alive after the file is deleted from disk.
#ifndef ROCKETMQ_STORE_MAPPED_FILE_H_
#define ROCKETMQ_STORE_MAPPED_FILE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "rocketmq/status.h"
#include "store/env.h"

namespace rocketmq {
namespace store {

// "00000000001073741824" for 1073741824.
std::string OffsetToFileName(int64_t offset);
// The offset a file name stands for, or an error if it is not 20 decimal digits.
Result<int64_t> FileNameToOffset(const std::string& name);

class MappedFile {
 public:
  enum class Preallocation {
    kWriteZeros,     // zeros written and synced: later syncs only move data
    kReserveBlocks,  // blocks reserved, nothing written (zeros where that is not supported)
  };
  // Creates `path` (which must not hold data) with `size` zero bytes and maps it.
  static Result<std::shared_ptr<MappedFile>> Create(
      Env* env, const std::string& path, int64_t file_from_offset, int64_t size,
      Preallocation preallocation = Preallocation::kWriteZeros);
  // Creates `path` at `size` bytes with zeros written over the first chunk only, and maps
  // it; prepared_end() tells how far zeros are written, PrepareMore() writes the rest.
  static Result<std::shared_ptr<MappedFile>> CreatePartial(Env* env, const std::string& path,
                                                           int64_t file_from_offset, int64_t size);
  // Maps an existing file; its size must be exactly `size`.
  static Result<std::shared_ptr<MappedFile>> Open(Env* env, const std::string& path,
                                                  int64_t file_from_offset, int64_t size);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& path() const { return path_; }
  int64_t file_from_offset() const { return file_from_offset_; }
  int64_t file_size() const { return file_size_; }
  char* data() { return region_->data(); }
  const char* data() const { return region_->data(); }

  int32_t wrote_position() const { return wrote_position_.load(std::memory_order_acquire); }
  void SetWrotePosition(int32_t pos) { wrote_position_.store(pos, std::memory_order_release); }
  int32_t flushed_position() const { return flushed_position_.load(std::memory_order_acquire); }
  void SetFlushedPosition(int32_t pos) { flushed_position_.store(pos, std::memory_order_release); }
  bool IsFull() const { return wrote_position() >= file_size_; }
  int64_t RemainingBytes() const { return file_size_ - wrote_position(); }

  // Bytes below this offset are written (zeros or data); the whole file unless it was
  // created partially and is still being prepared.
  int64_t prepared_end() const { return prepared_end_.load(std::memory_order_acquire); }
  // Makes sure every byte below `end` is prepared before the writer stores there, writing
  // the missing zeros now (waiting for a chunk another thread is writing). Writer thread.
  Status PrepareUpTo(int64_t end);
  // Writes the next chunk of zeros of a partially created file, syncing every few chunks
  // so that later flushes only move data. True once the whole file is prepared.
  Result<bool> PrepareMore();

  // Copies `n` bytes at the wrote position and advances it. Writer thread only.
  // False (nothing written) if they do not fit.
  bool Append(const void* bytes, size_t n);

  // Makes everything written so far durable. Returns the position now durable.
  Result<int32_t> Flush();
  // Makes every byte of the mapping durable, whatever the positions say: for files written
  // in place rather than appended (index, checkpoint).
  Status SyncAll();
  // Bytes written but not yet flushed, in OS pages of 4 KiB.
  int32_t UnflushedPages() const;

  // Zeroes [pos, file end) where it is not already zero and moves both positions to pos.
  // Used when recovery cuts a torn tail: stale bytes must not look like records later.
  // Bytes from `known_zero_from` on are known to be zero already (what a clean stop leaves
  // after the data) and are not read: reading a GiB of zeros cost seconds at start-up.
  Status TruncateTo(int32_t pos, int64_t known_zero_from = INT64_MAX);

  // Store time (epoch ms) of the newest message in this file, 0 if unknown. Expiry uses it
  // rather than the file's mtime, which mapped writes do not update reliably.
  int64_t last_store_timestamp() const {
    return last_store_timestamp_.load(std::memory_order_acquire);
  }
  void SetLastStoreTimestamp(int64_t ms) {
    last_store_timestamp_.store(ms, std::memory_order_release);
  }

  // Deletes the file from disk. The mapping lives until the last reference goes.
  Status Delete();
  bool deleted() const { return deleted_.load(std::memory_order_acquire); }

 private:
  MappedFile(Env* env, std::string path, int64_t file_from_offset, int64_t size,
             std::unique_ptr<File> file, std::unique_ptr<MappedRegion> region);

  Env* env_;
  std::string path_;
  int64_t file_from_offset_;
  int64_t file_size_;
  std::unique_ptr<File> file_;
  std::unique_ptr<MappedRegion> region_;
  std::atomic<int32_t> wrote_position_{0};
  std::atomic<int32_t> flushed_position_{0};
  std::atomic<int64_t> last_store_timestamp_{0};
  std::atomic<bool> deleted_{false};
  // Held while a chunk of zeros is written, so the writer and the background thread never
  // write the same range.
  std::mutex prepare_mu_;
  std::atomic<int64_t> prepared_end_;
  int64_t synced_end_ = 0;  // guarded by prepare_mu_: prepared bytes PrepareMore has synced
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_MAPPED_FILE_H_
