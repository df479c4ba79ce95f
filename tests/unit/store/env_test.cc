#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/env.h"
#include "store/fault_injection_env.h"
#include "store/mapped_file.h"
#include "temp_dir.h"

namespace rocketmq {
namespace store {
namespace {

void ExerciseEnv(Env* env, const std::string& root) {
  ASSERT_TRUE(env->CreateDirs(root + "/a/b").ok());
  auto file = env->OpenFile(root + "/a/b/f", true);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_TRUE((*file)->Write(0, "hello", 5).ok());
  ASSERT_TRUE((*file)->Truncate(8192).ok());
  auto region = (*file)->Map(8192);
  ASSERT_TRUE(region.ok()) << region.status().ToString();
  std::memcpy((*region)->data() + 4096, "mapped", 6);
  ASSERT_TRUE((*file)->Sync().ok());
  char buf[6];
  auto n = (*file)->Read(4096, buf, 6);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, 6), "mapped");
  auto names = env->ListDir(root + "/a");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, std::vector<std::string>{"b"});
  EXPECT_TRUE(env->FileExists(root + "/a/b/f"));
  auto lock = env->LockFile(root + "/lock");
  ASSERT_TRUE(lock.ok());
  auto second = env->LockFile(root + "/lock");
  EXPECT_EQ(second.status().code(), ErrorCode::kIllegalState);
  region->reset();
  ASSERT_TRUE(env->DeleteFile(root + "/a/b/f").ok());
  EXPECT_FALSE(env->FileExists(root + "/a/b/f"));
  EXPECT_EQ(env->OpenFile(root + "/a/b/f", false).status().code(), ErrorCode::kNotFound);
  auto usage = env->GetDiskUsage(root);
  ASSERT_TRUE(usage.ok());
  EXPECT_GT(usage->total_bytes, 0u);
}

TEST(EnvTest, PosixBasics) {
  TempDir dir;
  ExerciseEnv(Env::Posix(), dir.path());
}

// An existing directory is taken as is; a missing one below it is still created, and a file
// where a directory belongs is still refused.
TEST(EnvTest, PosixCreateDirsKeepsExistingAndRefusesAFile) {
  TempDir dir;
  Env* env = Env::Posix();
  const std::string queue = dir.path() + "/consumequeue/T/0";
  ASSERT_TRUE(env->CreateDirs(queue).ok());
  auto file = env->OpenFile(queue + "/00000000000000000000", true);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_TRUE(env->CreateDirs(queue).ok());
  EXPECT_TRUE(env->FileExists(queue + "/00000000000000000000"));
  ASSERT_TRUE(env->CreateDirs(queue + "/x/y").ok());
  auto names = env->ListDir(queue + "/x");
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(*names, std::vector<std::string>{"y"});
  EXPECT_FALSE(env->CreateDirs(queue + "/00000000000000000000").ok());
  EXPECT_FALSE(env->CreateDirs(queue + "/00000000000000000000/z").ok());
}

// Apache's broker locks byte 0 of ${root}/lock with a classic fcntl lock (Java FileLock);
// the store must see that lock, held here by a child process.
// More pieces than one pwritev takes, some empty: all land back to back, in order.
TEST(EnvTest, PosixWriteGatherWritesEveryPiece) {
  TempDir dir;
  auto file = Env::Posix()->OpenFile(dir.path() + "/g", true);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  std::vector<std::string> owned;
  std::string expected;
  for (int i = 0; i < 3000; ++i) {
    owned.push_back(i % 7 == 0 ? std::string() : std::to_string(i) + ",");
    expected += owned.back();
  }
  std::vector<std::string_view> pieces(owned.begin(), owned.end());
  ASSERT_TRUE((*file)->WriteGather(5, pieces.data(), pieces.size()).ok());
  std::string back(expected.size(), '?');
  auto n = (*file)->Read(5, back.data(), back.size());
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, expected.size());
  EXPECT_EQ(back, expected);
}

TEST(EnvTest, PosixLockExcludesAJavaStyleLockHolder) {
  TempDir dir;
  const std::string path = dir.path() + "/lock";
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int fd = open(path.c_str(), O_RDWR | O_CREAT, 0644);
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_len = 1;
    if (fd < 0 || fcntl(fd, F_SETLK, &lock) != 0) _exit(1);
    if (write(ready[1], "L", 1) != 1) _exit(1);
    pause();
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  auto held = Env::Posix()->LockFile(path);
  EXPECT_EQ(held.status().code(), ErrorCode::kIllegalState) << held.status().ToString();
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  close(ready[0]);
  close(ready[1]);
  auto free_now = Env::Posix()->LockFile(path);
  EXPECT_TRUE(free_now.ok()) << free_now.status().ToString();
}

TEST(EnvTest, FaultInjectionBasics) {
  FaultInjectionEnv env;
  ExerciseEnv(&env, "/store");
}

TEST(FaultInjectionEnvTest, CrashKeepsOnlySyncedBytes) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s").ok());
  auto file = env.OpenFile("/s/f", true);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Write(0, "durable", 7).ok());
  ASSERT_TRUE((*file)->Sync().ok());
  ASSERT_TRUE((*file)->Write(7, "-lost", 5).ok());
  env.Crash();
  EXPECT_EQ(*env.GetFileContents("/s/f"), "durable");
  // The dead process's handle has no effect any more.
  ASSERT_TRUE((*file)->Write(0, "XXXXXXX", 7).ok());
  ASSERT_TRUE((*file)->Sync().ok());
  EXPECT_EQ(*env.GetFileContents("/s/f"), "durable");
}

TEST(FaultInjectionEnvTest, InjectedFailures) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s").ok());
  auto file = env.OpenFile("/s/f", true);
  ASSERT_TRUE(file.ok());
  env.SetSyncError(true);
  EXPECT_EQ((*file)->Sync().code(), ErrorCode::kIoError);
  env.SetSyncError(false);
  env.SetDiskFull(true);
  EXPECT_EQ((*file)->Write(0, "x", 1).code(), ErrorCode::kResourceExhausted);
  EXPECT_DOUBLE_EQ(env.GetDiskUsage("/s")->UsedRatio(), 1.0);
  env.SetDiskFull(false);
  env.SetWriteError(true);
  EXPECT_EQ((*file)->Write(0, "x", 1).code(), ErrorCode::kIoError);
}

// ConsumeQueue and index files reserve their blocks instead of writing zeros: all of the
// file is allocated on disk (a full disk fails here, not in a store through the mapping)
// and reads as zeros.
TEST(EnvTest, PosixReservedStoreFileIsAllocatedAndReadsAsZeros) {
  TempDir dir;
  const std::string path = dir.path() + "/00000000000000000000";
  constexpr int64_t kSize = 4 << 20;
  auto file =
      MappedFile::Create(Env::Posix(), path, 0, kSize, MappedFile::Preallocation::kReserveBlocks);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, kSize);
  EXPECT_GE(static_cast<int64_t>(st.st_blocks) * 512, kSize);
  const char* data = (*file)->data();
  EXPECT_TRUE(std::all_of(data, data + kSize, [](char c) { return c == 0; }));
  ASSERT_TRUE((*file)->Append("entry", 5));
  EXPECT_EQ(std::string((*file)->data(), 5), "entry");
}

// Where blocks cannot be reserved (this Env cannot), the file gets its zeros written.
TEST(EnvTest, ReservingFallsBackToWritingZeros) {
  FaultInjectionEnv env;
  std::mutex mu;
  int64_t zero_bytes_written = 0;
  env.SetWriteHook([&](const std::string&, uint64_t, size_t n) {
    std::lock_guard<std::mutex> lock(mu);
    zero_bytes_written += static_cast<int64_t>(n);
  });
  ASSERT_TRUE(env.CreateDirs("/store").ok());
  constexpr int64_t kSize = 3 << 20;
  auto file = MappedFile::Create(&env, "/store/00000000000000000000", 0, kSize,
                                 MappedFile::Preallocation::kReserveBlocks);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(zero_bytes_written, kSize);
}

}  // namespace
}  // namespace store
}  // namespace rocketmq
