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
