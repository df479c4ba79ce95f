// The first CommitLog file of a fresh store is usable before its zeros are all written: a
// broker with 1 GiB files answers its first send at once, while the allocator thread
// writes the rest of the file ahead of the writer.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/fault_injection_env.h"
#include "store/file_allocator.h"
#include "store/mapped_file.h"
#include "store/message_store.h"
#include "test_records.h"

namespace rocketmq {
namespace store {
namespace {

using std::chrono::milliseconds;
// Generous: these bound a hang, they do not measure speed.
constexpr milliseconds kWait{10000};
constexpr int64_t kFileSize = 8 << 20;
constexpr int64_t kChunk = 1 << 20;
const char kFirstFile[] = "/store/commitlog/00000000000000000000";

MessageStoreConfig Config() {
  MessageStoreConfig c;
  c.store_path_root_dir = "/store";
  c.mapped_file_size_commit_log = kFileSize;
  c.mapped_file_size_consume_queue = 20 * 1000;
  c.flush_disk_type = "SYNC_FLUSH";
  c.flush_interval_consume_queue = 10;
  c.clean_resource_interval = 3600 * 1000;
  return c;
}

// Holds back every write of zeros past the first chunk of a CommitLog file, as a disk
// far slower than the broker would, until Release(). Must outlive the store using the Env.
class SlowDisk {
 public:
  explicit SlowDisk(FaultInjectionEnv* env) : env_(env) {
    env_->SetWriteHook([this](const std::string& path, uint64_t offset, size_t) {
      if (path.find("/commitlog/") == std::string::npos || offset < uint64_t{kChunk}) return;
      std::unique_lock<std::mutex> lock(mu_);
      ++held_;
      changed_.notify_all();
      // Bounded: a broken test fails instead of hanging.
      changed_.wait_for(lock, kWait, [this] { return released_; });
    });
  }
  ~SlowDisk() {
    Release();
    env_->SetWriteHook(nullptr);
  }
  bool AwaitHeldWrite() {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, kWait, [this] { return held_ > 0; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  FaultInjectionEnv* env_;
  std::mutex mu_;
  std::condition_variable changed_;
  int held_ = 0;
  bool released_ = false;
};

PutMessageResult PutWithin(MessageStore* store, const std::string& records) {
  std::future<PutMessageResult> put = store->PutMessage(records, true);
  if (put.wait_for(kWait) != std::future_status::ready) {
    return PutMessageResult::Failure(PutMessageStatus::kUnknownError,
                                     Status::Timeout("no answer to the put"));
  }
  return put.get();
}

bool AwaitFile(FaultInjectionEnv* env, const std::string& path) {
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  while (!env->FileExists(path)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

TEST(FilePreparationTest, FirstPutsAreAnsweredWhileTheFirstFileIsStillBeingZeroed) {
  FaultInjectionEnv env;
  SlowDisk disk(&env);
  MessageStore store(Config(), &env);
  ASSERT_TRUE(store.Start().ok());
  PutMessageResult first = PutWithin(&store, EncodeTestMessage("T", 0, "first"));
  ASSERT_TRUE(first.ok()) << first.error.ToString();
  // The background thread is stuck in the second chunk, and sync-flushed puts still pass.
  ASSERT_TRUE(disk.AwaitHeldWrite());
  for (int i = 0; i < 20; ++i) {
    PutMessageResult r = PutWithin(&store, EncodeTestMessage("T", 0, "m" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.error.ToString();
    EXPECT_EQ(r.queue_offset, i + 1);
  }

  disk.Release();
  // Past the first chunk, then the next file, prepared once this one is done.
  const std::string big(200 * 1024, 'b');
  for (int i = 0; i < 8; ++i) {
    PutMessageResult r = PutWithin(&store, EncodeTestMessage("T", 1, big));
    ASSERT_TRUE(r.ok()) << r.error.ToString();
  }
  ASSERT_TRUE(AwaitFile(&env, "/store/commitlog/" + OffsetToFileName(kFileSize)));
  const int64_t written = store.GetMaxPhyOffset();
  store.Shutdown();
  auto bytes = env.GetFileContents(kFirstFile);
  ASSERT_TRUE(bytes.ok());
  ASSERT_EQ(static_cast<int64_t>(bytes->size()), kFileSize);
  EXPECT_GT(written, kChunk);
  EXPECT_EQ(bytes->find_first_not_of('\0', static_cast<size_t>(written)), std::string::npos);
}

TEST(FilePreparationTest, AFailedBackgroundPreparationFailsOnlyThePutsThatNeedIt) {
  FaultInjectionEnv env;
  SlowDisk disk(&env);  // outlives the store, whose threads call into it
  MessageStore store(Config(), &env);
  ASSERT_TRUE(store.Start().ok());
  ASSERT_TRUE(PutWithin(&store, EncodeTestMessage("T", 0, "first")).ok());
  ASSERT_TRUE(disk.AwaitHeldWrite());
  // Up to just below the end of the first chunk: the next big put needs more zeros.
  const std::string big(200 * 1024, 'b');
  for (int i = 0; i < 5; ++i) {
    PutMessageResult r = PutWithin(&store, EncodeTestMessage("T", 0, big));
    ASSERT_TRUE(r.ok()) << r.error.ToString();
  }
  ASSERT_LT(store.GetMaxPhyOffset(), kChunk);
  // Queue and index files exist by now: the injected error only meets CommitLog zeros.
  ASSERT_TRUE(store.AwaitDispatched(store.GetMaxPhyOffset(), kWait));
  env.SetWriteError(true);
  disk.Release();  // the held write goes on, and fails

  PutMessageResult r = PutWithin(&store, EncodeTestMessage("T", 0, big));
  ASSERT_EQ(r.status, PutMessageStatus::kCreateMappedFileFailed) << r.error.ToString();
  EXPECT_NE(r.error.message().find("ahead of the writer"), std::string::npos) << r.error.ToString();

  // Once the disk writes again the writer prepares what it needs itself.
  env.SetWriteError(false);
  for (int i = 0; i < 8; ++i) {
    PutMessageResult again = PutWithin(&store, EncodeTestMessage("T", 0, big));
    ASSERT_TRUE(again.ok()) << again.error.ToString();
  }
}

TEST(FilePreparationTest, StopWaitsForOneChunkNotForAWholeFile) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/log").ok());
  std::mutex mu;
  std::condition_variable changed;
  int writes = 0;
  // A slow disk: 50 ms a chunk, so the whole next file (16 chunks) would take 0.8 s.
  env.SetWriteHook([&](const std::string& path, uint64_t, size_t) {
    if (path.find(OffsetToFileName(kFileSize * 2)) == std::string::npos) return;
    std::this_thread::sleep_for(milliseconds(50));
    std::lock_guard<std::mutex> lock(mu);
    ++writes;
    changed.notify_all();
  });
  {
    FileAllocator allocator(&env, /*write_zeros=*/true);
    allocator.Start();
    auto first =
        allocator.Take("/log/" + OffsetToFileName(0), 0, "/log/" + OffsetToFileName(kFileSize * 2),
                       kFileSize * 2, kFileSize * 2);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(changed.wait_for(lock, kWait, [&] { return writes > 0; }));
    lock.unlock();
    allocator.Stop();
  }
  env.SetWriteHook(nullptr);
  // Stopped in the middle: far fewer chunks than the file has.
  EXPECT_LT(writes, 8);
  EXPECT_FALSE(env.FileExists("/log/" + OffsetToFileName(kFileSize * 2)));
}

TEST(FilePreparationTest, PartialFileFillsInTheBackgroundAndSyncs) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/d").ok());
  auto file = MappedFile::CreatePartial(&env, "/d/f", 0, 3 * kChunk + 5);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ((*file)->prepared_end(), kChunk);
  const uint64_t syncs = env.sync_count();
  int steps = 0;
  for (Result<bool> done = false; !*done; ++steps) {
    ASSERT_LT(steps, 10);
    done = (*file)->PrepareMore();
    ASSERT_TRUE(done.ok()) << done.status().ToString();
  }
  EXPECT_EQ((*file)->prepared_end(), 3 * kChunk + 5);
  EXPECT_GT(env.sync_count(), syncs);
  // The writer asking for prepared bytes costs nothing more.
  EXPECT_TRUE((*file)->PrepareUpTo(3 * kChunk).ok());
  EXPECT_TRUE((*file)->Append("abc", 3));
}

}  // namespace
}  // namespace store
}  // namespace rocketmq
