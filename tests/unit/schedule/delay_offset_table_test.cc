#include "broker/schedule/delay_offset_table.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "support/temp_dir.h"

namespace rocketmq {
namespace broker {
namespace schedule {
namespace {

// What Apache 4.9.7's ScheduleMessageService.persist() writes (ConfigManager.encode(true),
// fastjson 1.2.69 PrettyFormat), captured from its jars for the same tables.
constexpr char kApacheFile[] = "{\n\t\"offsetTable\":{1:0,2:17,3:5,10:123456789012\n\t}\n}";
constexpr char kApacheEmptyFile[] = "{\n\t\"offsetTable\":{}\n}";

TEST(DelayOffsetTableTest, EncodesAsApacheWritesDelayOffsetJson) {
  DelayOffsetTable table;
  EXPECT_EQ(table.Encode(), kApacheEmptyFile);
  table.Set(10, 123456789012);
  table.Set(2, 17);
  table.Set(1, 0);
  table.Set(3, 5);
  EXPECT_EQ(table.Encode(), kApacheFile);
}

TEST(DelayOffsetTableTest, ReadsApacheAndStandardForms) {
  DelayOffsetTable table;
  ASSERT_TRUE(table.Decode(kApacheFile).ok());
  EXPECT_EQ(table.Snapshot(),
            (std::map<int32_t, int64_t>{{1, 0}, {2, 17}, {3, 5}, {10, 123456789012}}));
  // Compact, quoted keys and dev's extra dataVersion member.
  ASSERT_TRUE(table
                  .Decode("{\"dataVersion\":{\"counter\":3,\"timestamp\":1},"
                          "\"offsetTable\":{\"4\":9,5:\"11\"}}")
                  .ok());
  EXPECT_EQ(table.Snapshot(), (std::map<int32_t, int64_t>{{4, 9}, {5, 11}}));
  EXPECT_EQ(table.Get(4), 9);
  EXPECT_FALSE(table.Get(1).has_value());
  ASSERT_TRUE(table.Decode("{}").ok());
  EXPECT_TRUE(table.Snapshot().empty());
}

TEST(DelayOffsetTableTest, BadContentIsAnErrorAndKeepsTheTable) {
  DelayOffsetTable table;
  table.Set(1, 7);
  for (const char* bad :
       {"", "not json", "[1]", "{\"offsetTable\":[1]}", "{\"offsetTable\":{\"x\":1}}",
        "{\"offsetTable\":{0:1}}", "{\"offsetTable\":{1:-1}}", "{\"offsetTable\":{1:\"many\"}}"}) {
    Status s = table.Decode(bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.code(), ErrorCode::kCorruption) << bad << ": " << s.ToString();
  }
  EXPECT_EQ(table.Snapshot(), (std::map<int32_t, int64_t>{{1, 7}}));
}

TEST(DelayOffsetTableTest, PersistsAndLoadsTheFile) {
  auto dir = testing::TempDir::Create("rmq-delay-offsets");
  ASSERT_TRUE(dir.ok());
  const std::string path = dir->File("delayOffset.json");
  {
    DelayOffsetTable fresh(path);
    // A fresh store has no file yet.
    ASSERT_TRUE(fresh.Load().ok());
    EXPECT_TRUE(fresh.Snapshot().empty());
    fresh.Set(2, 17);
    fresh.Set(1, 3);
    ASSERT_TRUE(fresh.Persist().ok());
  }
  auto content = testing::ReadFile(path);
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(*content, "{\n\t\"offsetTable\":{1:3,2:17\n\t}\n}");

  DelayOffsetTable loaded(path);
  ASSERT_TRUE(loaded.Load().ok());
  EXPECT_EQ(loaded.Snapshot(), (std::map<int32_t, int64_t>{{1, 3}, {2, 17}}));

  // A damaged file falls back to the previous version kept as .bak.
  loaded.Set(1, 4);
  ASSERT_TRUE(loaded.Persist().ok());
  ASSERT_TRUE(testing::WriteFile(path, "{\"offsetTable\":{").ok());
  DelayOffsetTable recovered(path);
  ASSERT_TRUE(recovered.Load().ok());
  EXPECT_EQ(recovered.Get(1), 3);

  ASSERT_TRUE(testing::WriteFile(path + ".bak", "garbage").ok());
  DelayOffsetTable broken(path);
  Status s = broken.Load();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("delayOffset.json"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq
