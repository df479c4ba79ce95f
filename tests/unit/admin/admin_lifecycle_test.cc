// The Admin's contract without a cluster: calls before Start, a missing configuration, and a
// nameserver nobody listens on all fail with a Status naming the cause, promptly.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "rocketmq/admin.h"

namespace rocketmq {
namespace {

TEST(AdminLifecycleTest, CallsBeforeStartAreIllegalState) {
  AdminConfig config;
  config.namesrv_addr = "127.0.0.1:1";
  Admin admin(config);
  auto info = admin.GetClusterInfo();
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), ErrorCode::kIllegalState);
  EXPECT_EQ(admin.GetTopicRoute("T").status().code(), ErrorCode::kIllegalState);
  EXPECT_EQ(admin.ViewBrokerStatsData("127.0.0.1:1", "TOPIC_PUT_NUMS", "T").status().code(),
            ErrorCode::kIllegalState);
  EXPECT_TRUE(admin.Shutdown().ok());
}

TEST(AdminLifecycleTest, StartWithoutNameserverIsInvalidArgument) {
  unsetenv("NAMESRV_ADDR");
  Admin admin(AdminConfig{});
  Status started = admin.Start();
  EXPECT_EQ(started.code(), ErrorCode::kInvalidArgument) << started.ToString();
}

TEST(AdminLifecycleTest, StartRefusesABadTimeoutAndASecondStart) {
  AdminConfig config;
  config.namesrv_addr = "127.0.0.1:1";
  config.request_timeout_ms = 0;
  EXPECT_EQ(Admin(config).Start().code(), ErrorCode::kInvalidArgument);
  config.request_timeout_ms = 1000;
  Admin admin(config);
  ASSERT_TRUE(admin.Start().ok());
  EXPECT_EQ(admin.Start().code(), ErrorCode::kIllegalState);
  EXPECT_TRUE(admin.Shutdown().ok());
  EXPECT_TRUE(admin.Shutdown().ok());
}

TEST(AdminLifecycleTest, DeadNameserverFailsPromptlyWithItsAddress) {
  AdminConfig config;
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  config.namesrv_addr = "127.0.0.1:1";
  config.request_timeout_ms = 2000;
  Admin admin(config);
  ASSERT_TRUE(admin.Start().ok());
  const auto begin = std::chrono::steady_clock::now();
  auto topics = admin.ListTopics();
  ASSERT_FALSE(topics.ok());
  EXPECT_NE(topics.status().message().find("127.0.0.1:1"), std::string::npos)
      << topics.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
  EXPECT_TRUE(admin.Shutdown().ok());
}

TEST(AdminLifecycleTest, InvalidArgumentsAreRefusedBeforeAnyRequest) {
  AdminConfig config;
  config.namesrv_addr = "127.0.0.1:1";
  Admin admin(config);
  ASSERT_TRUE(admin.Start().ok());
  TopicSettings settings;
  EXPECT_EQ(admin.CreateOrUpdateTopic("127.0.0.1:1", settings).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin.QueryMessagesByKey("T", "k", 0).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin.UpdateBrokerConfig("127.0.0.1:1", {}).code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace rocketmq
