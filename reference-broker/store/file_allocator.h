// FileAllocator: creates the next CommitLog file ahead of the writer.
//
// Each time the writer takes a file it names the one after it, which a background thread
// then prepares, so the roll-over is only a map lookup (Apache's AllocateMappedFileService).
//
// By default a file only reserves its blocks (MappedFile kReserveBlocksSequential): a few
// milliseconds, so a writer that finds nothing prepared creates it itself (where there is
// no room for a whole file, it is made the zero-writing way below instead). With
// `write_zeros` (SYNC_FLUSH, warmMapedFileEnable) preparing a 1 GiB file (writing zeros,
// then syncing) takes around a second, so files are made partially
// (MappedFile::CreatePartial) and their zeros written a chunk at a time: a writer that rolls
// over before the next file is finished takes it as it is, and Stop() waits for one chunk at
// most. A file the writer needs before anyone prepared it (the very first one of a fresh
// store, or after a failed preparation) is created partially on the writer's thread, usable
// at once, and this thread writes the rest of its zeros ahead of the writer before
// preparing the next file.
#ifndef ROCKETMQ_STORE_FILE_ALLOCATOR_H_
#define ROCKETMQ_STORE_FILE_ALLOCATOR_H_

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/env.h"
#include "store/mapped_file.h"

namespace rocketmq {
namespace store {

class FileAllocator {
 public:
  FileAllocator(Env* env, bool write_zeros);
  // Stop()s.
  ~FileAllocator();
  FileAllocator(const FileAllocator&) = delete;
  FileAllocator& operator=(const FileAllocator&) = delete;

  void Start();
  // Joins the thread (after the chunk in progress, if any) and deletes prepared files
  // nobody took, so a stopped store leaves no empty file behind.
  void Stop();

  // The file at `path`: the prepared one if the thread made it (waiting for it if it is
  // being made), otherwise created now (partially while the thread runs, its remaining
  // zeros written in the background). Then asks for `next_path` to be prepared.
  Result<std::shared_ptr<MappedFile>> Take(const std::string& path, int64_t offset,
                                           const std::string& next_path, int64_t next_offset,
                                           int64_t size);

 private:
  struct Slot {
    int64_t offset = 0;
    int64_t size = 0;
    bool in_progress = false;
    bool done = false;
    Result<std::shared_ptr<MappedFile>> file = Status::Cancelled("not yet allocated");
  };
  void Run();

  // A new file, made on whichever thread needs it.
  Result<std::shared_ptr<MappedFile>> Make(const std::string& path, int64_t offset, int64_t size);

  Env* env_;
  const bool write_zeros_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;
  std::deque<std::string> pending_;
  // Files handed out partially prepared, finished before any next file is made.
  std::deque<std::shared_ptr<MappedFile>> filling_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_FILE_ALLOCATOR_H_
