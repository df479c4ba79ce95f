#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "store/env.h"
#include "store/fault_injection_env.h"
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

// Apache's broker locks byte 0 of ${root}/lock with a classic fcntl lock (Java FileLock);
// the store must see that lock, held here by a child process.
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

}  // namespace
}  // namespace store
}  // namespace rocketmq
