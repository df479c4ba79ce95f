#include "broker/schedule/delay_level_table.h"

#include <gtest/gtest.h>

#include <string>

namespace rocketmq {
namespace broker {
namespace schedule {
namespace {

TEST(DelayLevelTableTest, ApacheDefault) {
  auto table = DelayLevelTable::Parse(kDefaultMessageDelayLevel);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->max_level(), 18);
  const int64_t expected_seconds[] = {1,   5,   10,  30,  60,  120,  180,  240,  300,
                                      360, 420, 480, 540, 600, 1200, 1800, 3600, 7200};
  for (int32_t level = 1; level <= 18; ++level) {
    EXPECT_EQ(table->DelayMillis(level), expected_seconds[level - 1] * 1000) << level;
  }
}

TEST(DelayLevelTableTest, EveryUnit) {
  auto table = DelayLevelTable::Parse("0s 2s 3m 4h 5d");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->max_level(), 5);
  EXPECT_EQ(table->DelayMillis(1), 0);
  EXPECT_EQ(table->DelayMillis(2), 2000);
  EXPECT_EQ(table->DelayMillis(3), 3 * 60 * 1000);
  EXPECT_EQ(table->DelayMillis(4), 4LL * 3600 * 1000);
  EXPECT_EQ(table->DelayMillis(5), 5LL * 24 * 3600 * 1000);
}

TEST(DelayLevelTableTest, ExtraSpacesAreTolerated) {
  auto table = DelayLevelTable::Parse(" 1s  2s ");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->max_level(), 2);
  EXPECT_EQ(table->DelayMillis(2), 2000);
}

TEST(DelayLevelTableTest, MalformedValuesNameTheEntry) {
  struct Case {
    const char* text;
    const char* mentions;
  };
  const Case cases[] = {
      {"", "no delay level"},
      {"   ", "no delay level"},
      {"1s 5x", "'5x' (level 2)"},
      {"1s s", "'s' (level 2)"},
      {"-1s", "'-1s' (level 1)"},
      {"1.5s", "'1.5s' (level 1)"},
      {"10", "'10' (level 1)"},
      {"1S", "'1S' (level 1)"},
      {"99999999999999999999d", "too long"},
      {"106751991167301d", "too long"},
  };
  for (const Case& c : cases) {
    auto table = DelayLevelTable::Parse(c.text);
    ASSERT_FALSE(table.ok()) << c.text;
    EXPECT_EQ(table.status().code(), ErrorCode::kInvalidArgument) << c.text;
    EXPECT_NE(table.status().message().find(c.mentions), std::string::npos)
        << c.text << ": " << table.status().message();
  }
}

TEST(DelayLevelTableTest, DeliverTimestamp) {
  auto table = DelayLevelTable::Parse("1s 5s");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->DeliverTimestamp(1, 1000000), 1001000);
  EXPECT_EQ(table->DeliverTimestamp(2, 1000000), 1005000);
  // Apache's computeDeliverTimestamp: a level it does not know waits one second.
  EXPECT_EQ(table->DeliverTimestamp(3, 1000000), 1001000);
  EXPECT_EQ(table->DeliverTimestamp(0, 1000000), 1001000);
  EXPECT_EQ(table->DelayMillis(0), 0);
  EXPECT_EQ(table->DelayMillis(3), 0);
}

TEST(DelayLevelTableTest, QueueOfLevel) {
  EXPECT_EQ(DelayLevelTable::QueueIdOf(1), 0);
  EXPECT_EQ(DelayLevelTable::QueueIdOf(18), 17);
  EXPECT_EQ(DelayLevelTable::LevelOf(0), 1);
  EXPECT_EQ(DelayLevelTable::LevelOf(17), 18);
}

}  // namespace
}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq
