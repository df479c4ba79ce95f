// Env: the store's only door to the file system.
//
// Every file operation of the store goes through an Env so that tests can swap the real
// POSIX file system for an in-memory one that loses unsynced bytes, fails writes or runs
// out of space on demand (FaultInjectionEnv). Crash-recovery tests then take milliseconds
// and can cut a file at any byte.
//
// Durability contract (both implementations): bytes written through File::Write or through
// a MappedRegion become durable only when File::Sync returns OK for that file.
#ifndef ROCKETMQ_STORE_ENV_H_
#define ROCKETMQ_STORE_ENV_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace store {

// A writable shared memory mapping of the first size() bytes of a file. Stores into data()
// reach the file (and become durable with the owning file's Sync). Unmapped when destroyed.
class MappedRegion {
 public:
  virtual ~MappedRegion() = default;
  virtual char* data() = 0;
  virtual size_t size() const = 0;
  // Tells the kernel not to read around faults: the first store into a page of a reserved
  // (unwritten) block would otherwise zero-fill up to read_ahead_kb of neighbours, megabytes
  // per touched page on some machines. Over the pages of [offset, offset + length).
  virtual void AdviseRandomAccess(size_t /*offset*/, size_t /*length*/) {}
  // Undoes AdviseRandomAccess over the range: faults read ahead again.
  virtual void AdviseNormalAccess(size_t /*offset*/, size_t /*length*/) {}
};

class File {
 public:
  virtual ~File() = default;
  virtual const std::string& path() const = 0;
  // Positional write; the whole buffer or an error (a full disk is kResourceExhausted).
  virtual Status Write(uint64_t offset, const void* data, size_t n) = 0;
  // Writes `pieces` back to back from `offset` (pwritev): the whole of them or an error.
  virtual Status WriteGather(uint64_t offset, const std::string_view* pieces, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      RMQ_RETURN_IF_ERROR(Write(offset, pieces[i].data(), pieces[i].size()));
      offset += pieces[i].size();
    }
    return Status::OK();
  }
  // Positional read of up to n bytes; returns how many were read (short at end of file).
  virtual Result<size_t> Read(uint64_t offset, void* out, size_t n) = 0;
  // Makes everything written so far, through Write or a mapping, durable (fdatasync).
  virtual Status Sync() = 0;
  virtual Status Truncate(uint64_t size) = 0;
  // Reserves disk blocks for [offset, offset + n) without writing them (they read as zeros),
  // so that later stores through a mapping cannot meet a full disk. kNotSupported where the
  // file system cannot; the caller then writes zeros.
  virtual Status Allocate(uint64_t offset, uint64_t n) {
    (void)offset;
    (void)n;
    return Status::NotSupported("reserving blocks of '" + path() + "'");
  }
  virtual Result<uint64_t> Size() = 0;
  // The data regions of the file from `offset` on, as lseek's SEEK_DATA / SEEK_HOLE see
  // them: bytes outside them (holes, reserved blocks never written) read as zeros. Where
  // that is unknown everything counts as data: NextData returns `offset`, NextHole the size.
  virtual Result<uint64_t> NextData(uint64_t offset) { return offset; }
  virtual Result<uint64_t> NextHole(uint64_t offset) {
    (void)offset;
    return Size();
  }
  // Maps the first `length` bytes, which must exist (write or truncate them first).
  virtual Result<std::unique_ptr<MappedRegion>> Map(size_t length) = 0;
  // The OS file descriptor, for sendfile; -1 where the file has none (in-memory files).
  virtual int descriptor() const { return -1; }
};

// Holds an exclusive advisory lock; released when destroyed.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

struct DiskUsage {
  uint64_t total_bytes = 0;
  uint64_t available_bytes = 0;
  // Fraction of the file system in use, 0.0 .. 1.0.
  double UsedRatio() const {
    return total_bytes == 0
               ? 1.0
               : 1.0 - static_cast<double>(available_bytes) / static_cast<double>(total_bytes);
  }
};

class Env {
 public:
  virtual ~Env() = default;

  // The real file system (POSIX). Never null; lives for the whole process.
  static Env* Posix();

  // Opens `path` for reading and writing, creating an empty file when `create` is true.
  virtual Result<std::unique_ptr<File>> OpenFile(const std::string& path, bool create) = 0;
  virtual bool FileExists(const std::string& path) = 0;
  // Creates `path` and its missing parents.
  virtual Status CreateDirs(const std::string& path) = 0;
  // Names (not paths) of the entries of a directory, unsorted; NotFound if it is missing.
  virtual Result<std::vector<std::string>> ListDir(const std::string& path) = 0;
  virtual Status DeleteFile(const std::string& path) = 0;
  // Removes an empty directory.
  virtual Status DeleteDir(const std::string& path) = 0;
  // Makes a directory's entries (created or deleted files) durable.
  virtual Status SyncDir(const std::string& path) = 0;
  // Makes everything written to the file system holding `path` durable (syncfs): one
  // journal commit for many files.
  virtual Status SyncFileSystem(const std::string& path) = 0;
  virtual Result<DiskUsage> GetDiskUsage(const std::string& path) = 0;
  // Takes an exclusive lock on `path` (created if missing); fails at once if it is held.
  virtual Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) = 0;
};

// Reads a whole (small) file; NotFound if missing.
Result<std::string> ReadFileToString(Env* env, const std::string& path);
// Replaces a small marker file's content in place (truncate, write, sync). Not atomic:
// only for files whose presence matters more than their content (abort).
Status WriteStringToFile(Env* env, const std::string& path, const std::string& content);

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_ENV_H_
