#include "store/file_allocator.h"

#include <pthread.h>

#include "common/logging.h"

namespace rocketmq {
namespace store {

FileAllocator::FileAllocator(Env* env, bool write_zeros) : env_(env), write_zeros_(write_zeros) {}

Result<std::shared_ptr<MappedFile>> FileAllocator::Make(const std::string& path, int64_t offset,
                                                        int64_t size) {
  if (!write_zeros_) {
    auto reserved = MappedFile::Create(env_, path, offset, size,
                                       MappedFile::Preallocation::kReserveBlocksSequential);
    if (reserved.ok() || reserved.status().code() != ErrorCode::kResourceExhausted) {
      return reserved;
    }
    // No room for a whole file: as much of it as there is room for, its zeros written a
    // chunk at a time, so the writer goes on until the disk-usage check refuses appends
    // (and expiry makes room) instead of failing every put at the roll-over.
    RMQ_LOG_WARN << "reserving " << path << " failed (" << reserved.status().ToString()
                 << "); preparing it a chunk at a time";
  }
  return MappedFile::CreatePartial(env_, path, offset, size);
}

FileAllocator::~FileAllocator() { Stop(); }

void FileAllocator::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
  pthread_setname_np(thread_.native_handle(), "store-alloc");
}

void FileAllocator::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& entry : slots_) {
    if (entry.second->done && entry.second->file.ok()) {
      Status s = (*entry.second->file)->Delete();
      if (!s.ok()) {
        RMQ_LOG_WARN << "deleting unused preallocated file: " << s.ToString();
      }
    }
  }
  slots_.clear();
  pending_.clear();
  filling_.clear();
}

Result<std::shared_ptr<MappedFile>> FileAllocator::Take(const std::string& path, int64_t offset,
                                                        const std::string& next_path,
                                                        int64_t next_offset, int64_t size) {
  std::shared_ptr<Slot> slot;
  bool background = false;
  {
    std::unique_lock<std::mutex> lock(mu_);
    auto it = slots_.find(path);
    if (it != slots_.end()) {
      slot = it->second;
      // The thread finishes a file in bounded time (or fails it); Stop() also ends the wait.
      cv_.wait(lock, [&] { return slot->done || (stopping_ && !slot->in_progress); });
      slots_.erase(path);
    }
    background = thread_.joinable() && !stopping_;
  }
  Result<std::shared_ptr<MappedFile>> file = Status::Cancelled("not yet created");
  bool made_here = false;
  if (slot && slot->done && slot->file.ok() && slot->size == size) {
    file = slot->file;
  } else {
    if (slot && slot->done && !slot->file.ok()) {
      RMQ_LOG_WARN << "preallocating " << path << " failed (" << slot->file.status().ToString()
                   << "); retrying in the writer";
    }
    if (!background) {
      return write_zeros_ ? MappedFile::Create(env_, path, offset, size) : Make(path, offset, size);
    }
    file = Make(path, offset, size);
    made_here = file.ok() && (*file)->prepared_end() < (*file)->file_size();
  }
  if (!file.ok()) return file;
  // The next file only once this one exists: a crash in between must never leave the next
  // one on disk without this one (the store would not load, a file missing in between).
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return file;
  if (made_here) filling_.push_back(*file);  // its zeros before the next file's
  if (slots_.count(next_path) == 0) {
    auto next = std::make_shared<Slot>();
    next->offset = next_offset;
    next->size = size;
    slots_[next_path] = next;
    pending_.push_back(next_path);
  }
  cv_.notify_all();
  return file;
}

void FileAllocator::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stopping_ || !pending_.empty() || !filling_.empty(); });
    if (stopping_) return;
    if (!filling_.empty()) {
      // One chunk at a time, so that Stop() waits for one chunk at most.
      std::shared_ptr<MappedFile> file = filling_.front();
      lock.unlock();
      Result<bool> finished = file->PrepareMore();
      lock.lock();
      if (!finished.ok()) {
        RMQ_LOG_WARN << "preparing " << file->path() << " in the background failed ("
                     << finished.status().ToString() << "); the writer prepares what it needs";
      }
      if ((!finished.ok() || *finished) && !filling_.empty() && filling_.front() == file) {
        filling_.pop_front();
      }
      continue;
    }
    std::string path = pending_.front();
    pending_.pop_front();
    auto it = slots_.find(path);
    if (it == slots_.end()) continue;
    std::shared_ptr<Slot> slot = it->second;
    slot->in_progress = true;
    lock.unlock();
    // Usable at once and finished chunk by chunk above: a writer rolling over early takes
    // it as it is, and Stop() never waits for a whole file of zeros.
    auto file = Make(path, slot->offset, slot->size);
    lock.lock();
    if (file.ok() && (*file)->prepared_end() < (*file)->file_size()) filling_.push_back(*file);
    slot->file = std::move(file);
    slot->done = true;
    slot->in_progress = false;
    cv_.notify_all();
  }
}

}  // namespace store
}  // namespace rocketmq
