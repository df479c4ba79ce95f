#include "store/fault_injection_env.h"

#include <cstring>

namespace rocketmq {
namespace store {

// The live image is held by shared_ptr so that a mapping taken before a Crash() keeps
// pointing at valid (now orphaned) memory while the file itself moves on.
struct FaultInjectionEnv::FileState {
  std::shared_ptr<std::string> live = std::make_shared<std::string>();
  std::string durable;
  uint64_t generation = 0;
  int mappings = 0;
};

namespace {

std::string Parent(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

class FaultInjectionEnv::MemRegion final : public MappedRegion {
 public:
  MemRegion(FaultInjectionEnv* env, std::shared_ptr<FileState> state,
            std::shared_ptr<std::string> buffer, size_t size)
      : env_(env),
        state_(std::move(state)),
        buffer_(std::move(buffer)),
        size_(size),
        generation_(state_->generation) {}
  ~MemRegion() override {
    std::lock_guard<std::mutex> lock(env_->mu_);
    if (state_->generation == generation_) state_->mappings--;
  }
  char* data() override { return buffer_->data(); }
  size_t size() const override { return size_; }

 private:
  FaultInjectionEnv* env_;
  std::shared_ptr<FileState> state_;
  std::shared_ptr<std::string> buffer_;
  size_t size_;
  uint64_t generation_;
};

class FaultInjectionEnv::MemFile final : public File {
 public:
  MemFile(FaultInjectionEnv* env, std::string path, std::shared_ptr<FileState> state)
      : env_(env),
        path_(std::move(path)),
        state_(std::move(state)),
        generation_(state_->generation) {}

  const std::string& path() const override { return path_; }

  Status Write(uint64_t offset, const void* data, size_t n) override {
    std::shared_ptr<const WriteHook> hook;
    {
      std::lock_guard<std::mutex> lock(env_->mu_);
      hook = env_->write_hook_;
    }
    if (hook) (*hook)(path_, offset, n);
    std::lock_guard<std::mutex> lock(env_->mu_);
    if (Dead()) return Status::OK();
    if (env_->write_error_) return Status::IoError("injected write error on '" + path_ + "'");
    std::string& live = *state_->live;
    if (offset + n > live.size()) {
      RMQ_RETURN_IF_ERROR(Grow(offset + n));
    }
    std::memcpy(live.data() + offset, data, n);
    return Status::OK();
  }

  Result<size_t> Read(uint64_t offset, void* out, size_t n) override {
    std::lock_guard<std::mutex> lock(env_->mu_);
    const std::string& live = *state_->live;
    if (offset >= live.size()) return size_t{0};
    size_t count = std::min<size_t>(n, live.size() - offset);
    std::memcpy(out, live.data() + offset, count);
    return count;
  }

  Status Sync() override {
    std::lock_guard<std::mutex> lock(env_->mu_);
    if (Dead()) return Status::OK();
    if (env_->sync_error_) return Status::IoError("injected fdatasync error on '" + path_ + "'");
    state_->durable = *state_->live;
    env_->sync_count_++;
    return Status::OK();
  }

  Status Truncate(uint64_t size) override {
    std::lock_guard<std::mutex> lock(env_->mu_);
    if (Dead()) return Status::OK();
    if (env_->write_error_) return Status::IoError("injected truncate error on '" + path_ + "'");
    if (size > state_->live->size()) return Grow(size);
    if (state_->mappings > 0 && size != state_->live->size()) {
      return Status::Internal("truncating mapped in-memory file '" + path_ + "'");
    }
    state_->live->resize(size);
    return Status::OK();
  }

  Result<uint64_t> Size() override {
    std::lock_guard<std::mutex> lock(env_->mu_);
    return static_cast<uint64_t>(state_->live->size());
  }

  Result<std::unique_ptr<MappedRegion>> Map(size_t length) override {
    std::lock_guard<std::mutex> lock(env_->mu_);
    if (Dead()) return Status::IoError("mapping '" + path_ + "' failed: the machine is down");
    if (length > state_->live->size()) {
      return Status::IoError("mapping " + std::to_string(length) + " bytes of '" + path_ +
                             "' which has only " + std::to_string(state_->live->size()));
    }
    state_->mappings++;
    return std::unique_ptr<MappedRegion>(new MemRegion(env_, state_, state_->live, length));
  }

 private:
  // After a Crash() this handle belongs to the dead process: its effects are discarded.
  bool Dead() const { return generation_ != state_->generation; }

  Status Grow(uint64_t size) {
    if (env_->disk_full_) {
      return Status::ResourceExhausted("injected disk full writing '" + path_ + "'");
    }
    if (state_->mappings > 0) {
      return Status::Internal("growing mapped in-memory file '" + path_ + "'");
    }
    state_->live->resize(size, '\0');
    return Status::OK();
  }

  FaultInjectionEnv* env_;
  std::string path_;
  std::shared_ptr<FileState> state_;
  uint64_t generation_;
};

class FaultInjectionEnv::MemLock final : public FileLock {
 public:
  MemLock(FaultInjectionEnv* env, std::string path, uint64_t generation)
      : env_(env), path_(std::move(path)), generation_(generation) {}
  ~MemLock() override {
    std::lock_guard<std::mutex> lock(env_->mu_);
    if (generation_ == env_->generation_) env_->locks_.erase(path_);
  }

 private:
  FaultInjectionEnv* env_;
  std::string path_;
  uint64_t generation_;
};

FaultInjectionEnv::FaultInjectionEnv() { dirs_.insert("/"); }
FaultInjectionEnv::~FaultInjectionEnv() = default;

Result<std::unique_ptr<File>> FaultInjectionEnv::OpenFile(const std::string& path, bool create) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) {
    if (!create) return Status::NotFound("open '" + path + "' failed: no such file");
    if (crashed_) return Status::IoError("open '" + path + "' failed: the machine is down");
    if (dirs_.count(Parent(path)) == 0) {
      return Status::NotFound("open '" + path + "' failed: no such directory");
    }
    auto state = std::make_shared<FileState>();
    state->generation = generation_;
    it = files_.emplace(path, std::move(state)).first;
  }
  return std::unique_ptr<File>(new MemFile(this, path, it->second));
}

bool FaultInjectionEnv::FileExists(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.count(path) > 0 || dirs_.count(path) > 0;
}

Status FaultInjectionEnv::CreateDirs(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.count(path) > 0)
    return Status::IoError("'" + path + "' exists but is not a directory");
  for (std::string p = path; p != "/" && !p.empty(); p = Parent(p)) dirs_.insert(p);
  return Status::OK();
}

Result<std::vector<std::string>> FaultInjectionEnv::ListDir(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (dirs_.count(path) == 0) return Status::NotFound("list directory '" + path + "' failed");
  std::vector<std::string> names;
  for (const auto& entry : files_) {
    if (Parent(entry.first) == path) names.push_back(entry.first.substr(path.size() + 1));
  }
  for (const auto& dir : dirs_) {
    if (dir != path && Parent(dir) == path) names.push_back(dir.substr(path.size() + 1));
  }
  return names;
}

Status FaultInjectionEnv::DeleteFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (crashed_) return Status::OK();
  if (files_.erase(path) == 0)
    return Status::NotFound("delete '" + path + "' failed: no such file");
  return Status::OK();
}

Status FaultInjectionEnv::DeleteDir(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (crashed_) return Status::OK();
  for (const auto& entry : files_) {
    if (Parent(entry.first) == path) {
      return Status::IoError("remove directory '" + path + "' failed: not empty");
    }
  }
  dirs_.erase(path);
  return Status::OK();
}

Status FaultInjectionEnv::SyncDir(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sync_error_) return Status::IoError("injected fsync error on directory '" + path + "'");
  return Status::OK();
}

Status FaultInjectionEnv::SyncFileSystem(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sync_error_) return Status::IoError("injected syncfs error under '" + path + "'");
  for (auto& [name, state] : files_) {
    if (state->live != nullptr) state->durable = *state->live;
  }
  sync_count_++;
  filesystem_sync_count_++;
  return Status::OK();
}

Result<DiskUsage> FaultInjectionEnv::GetDiskUsage(const std::string&) {
  std::lock_guard<std::mutex> lock(mu_);
  DiskUsage usage;
  usage.total_bytes = total_bytes_;
  usage.available_bytes = disk_full_ ? 0 : available_bytes_;
  return usage;
}

Result<std::unique_ptr<FileLock>> FaultInjectionEnv::LockFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!locks_.insert(path).second) {
    return Status::IllegalState("store lock '" + path + "' is held by another process");
  }
  return std::unique_ptr<FileLock>(new MemLock(this, path, generation_));
}

void FaultInjectionEnv::Restart() {
  std::lock_guard<std::mutex> lock(mu_);
  crashed_ = false;
}

void FaultInjectionEnv::Crash() {
  std::lock_guard<std::mutex> lock(mu_);
  crashed_ = true;
  generation_++;
  locks_.clear();
  for (auto& entry : files_) {
    FileState& state = *entry.second;
    state.live = std::make_shared<std::string>(state.durable);
    state.generation = generation_;
    state.mappings = 0;
  }
}

void FaultInjectionEnv::SetWriteError(bool fail) {
  std::lock_guard<std::mutex> lock(mu_);
  write_error_ = fail;
}

void FaultInjectionEnv::SetSyncError(bool fail) {
  std::lock_guard<std::mutex> lock(mu_);
  sync_error_ = fail;
}

void FaultInjectionEnv::SetDiskFull(bool full) {
  std::lock_guard<std::mutex> lock(mu_);
  disk_full_ = full;
}

void FaultInjectionEnv::SetWriteHook(WriteHook hook) {
  std::lock_guard<std::mutex> lock(mu_);
  write_hook_ = hook ? std::make_shared<const WriteHook>(std::move(hook)) : nullptr;
}

void FaultInjectionEnv::SetDiskUsage(uint64_t total_bytes, uint64_t available_bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  total_bytes_ = total_bytes;
  available_bytes_ = available_bytes;
}

Result<std::string> FaultInjectionEnv::GetFileContents(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound("no file '" + path + "'");
  return *it->second->live;
}

Status FaultInjectionEnv::SetFileContents(const std::string& path, const std::string& content) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound("no file '" + path + "'");
  if (it->second->mappings > 0) {
    return Status::IllegalState("cannot replace '" + path + "' while it is mapped");
  }
  *it->second->live = content;
  it->second->durable = content;
  return Status::OK();
}

uint64_t FaultInjectionEnv::sync_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sync_count_;
}

uint64_t FaultInjectionEnv::filesystem_sync_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return filesystem_sync_count_;
}

}  // namespace store
}  // namespace rocketmq
