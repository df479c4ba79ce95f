#include "client/namesrv_selector.h"

#include <gtest/gtest.h>

#include <set>

namespace rocketmq {
namespace client {
namespace {

TEST(NamesrvSelectorTest, ParsesAddressLists) {
  auto list = NamesrvSelector::ParseAddresses(" 10.0.0.1:9876 ; 10.0.0.2:9876;10.0.0.1:9876;");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(*list, (std::vector<std::string>{"10.0.0.1:9876", "10.0.0.2:9876"}));
  EXPECT_FALSE(NamesrvSelector::ParseAddresses("").ok());
  EXPECT_FALSE(NamesrvSelector::ParseAddresses(";;").ok());
  EXPECT_FALSE(NamesrvSelector::ParseAddresses("host").ok());
  EXPECT_FALSE(NamesrvSelector::ParseAddresses(":9876").ok());
  EXPECT_FALSE(NamesrvSelector::ParseAddresses("h:0").ok());
  EXPECT_FALSE(NamesrvSelector::ParseAddresses("h:port").ok());
}

TEST(NamesrvSelectorTest, RotatesOnFailureOfTheCurrentAddressOnly) {
  NamesrvSelector selector({"a:1", "b:2", "c:3"}, 1);
  EXPECT_EQ(selector.Current(), "b:2");
  selector.ReportFailure("a:1");  // stale report: not the current one
  EXPECT_EQ(selector.Current(), "b:2");
  selector.ReportFailure("b:2");
  EXPECT_EQ(selector.Current(), "c:3");
  selector.ReportFailure("c:3");
  EXPECT_EQ(selector.Current(), "a:1");
}

TEST(NamesrvSelectorTest, RandomStartCoversEveryAddress) {
  std::set<std::string> starts;
  for (int i = 0; i < 200 && starts.size() < 3; ++i) {
    auto selector = NamesrvSelector::Create("a:1;b:2;c:3");
    ASSERT_TRUE(selector.ok());
    starts.insert(selector->Current());
  }
  EXPECT_EQ(starts.size(), 3u);
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
