#include "protocol/message_id.h"

#include <gtest/gtest.h>

#include <ctime>

namespace rocketmq {
namespace protocol {
namespace {

TEST(OffsetMessageIdTest, GoldenIpv4) {
  // protocol.md §7.1: 10.0.0.1:10911, offset 1234.
  const HostAddress host = HostAddress::V4(0x0A000001, 10911);
  EXPECT_EQ(EncodeOffsetMessageId(host, 1234), "0A00000100002A9F00000000000004D2");
  std::string joined = "X,";
  AppendOffsetMessageId(host, 1234, &joined);
  EXPECT_EQ(joined, "X,0A00000100002A9F00000000000004D2");
  Result<OffsetMessageId> id = DecodeOffsetMessageId("0a00000100002a9f00000000000004d2");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->store_host, host);
  EXPECT_EQ(id->commit_log_offset, 1234);
}

TEST(OffsetMessageIdTest, Ipv6RoundTrip) {
  const HostAddress host = *HostAddress::Parse("[2001:db8::1]:10911");
  const std::string id = EncodeOffsetMessageId(host, int64_t{1} << 42);
  EXPECT_EQ(id.size(), 56u);
  EXPECT_EQ(id.substr(0, 8), "20010DB8");
  Result<OffsetMessageId> back = DecodeOffsetMessageId(id);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->store_host, host);
  EXPECT_EQ(back->commit_log_offset, int64_t{1} << 42);
}

TEST(OffsetMessageIdTest, NextIdOfTheSameHostAsIfFormattedAlone) {
  for (const HostAddress& host :
       {HostAddress::V4(0x0A000001, 10911), *HostAddress::Parse("[2001:db8::1]:10911")}) {
    std::string joined = "X,";
    AppendOffsetMessageId(host, 1234, &joined);
    AppendNextOffsetMessageId(host, int64_t{1} << 42, &joined);
    AppendNextOffsetMessageId(host, 0, &joined);
    EXPECT_EQ(joined, "X," + EncodeOffsetMessageId(host, 1234) + "," +
                          EncodeOffsetMessageId(host, int64_t{1} << 42) + "," +
                          EncodeOffsetMessageId(host, 0));
  }
}

TEST(OffsetMessageIdTest, RejectsMalformed) {
  for (const char* bad :
       {"", "0A00", "0A00000100002A9F00000000000004DZ", "0A00000100002A9F00000000000004D2F"}) {
    EXPECT_EQ(DecodeOffsetMessageId(bad).status().code(), ErrorCode::kInvalidArgument) << bad;
  }
}

int64_t LocalMillis(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  tm.tm_isdst = -1;
  return static_cast<int64_t>(mktime(&tm)) * 1000;
}

TEST(UniqueKeyGeneratorTest, GoldenLayout) {
  // protocol.md §7.2: IP 192.168.1.10, pid 12345, hash 0x1B6D3586, 123456789 ms into the
  // month, counter 1.
  UniqueKeyGenerator gen(HostAddress::V4(0xC0A8010A, 0), 12345, 0x1B6D3586);
  const int64_t month = LocalMillis(2026, 3, 1, 0, 0, 0);
  EXPECT_EQ(gen.NextAt(month + 123456789), "C0A8010A30391B6D3586075BCD150000");
  EXPECT_EQ(gen.NextAt(month + 123456789), "C0A8010A30391B6D3586075BCD150001");
  // The month base follows local time: the first ms of the next month restarts at 0.
  EXPECT_EQ(gen.NextAt(LocalMillis(2026, 4, 1, 0, 0, 0)).substr(20), "000000000002");
  EXPECT_EQ(gen.length(), 32u);
}

TEST(UniqueKeyGeneratorTest, RunTakesConsecutiveCountersAtOneTime) {
  UniqueKeyGenerator gen(HostAddress::V4(0xC0A8010A, 0), 12345, 0x1B6D3586);
  const int64_t month = LocalMillis(2026, 3, 1, 0, 0, 0);
  EXPECT_EQ(gen.NextAt(month + 123456789), "C0A8010A30391B6D3586075BCD150000");
  UniqueKeyGenerator::Run run = gen.NextRunAt(3, month + 123456789);
  std::string key(run.length(), '?');
  run.NextInto(key.data());
  EXPECT_EQ(key, "C0A8010A30391B6D3586075BCD150001");
  run.NextInto(key.data());
  EXPECT_EQ(key, "C0A8010A30391B6D3586075BCD150002");
  // The run's third key stays its own: the next key follows it.
  EXPECT_EQ(gen.NextAt(month + 123456789), "C0A8010A30391B6D3586075BCD150004");
}

TEST(UniqueKeyGeneratorTest, RunNextOverRewritesThePreviousKeysCounter) {
  UniqueKeyGenerator gen(HostAddress::V4(0xC0A8010A, 0), 12345, 0x1B6D3586);
  const int64_t month = LocalMillis(2026, 3, 1, 0, 0, 0);
  // Counters 0xFFFE.. : the key's 16-bit counter wraps, as Java's short does.
  for (int i = 0; i < 0xFFFE; ++i) gen.NextAt(month + 123456789);
  UniqueKeyGenerator::Run run = gen.NextRunAt(3, month + 123456789);
  std::string key(run.length(), '?');
  run.NextInto(key.data());
  EXPECT_EQ(key, "C0A8010A30391B6D3586075BCD15FFFE");
  run.NextOver(key.data());
  EXPECT_EQ(key, "C0A8010A30391B6D3586075BCD15FFFF");
  run.NextOver(key.data());
  EXPECT_EQ(key, "C0A8010A30391B6D3586075BCD150000");
  EXPECT_EQ(gen.NextAt(month + 123456789), "C0A8010A30391B6D3586075BCD150001");
}

TEST(UniqueKeyGeneratorTest, Ipv6AndPidTruncation) {
  UniqueKeyGenerator gen(*HostAddress::Parse("[::1]:0"), 0x12345678, 7);
  const std::string key = gen.Next();
  EXPECT_EQ(key.size(), 56u);
  EXPECT_EQ(key.substr(32, 12), "567800000007");
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
