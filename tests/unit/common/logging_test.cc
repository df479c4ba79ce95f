#include "common/logging.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace rocketmq {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// First in this binary, before any test changes the process-wide level.
TEST(LoggingTest, SdkDefaultIsWarn) { EXPECT_EQ(GetLogLevel(), LogLevel::kWarn); }

TEST(LoggingTest, WithAFileWarningsAlsoReachStderrAndTheRestOnlyTheFile) {
  char path[] = "/tmp/rmq-log-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  const LogLevel saved = GetLogLevel();
  SetLogLevel(LogLevel::kInfo);
  ASSERT_TRUE(SetLogFile(path).ok());
  testing::internal::CaptureStderr();
  RMQ_LOG_INFO << "detail for the file";
  RMQ_LOG_WARN << "problem for both";
  const std::string on_stderr = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(SetLogFile("").ok());
  SetLogLevel(saved);
  const std::string in_file = ReadFile(path);
  unlink(path);

  EXPECT_NE(in_file.find("detail for the file"), std::string::npos);
  EXPECT_NE(in_file.find("problem for both"), std::string::npos);
  EXPECT_EQ(on_stderr.find("detail for the file"), std::string::npos);
  EXPECT_NE(on_stderr.find("problem for both"), std::string::npos);
}

TEST(LoggingTest, WritesEnabledLevelsOnlyAndDoesNotEvaluateDisabledOnes) {
  char path[] = "/tmp/rmq-log-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  ASSERT_TRUE(logging::SetFile(path).ok());
  const LogLevel saved = logging::Level();
  logging::SetLevel(LogLevel::kWarn);

  int evaluated = 0;
  auto count = [&] { return ++evaluated; };
  RMQ_LOG_INFO << "hidden " << count();
  RMQ_LOG_WARN << "shown " << count();
  RMQ_LOG_ERROR << "also shown";

  logging::SetLevel(saved);
  ASSERT_TRUE(logging::SetFile("").ok());
  const std::string text = ReadFile(path);
  unlink(path);

  EXPECT_EQ(evaluated, 1);
  EXPECT_EQ(text.find("hidden"), std::string::npos);
  EXPECT_NE(text.find("WARN  ["), std::string::npos);
  EXPECT_NE(text.find("logging_test.cc:"), std::string::npos);
  EXPECT_NE(text.find("shown 1"), std::string::npos);
  EXPECT_NE(text.find("ERROR ["), std::string::npos);
}

TEST(LoggingTest, ParsesLevelNames) {
  EXPECT_EQ(*ParseLogLevel("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogLevel("warning"), LogLevel::kWarn);
  auto bad = ParseLogLevel("loud");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'loud'"), std::string::npos);
}

TEST(LoggingTest, UnwritableFileIsReported) {
  Status s = logging::SetFile("/nonexistent-dir/x.log");
  EXPECT_EQ(s.code(), ErrorCode::kIoError);
  EXPECT_NE(s.message().find("/nonexistent-dir/x.log"), std::string::npos);
}

}  // namespace
}  // namespace rocketmq
