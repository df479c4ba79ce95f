#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "store/fault_injection_env.h"
#include "store/file_allocator.h"
#include "store/mapped_file_queue.h"
#include "temp_dir.h"

namespace rocketmq {
namespace store {
namespace {

constexpr int64_t kFileSize = 4096;

TEST(MappedFileTest, NamesAreTwentyDigitOffsets) {
  EXPECT_EQ(OffsetToFileName(0), "00000000000000000000");
  EXPECT_EQ(OffsetToFileName(1073741824), "00000000001073741824");
  EXPECT_EQ(*FileNameToOffset("00000000002147483648"), 2147483648);
  EXPECT_FALSE(FileNameToOffset("0000000000214748364x").ok());
  EXPECT_FALSE(FileNameToOffset("123").ok());
}

TEST(MappedFileQueueTest, AppendsRollOverAndReload) {
  FaultInjectionEnv env;
  MappedFileQueue queue(&env, "/s/log", kFileSize);
  ASSERT_TRUE(queue.Load().ok());
  std::string chunk(1000, 'a');
  for (int i = 0; i < 10; ++i) {
    auto file = queue.Writable(0);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    if (!(*file)->Append(chunk.data(), chunk.size())) {
      (*file)->SetWrotePosition(static_cast<int32_t>(kFileSize));
      file = queue.Writable(0);
      ASSERT_TRUE(file.ok());
      ASSERT_TRUE((*file)->Append(chunk.data(), chunk.size()));
    }
  }
  EXPECT_EQ(queue.Files().size(), 3u);
  EXPECT_EQ(queue.MaxOffset(), 2 * kFileSize + 2000);
  EXPECT_EQ(queue.FindByOffset(kFileSize + 5)->file_from_offset(), kFileSize);
  EXPECT_EQ(queue.FindByOffset(3 * kFileSize), nullptr);
  ASSERT_TRUE(queue.Flush(0).ok());
  EXPECT_EQ(queue.flushed_where(), 2 * kFileSize + 2000);

  MappedFileQueue reloaded(&env, "/s/log", kFileSize);
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(reloaded.Files().size(), 3u);
  ASSERT_TRUE(reloaded.TruncateDirtyFiles(kFileSize + 10).ok());
  EXPECT_EQ(reloaded.Files().size(), 2u);
  EXPECT_EQ(reloaded.MaxOffset(), kFileSize + 10);
  // Bytes past the cut are zeroed so they can never be read back as data.
  auto contents = env.GetFileContents("/s/log/" + OffsetToFileName(kFileSize));
  EXPECT_EQ(contents->substr(0, 10), std::string(10, 'a'));
  EXPECT_EQ(contents->substr(10), std::string(kFileSize - 10, '\0'));
}

// Load lists the directory before creating it: a missing one (a new queue, a fresh store)
// is still created with its parents and takes a first write; a file in its place is refused.
TEST(MappedFileQueueTest, LoadCreatesAMissingDirectoryOnDisk) {
  TempDir dir;
  const std::string queue_dir = dir.path() + "/consumequeue/T/3";
  MappedFileQueue queue(Env::Posix(), queue_dir, kFileSize);
  ASSERT_TRUE(queue.Load().ok());
  struct stat st;
  ASSERT_EQ(stat(queue_dir.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_TRUE(queue.Files().empty());
  auto file = queue.Writable(0);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_TRUE((*file)->Append("x", 1));
  ASSERT_TRUE(queue.Flush(0).ok());

  MappedFileQueue reloaded(Env::Posix(), queue_dir, kFileSize);
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(reloaded.Files().size(), 1u);

  auto blocker = Env::Posix()->OpenFile(dir.path() + "/not-a-dir", true);
  ASSERT_TRUE(blocker.ok());
  MappedFileQueue on_a_file(Env::Posix(), dir.path() + "/not-a-dir", kFileSize);
  EXPECT_FALSE(on_a_file.Load().ok());
}

TEST(MappedFileQueueTest, FlushHonoursLeastPages) {
  FaultInjectionEnv env;
  MappedFileQueue queue(&env, "/s/log", 4 * kFileSize);
  ASSERT_TRUE(queue.Load().ok());
  auto file = queue.Writable(0);
  ASSERT_TRUE(file.ok());
  std::string page(4096, 'p');
  ASSERT_TRUE((*file)->Append(page.data(), page.size()));
  ASSERT_TRUE(queue.Flush(2).ok());
  EXPECT_EQ(queue.flushed_where(), 0);
  ASSERT_TRUE((*file)->Append(page.data(), page.size()));
  ASSERT_TRUE(queue.Flush(2).ok());
  EXPECT_EQ(queue.flushed_where(), 8192);
}

TEST(MappedFileQueueTest, LoadRejectsGapsAndDropsTornPreallocation) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s/log").ok());
  for (int64_t offset : {int64_t{0}, kFileSize}) {
    auto f = env.OpenFile("/s/log/" + OffsetToFileName(offset), true);
    ASSERT_TRUE((*f)->Truncate(kFileSize).ok());
  }
  // The newest file never got its full size: a crash during preallocation.
  auto torn = env.OpenFile("/s/log/" + OffsetToFileName(2 * kFileSize), true);
  ASSERT_TRUE((*torn)->Truncate(100).ok());
  MappedFileQueue queue(&env, "/s/log", kFileSize);
  ASSERT_TRUE(queue.Load().ok());
  EXPECT_EQ(queue.Files().size(), 2u);
  EXPECT_FALSE(env.FileExists("/s/log/" + OffsetToFileName(2 * kFileSize)));

  // A gap followed by data: a real loss, refused.
  ASSERT_TRUE(env.DeleteFile("/s/log/" + OffsetToFileName(0)).ok());
  auto later = env.OpenFile("/s/log/" + OffsetToFileName(3 * kFileSize), true);
  ASSERT_TRUE((*later)->Truncate(kFileSize).ok());
  ASSERT_TRUE((*later)->Write(0, "\x01\x02", 2).ok());
  MappedFileQueue gappy(&env, "/s/log", kFileSize);
  Status s = gappy.Load();
  EXPECT_EQ(s.code(), ErrorCode::kCorruption);
  EXPECT_NE(s.message().find("missing"), std::string::npos) << s.ToString();
}

// A process killed after the allocator made the next file but before the writer made the one
// in between leaves a never-written file after a gap: dropped, the store loads.
TEST(MappedFileQueueTest, LoadDropsNeverWrittenFilesAfterAGap) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s/log").ok());
  auto first = env.OpenFile("/s/log/" + OffsetToFileName(0), true);
  ASSERT_TRUE((*first)->Truncate(kFileSize).ok());
  ASSERT_TRUE((*first)->Write(0, "data", 4).ok());
  for (int64_t offset : {2 * kFileSize, 3 * kFileSize}) {
    auto f = env.OpenFile("/s/log/" + OffsetToFileName(offset), true);
    ASSERT_TRUE((*f)->Truncate(kFileSize).ok());
  }
  MappedFileQueue queue(&env, "/s/log", kFileSize);
  Status s = queue.Load();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(queue.Files().size(), 1u);
  EXPECT_FALSE(env.FileExists("/s/log/" + OffsetToFileName(2 * kFileSize)));
  EXPECT_FALSE(env.FileExists("/s/log/" + OffsetToFileName(3 * kFileSize)));
}

TEST(MappedFileQueueTest, AllocatorPreparesTheNextFileOnDisk) {
  for (bool write_zeros : {false, true}) {
    SCOPED_TRACE(write_zeros ? "zeros written" : "blocks reserved");
    TempDir dir;
    FileAllocator allocator(Env::Posix(), write_zeros);
    allocator.Start();
    MappedFileQueue queue(Env::Posix(), dir.path() + "/log", kFileSize, &allocator);
    ASSERT_TRUE(queue.Load().ok());
    auto first = queue.Writable(0);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    (*first)->SetWrotePosition(static_cast<int32_t>(kFileSize));
    auto second = queue.Writable(0);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ((*second)->file_from_offset(), kFileSize);
    // Blocks are there either way: a full disk cannot meet a store into the file later.
    struct stat st;
    ASSERT_EQ(stat((*second)->path().c_str(), &st), 0);
    EXPECT_GE(static_cast<int64_t>(st.st_blocks) * 512, kFileSize);
    allocator.Stop();
    // The file prepared after the second was never used and is removed at stop.
    EXPECT_FALSE(Env::Posix()->FileExists(dir.path() + "/log/" + OffsetToFileName(2 * kFileSize)));
    EXPECT_TRUE(Env::Posix()->FileExists(dir.path() + "/log/" + OffsetToFileName(kFileSize)));
  }
}

TEST(MappedFileQueueTest, StagedBytesAreWrittenAndPublishedByCommit) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/d").ok());
  auto file =
      MappedFile::Create(&env, "/d/f", 0, 64, MappedFile::Preallocation::kReserveBlocksSequential);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const std::string a = "first-", b = "second";
  ASSERT_TRUE((*file)->Stage(a));
  ASSERT_TRUE((*file)->Stage(b));
  EXPECT_EQ((*file)->staged_end(), 12);
  EXPECT_EQ((*file)->RemainingBytes(), 52);
  EXPECT_EQ((*file)->wrote_position(), 0);  // readers see nothing yet
  EXPECT_FALSE((*file)->Stage(std::string(53, 'x')));
  ASSERT_TRUE((*file)->Commit().ok());
  EXPECT_EQ((*file)->wrote_position(), 12);
  EXPECT_EQ(std::string((*file)->data(), 12), "first-second");  // the mapping sees the file

  env.SetWriteError(true);
  ASSERT_TRUE((*file)->Stage(a));
  EXPECT_FALSE((*file)->Commit().ok());
  EXPECT_EQ((*file)->wrote_position(), 12);
  EXPECT_EQ((*file)->staged_end(), 12);
}

// Truncation reads only what the file system holds data for, and still finds every stale
// byte: written through the file, through the mapping, synced or not.
TEST(MappedFileQueueTest, TruncateFindsDataInReservedFilesOnDisk) {
  TempDir dir;
  constexpr int64_t kSize = 8 << 20;
  auto file = MappedFile::Create(Env::Posix(), dir.path() + "/f", 0, kSize,
                                 MappedFile::Preallocation::kReserveBlocksSequential);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_TRUE((*file)->Stage("kept"));
  ASSERT_TRUE((*file)->Commit().ok());
  const std::string stale = "stale";
  const std::string written(3 << 20, 'w');  // staged bytes must outlive the Commit()
  ASSERT_TRUE((*file)->Stage(written));
  ASSERT_TRUE((*file)->Commit().ok());
  ASSERT_TRUE((*file)->SyncAll().ok());
  std::memcpy((*file)->data() + (6 << 20) + 5, stale.data(), stale.size());  // not synced
  ASSERT_TRUE((*file)->TruncateTo(4).ok());
  EXPECT_EQ(std::string((*file)->data(), 4), "kept");
  const char* p = (*file)->data();
  EXPECT_EQ(std::find_if(p + 4, p + kSize, [](char c) { return c != 0; }), p + kSize);
}

// A page cached by read-ahead counts as data in a reserved block, so a truncation whose reads
// read ahead walked on through the whole rest of the file (seconds for a 1 GiB CommitLog
// after a crash): its faults read no page around them.
TEST(MappedFileQueueTest, TruncateReadsNoPagesAheadOfTheData) {
  TempDir dir;
  constexpr int64_t kSize = 64 << 20;
  auto file = MappedFile::Create(Env::Posix(), dir.path() + "/f", 0, kSize,
                                 MappedFile::Preallocation::kReserveBlocksSequential);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const std::string written(1 << 20, 'w');
  ASSERT_TRUE((*file)->Stage(written));
  ASSERT_TRUE((*file)->Commit().ok());
  ASSERT_TRUE((*file)->SyncAll().ok());
  // As a reader of the log leaves it: pages cached by read-ahead, some marked to read further.
  const int fd = open((*file)->path().c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0);
  close(fd);
  volatile char first = (*file)->data()[0];
  (void)first;

  ASSERT_TRUE((*file)->TruncateTo(4).ok());
  const char* p = (*file)->data();
  EXPECT_EQ(std::find_if(p + 4, p + (1 << 20), [](char c) { return c != 0; }), p + (1 << 20));
  // The last quarter of the file lies beyond any read-around of the first page.
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t tail = static_cast<size_t>(kSize / 4);
  std::vector<unsigned char> resident(tail / page);
  ASSERT_EQ(mincore(const_cast<char*>(p) + kSize - tail, tail, resident.data()), 0);
  EXPECT_EQ(std::count_if(resident.begin(), resident.end(), [](unsigned char r) { return r & 1; }),
            0);
}

TEST(MappedFileQueueTest, PreallocationReportsAFullDisk) {
  FaultInjectionEnv env;
  MappedFileQueue queue(&env, "/s/log", kFileSize);
  ASSERT_TRUE(queue.Load().ok());
  env.SetDiskFull(true);
  auto file = queue.Writable(0);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), ErrorCode::kResourceExhausted);
  EXPECT_TRUE(queue.Empty());
}

TEST(MappedFileQueueTest, DeleteFromFrontKeepsTheLastFile) {
  FaultInjectionEnv env;
  MappedFileQueue queue(&env, "/s/log", kFileSize);
  ASSERT_TRUE(queue.Load().ok());
  for (int i = 0; i < 3; ++i) {
    auto file = queue.Writable(0);
    ASSERT_TRUE(file.ok());
    (*file)->SetWrotePosition(static_cast<int32_t>(kFileSize));
  }
  int deleted = queue.DeleteFromFront([](MappedFile&, MappedFile&) { return true; }, 10);
  EXPECT_EQ(deleted, 2);
  EXPECT_EQ(queue.MinOffset(), 2 * kFileSize);
}

}  // namespace
}  // namespace store
}  // namespace rocketmq
