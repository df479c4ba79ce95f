#include "protocol/host_address.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace protocol {
namespace {

TEST(HostAddressTest, ParsesAndPrintsIpv4AndIpv6) {
  Result<HostAddress> v4 = HostAddress::Parse("10.0.0.1:10911");
  ASSERT_TRUE(v4.ok());
  EXPECT_FALSE(v4->ipv6);
  EXPECT_EQ(v4->port, 10911);
  EXPECT_EQ(*v4, HostAddress::V4(0x0A000001, 10911));
  EXPECT_EQ(v4->ToString(), "10.0.0.1:10911");
  EXPECT_EQ(v4->encoded_length(), 8u);

  Result<HostAddress> v6 = HostAddress::Parse("[2001:db8::1]:9876");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(v6->ipv6);
  EXPECT_EQ(v6->ToString(), "[2001:db8::1]:9876");
  EXPECT_EQ(v6->encoded_length(), 20u);
  Result<HostAddress> bare = HostAddress::Parse("2001:db8::1:9876");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->port, 9876);
}

TEST(HostAddressTest, RejectsMalformed) {
  for (const char* bad : {"", "10.0.0.1", "10.0.0.1:", ":80", "10.0.0.1:99999", "host:80",
                          "10.0.0.1:8x", "1.2.3:80"}) {
    Result<HostAddress> r = HostAddress::Parse(bad);
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
