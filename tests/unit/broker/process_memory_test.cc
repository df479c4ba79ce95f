#include "broker/process_memory.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace broker {
namespace {

constexpr char kRollup[] =
    "55c126ff5000-7fffe1ce9000 ---p 00000000 00:00 0                          [rollup]\n"
    "Rss:              204800 kB\n"
    "Pss:              150000 kB\n"
    "Pss_Anon:          40000 kB\n"
    "Private_Dirty:    180000 kB\n"
    "Anonymous:         40960 kB\n"
    "AnonHugePages:         0 kB\n"
    "Swap:                 12 kB\n"
    "SwapPss:              12 kB\n";

TEST(ProcessMemoryTest, SmapsRollupSplitsAnonymousFromFileBacked) {
  auto memory = ParseSmapsRollup(kRollup);
  ASSERT_TRUE(memory.ok()) << memory.status().ToString();
  EXPECT_EQ(memory->resident_bytes, 204800 * 1024LL);
  // "Anonymous" is matched whole, not as the prefix of AnonHugePages.
  EXPECT_EQ(memory->anonymous_bytes, 40960 * 1024LL);
  EXPECT_EQ(memory->file_backed_bytes, (204800 - 40960) * 1024LL);
  EXPECT_EQ(memory->swap_bytes, 12 * 1024LL);
}

TEST(ProcessMemoryTest, IncompleteOrGarbledTextIsRefused) {
  EXPECT_FALSE(ParseSmapsRollup("").ok());
  EXPECT_FALSE(ParseSmapsRollup("Rss: 10 kB\n").ok());
  EXPECT_FALSE(ParseSmapsRollup("Rss: 10 kB\nAnonymous: x kB\n").ok());
  EXPECT_FALSE(ParseSmapsRollup("Rss: 99999999999999999999 kB\nAnonymous: 1 kB\n").ok());
  EXPECT_FALSE(ParseStatm("", 4096).ok());
  EXPECT_FALSE(ParseStatm("1 -2 3", 4096).ok());
}

TEST(ProcessMemoryTest, StatmSharedPagesStandForFileBacked) {
  auto memory = ParseStatm("5000 300 100 10 0 200 0\n", 4096);
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ(memory->resident_bytes, 300 * 4096);
  EXPECT_EQ(memory->file_backed_bytes, 100 * 4096);
  EXPECT_EQ(memory->anonymous_bytes, 200 * 4096);
}

TEST(ProcessMemoryTest, ThisProcessHasBothKinds) {
  auto memory = ReadProcessMemory();
  ASSERT_TRUE(memory.ok()) << memory.status().ToString();
  EXPECT_GT(memory->anonymous_bytes, 0);
  EXPECT_GT(memory->file_backed_bytes, 0);  // at least the test program's own code
  EXPECT_EQ(memory->resident_bytes, memory->anonymous_bytes + memory->file_backed_bytes);
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
