#include "support/child_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace rocketmq {
namespace testing {
namespace {

using std::chrono::milliseconds;

TEST(ChildProcessTest, FindsListeningAddressAndStopsChild) {
  auto child = ChildProcess::Spawn(
      "/bin/sh", {"-c",
                  "echo starting; echo 'boot success. listening on 127.0.0.1:4321'; "
                  "echo oops >&2; exec sleep 30"});
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  auto addr = (*child)->WaitForListening(milliseconds(5000));
  ASSERT_TRUE(addr.ok()) << addr.status().ToString();
  EXPECT_EQ(*addr, "127.0.0.1:4321");
  auto line = (*child)->WaitForOutput("oops", ChildProcess::Stream::kStderr, milliseconds(5000));
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(*line, "oops");
  EXPECT_TRUE((*child)->Running());
  auto status = (*child)->Stop(milliseconds(2000));
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(*status, 128 + SIGTERM);
}

TEST(ChildProcessTest, KillsChildThatIgnoresSigterm) {
  auto child = ChildProcess::Spawn(
      "/bin/sh", {"-c", "trap '' TERM; echo listening on 127.0.0.1:1; while :; do sleep 1; done"});
  ASSERT_TRUE(child.ok());
  ASSERT_TRUE((*child)->WaitForListening(milliseconds(5000)).ok());
  auto status = (*child)->Stop(milliseconds(200));
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(*status, 128 + SIGKILL);
}

TEST(ChildProcessTest, ReportsExitCodeAndFullOutput) {
  auto child = ChildProcess::Spawn("/bin/sh", {"-c", "echo bad config >&2; exit 3"});
  ASSERT_TRUE(child.ok());
  auto status = (*child)->WaitForExit(milliseconds(5000));
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(*status, 3);
  EXPECT_EQ((*child)->StderrText(), "bad config\n");
  auto addr = (*child)->WaitForListening(milliseconds(100));
  EXPECT_EQ(addr.status().code(), ErrorCode::kIllegalState);
  EXPECT_NE(addr.status().message().find("bad config"), std::string::npos);
}

TEST(ChildProcessTest, TimesOutWithoutListeningLine) {
  auto child = ChildProcess::Spawn("/bin/sh", {"-c", "exec sleep 30"});
  ASSERT_TRUE(child.ok());
  auto addr = (*child)->WaitForListening(milliseconds(100));
  EXPECT_EQ(addr.status().code(), ErrorCode::kTimeout);
}

TEST(ChildProcessTest, MissingProgramIsAnError) {
  auto child = ChildProcess::Spawn("/no/such/program", {});
  ASSERT_FALSE(child.ok());
  EXPECT_NE(child.status().message().find("/no/such/program"), std::string::npos);
}

TEST(ChildProcessTest, PassesEnvironmentAndWorkingDirectory) {
  auto dir = TempDir::Create("rmq-child-test");
  ASSERT_TRUE(dir.ok());
  ChildProcessOptions options;
  options.env = {"RMQ_TEST_VALUE=42"};
  options.working_dir = dir->path();
  auto child = ChildProcess::Spawn("/bin/sh", {"-c", "echo $RMQ_TEST_VALUE; pwd"}, options);
  ASSERT_TRUE(child.ok());
  ASSERT_EQ(*(*child)->WaitForExit(milliseconds(5000)), 0);
  EXPECT_EQ((*child)->StdoutText(), "42\n" + dir->path() + "\n");
}

TEST(TempDirTest, RemovesTreeOnDestruction) {
  std::string path;
  {
    auto dir = TempDir::Create("rmq-tempdir-test");
    ASSERT_TRUE(dir.ok());
    path = dir->path();
    ASSERT_EQ(::mkdir(dir->File("sub").c_str(), 0755), 0);
    ASSERT_TRUE(WriteFile(dir->File("sub/file"), "x").ok());
    auto text = ReadFile(dir->File("sub/file"));
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text, "x");
    TempDir moved = std::move(*dir);
    EXPECT_EQ(moved.path(), path);
  }
  struct stat info {};
  EXPECT_NE(::stat(path.c_str(), &info), 0);
}

}  // namespace
}  // namespace testing
}  // namespace rocketmq
