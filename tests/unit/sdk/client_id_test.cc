#include "client/client_id.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace client {
namespace {

TEST(ClientIdTest, BuildsJavaShapedIds) {
  EXPECT_EQ(BuildClientId("10.0.0.5", "inst", ""), "10.0.0.5@inst");
  EXPECT_EQ(BuildClientId("10.0.0.5", "inst", "unit"), "10.0.0.5@inst@unit");
}

TEST(ClientIdTest, DefaultInstanceNameBecomesUniquePerClient) {
  EXPECT_EQ(ResolveInstanceName("mine"), "mine");
  const std::string a = ResolveInstanceName("DEFAULT");
  const std::string b = ResolveInstanceName("DEFAULT");
  EXPECT_NE(a, "DEFAULT");
  EXPECT_NE(a.find('#'), std::string::npos);
  EXPECT_NE(a, b);
}

TEST(ClientIdTest, LocalIpIsNeverEmpty) { EXPECT_FALSE(LocalIpAddress().empty()); }

}  // namespace
}  // namespace client
}  // namespace rocketmq
