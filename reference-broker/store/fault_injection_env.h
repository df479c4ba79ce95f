// FaultInjectionEnv: an in-memory file system for tests that can lose power.
//
// Every file keeps two images: the live bytes (what writes and mappings change) and the
// durable bytes (a copy taken by the last File::Sync). Crash() throws away everything not
// synced, as a power cut would, and detaches every open file and mapping of the "dead"
// process: whatever they do afterwards is discarded, so a store object can still be torn
// down normally after the simulated crash and a new one opened on the surviving bytes.
//
// Failures can be switched on at any time: writes failing, syncs failing (the classic
// fsync error), a full disk (writes and growth fail with kResourceExhausted) and an
// arbitrary disk usage figure for the expiry logic.
#ifndef ROCKETMQ_STORE_FAULT_INJECTION_ENV_H_
#define ROCKETMQ_STORE_FAULT_INJECTION_ENV_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "store/env.h"

namespace rocketmq {
namespace store {

class FaultInjectionEnv final : public Env {
 public:
  FaultInjectionEnv();
  ~FaultInjectionEnv() override;

  Result<std::unique_ptr<File>> OpenFile(const std::string& path, bool create) override;
  bool FileExists(const std::string& path) override;
  Status CreateDirs(const std::string& path) override;
  Result<std::vector<std::string>> ListDir(const std::string& path) override;
  Status DeleteFile(const std::string& path) override;
  Status DeleteDir(const std::string& path) override;
  Status SyncDir(const std::string& path) override;
  Status SyncFileSystem(const std::string& path) override;
  Result<DiskUsage> GetDiskUsage(const std::string& path) override;
  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) override;

  // Power cut: every file reverts to its last synced bytes (a file never synced becomes
  // empty); open files, mappings and locks stop having any effect, and until Restart()
  // every other change through the Env (create, delete, lock) is discarded too, so the
  // dead store can be destroyed without touching what the next one will find.
  void Crash();
  void Restart();

  void SetWriteError(bool fail);
  void SetSyncError(bool fail);
  void SetDiskFull(bool full);
  // Runs before every File::Write, outside the Env's lock, on the writing thread: a test
  // can hold a write back (a slow disk) or watch what is written. Null removes it.
  using WriteHook = std::function<void(const std::string& path, uint64_t offset, size_t n)>;
  void SetWriteHook(WriteHook hook);
  // What GetDiskUsage reports (default: 1 TiB, all free).
  void SetDiskUsage(uint64_t total_bytes, uint64_t available_bytes);

  // Test access to a file's bytes. SetFileContents replaces both images (use it between a
  // Crash() and the next open to cut or corrupt a file).
  Result<std::string> GetFileContents(const std::string& path);
  Status SetFileContents(const std::string& path, const std::string& content);
  // Number of successful Sync calls so far, across all files (SyncFileSystem included).
  uint64_t sync_count() const;
  // Number of successful SyncFileSystem calls so far.
  uint64_t filesystem_sync_count() const;

 private:
  struct FileState;
  class MemFile;
  class MemRegion;
  class MemLock;
  friend class MemFile;

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<FileState>> files_;
  std::set<std::string> dirs_;
  std::set<std::string> locks_;
  uint64_t generation_ = 0;
  bool crashed_ = false;
  bool write_error_ = false;
  bool sync_error_ = false;
  bool disk_full_ = false;
  uint64_t total_bytes_ = uint64_t{1} << 40;
  uint64_t available_bytes_ = uint64_t{1} << 40;
  uint64_t sync_count_ = 0;
  uint64_t filesystem_sync_count_ = 0;
  std::shared_ptr<const WriteHook> write_hook_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_FAULT_INJECTION_ENV_H_
