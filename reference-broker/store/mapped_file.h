// MappedFile: one fixed-size store file (CommitLog or ConsumeQueue), mapped in full.
//
// Named by the absolute offset of its first byte as 20 decimal digits (Apache's
// UtilAll.offset2FileName).
//
// Preallocation. By default a CommitLog file only reserves its blocks (File::Allocate,
// fallocate): nothing is written ahead of the writer, as in Apache (warmMapedFileEnable is
// false there), and a full disk is still an error at creation, never a SIGBUS. Under
// SYNC_FLUSH (or warmMapedFileEnable=true) zeros are written and synced instead: an fdatasync
// after stores into reserved ("unwritten") extents also commits their conversion to the
// file system's journal, and a group commit per few hundred microseconds then pays that
// every time. Such a file is created partially (CreatePartial): full size at once, zeros
// written over its first chunk, the rest by a background thread (PrepareMore) ahead of the
// writer; a writer that catches up writes the zeros it needs itself (PrepareUpTo), so no
// append ever touches an unwritten block.
//
// ConsumeQueue and index files reserve their blocks too and are mapped with MADV_RANDOM (see
// MappedRegion::AdviseRandomAccess). Zeros are written where the file system cannot reserve.
//
// Writing. ConsumeQueues and index files are stored into through the mapping (Append). The
// CommitLog's writer stages its records (Stage) and writes them with one pwritev per batch
// (Commit): then no page is ever dirtied through the mapping, so a flush's write-back finds
// no writable page-table entry to write-protect and sends no TLB shootdown to the other
// cores (write-protecting a few thousand pages per fdatasync cost 10-20% of the broker's
// CPU); readers still read through the mapping, which shares the page cache.
//
// Threading: exactly one writer appends (Append / Stage / Commit / SetWrotePosition); any
// number of readers read bytes below wrote_position(), which is published with release
// semantics. Files are held by shared_ptr: readers keep the mapping alive after the file is
// deleted from disk.
#ifndef ROCKETMQ_STORE_MAPPED_FILE_H_
#define ROCKETMQ_STORE_MAPPED_FILE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

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
    kReserveBlocks,  // blocks reserved, nothing written (zeros where that is not supported);
                     // mapped for random access (queues, index)
    kReserveBlocksSequential,  // the same, mapped with the kernel's default read-ahead (log)
  };
  // Creates `path` (which must not hold data) with `size` zero bytes and maps it.
  static Result<std::shared_ptr<MappedFile>> Create(
      Env* env, const std::string& path, int64_t file_from_offset, int64_t size,
      Preallocation preallocation = Preallocation::kWriteZeros);
  // Creates `path` at `size` bytes with zeros written over the first chunk only, and maps
  // it; prepared_end() tells how far zeros are written, PrepareMore() writes the rest.
  static Result<std::shared_ptr<MappedFile>> CreatePartial(Env* env, const std::string& path,
                                                           int64_t file_from_offset, int64_t size);
  // Maps an existing file; its size must be exactly `size`. `random_access`: mapped as
  // kReserveBlocks files are created (queues, index), so that a store into a page never
  // reads around it.
  static Result<std::shared_ptr<MappedFile>> Open(Env* env, const std::string& path,
                                                  int64_t file_from_offset, int64_t size,
                                                  bool random_access = false);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& path() const { return path_; }
  int64_t file_from_offset() const { return file_from_offset_; }
  int64_t file_size() const { return file_size_; }
  char* data() { return region_->data(); }
  const char* data() const { return region_->data(); }
  // The file's descriptor (-1 if none): the HA master sendfile()s from it.
  int descriptor() const { return file_->descriptor(); }

  int32_t wrote_position() const { return wrote_position_.load(std::memory_order_acquire); }
  void SetWrotePosition(int32_t pos) {
    staged_.clear();
    staged_end_.store(pos, std::memory_order_relaxed);
    wrote_position_.store(pos, std::memory_order_release);
  }
  int32_t flushed_position() const { return flushed_position_.load(std::memory_order_acquire); }
  void SetFlushedPosition(int32_t pos) { flushed_position_.store(pos, std::memory_order_release); }
  bool IsFull() const { return wrote_position() >= file_size_; }
  // Room after the staged bytes (after wrote_position() when nothing is staged). Writer.
  int64_t RemainingBytes() const { return file_size_ - staged_end(); }

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

  // Where the next staged bytes go: wrote_position() plus what is staged. Writer thread.
  int32_t staged_end() const { return staged_end_.load(std::memory_order_relaxed); }
  // Queues `bytes` to be written at staged_end() by the next Commit(); they must stay valid
  // and unchanged until then. False (nothing staged) if they do not fit. Writer thread.
  bool Stage(std::string_view bytes);
  // Writes everything staged through the file (not the mapping) and publishes it: then
  // wrote_position() == staged_end(). On an error nothing more is published and the staged
  // bytes are dropped. Writer thread.
  Status Commit();

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
  // `sync` false leaves syncing the zeros to the caller (Env::SyncFileSystem).
  Status TruncateTo(int32_t pos, int64_t known_zero_from = INT64_MAX, bool sync = true);

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
  void AdviseRandomAccess();

  Env* env_;
  std::string path_;
  int64_t file_from_offset_;
  int64_t file_size_;
  std::unique_ptr<File> file_;
  std::unique_ptr<MappedRegion> region_;
  bool random_access_ = false;  // region_ reads no pages around a fault
  std::atomic<int32_t> wrote_position_{0};
  std::atomic<int32_t> staged_end_{0};
  std::vector<std::string_view> staged_;  // writer thread only
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
