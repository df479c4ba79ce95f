#include "acl/address_pattern.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace acl {
namespace {

bool Matches(const std::string& pattern, const std::string& address) {
  auto parsed = AddressPattern::Parse(pattern);
  EXPECT_TRUE(parsed.ok()) << pattern << ": " << parsed.status().ToString();
  return parsed.ok() && parsed->Matches(address);
}

TEST(AddressPatternTest, BlankMatchesNothingAndStarEverything) {
  EXPECT_FALSE(Matches("", "127.0.0.1"));
  EXPECT_TRUE(Matches("*", "10.1.2.3"));
  EXPECT_TRUE(Matches("*.*.*.*", "10.1.2.3"));
  EXPECT_TRUE(Matches("*:*:*:*:*:*:*:*", "::1"));
}

TEST(AddressPatternTest, OneAddress) {
  EXPECT_TRUE(Matches("192.168.0.1", "192.168.0.1"));
  EXPECT_FALSE(Matches("192.168.0.1", "192.168.0.10"));
  EXPECT_TRUE(Matches("::1", "0:0:0:0:0:0:0:1"));
}

TEST(AddressPatternTest, Lists) {
  EXPECT_TRUE(Matches("192.168.0.{1,2}", "192.168.0.2"));
  EXPECT_FALSE(Matches("192.168.0.{1,2}", "192.168.0.3"));
  EXPECT_TRUE(Matches("10.0.0.1,10.0.0.9", "10.0.0.9"));
  EXPECT_FALSE(Matches("10.0.0.1,10.0.0.9", "10.0.0.8"));
}

TEST(AddressPatternTest, Ranges) {
  EXPECT_TRUE(Matches("192.168.0.*", "192.168.0.77"));
  EXPECT_FALSE(Matches("192.168.0.*", "192.168.1.77"));
  EXPECT_TRUE(Matches("192.168.*.*", "192.168.9.1"));
  EXPECT_TRUE(Matches("192.168.1.1-10", "192.168.1.10"));
  EXPECT_FALSE(Matches("192.168.1.1-10", "192.168.1.11"));
  EXPECT_TRUE(Matches("10.1-20.*.*", "10.20.3.4"));
  EXPECT_FALSE(Matches("10.1-20.*.*", "10.21.3.4"));
  EXPECT_FALSE(Matches("192.168.0.*", "::1"));
}

TEST(AddressPatternTest, RefusesWhatApacheRefuses) {
  for (const char* bad : {"192.168.0", "300.1.1.1", "1.2.3.10-1", "1.2.3.-5", "1.2.{3,4}",
                          "1.2.3.{4,x}", "a.b.c.d", "1.2.3.1,bad"}) {
    EXPECT_FALSE(AddressPattern::Parse(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace acl
}  // namespace rocketmq
