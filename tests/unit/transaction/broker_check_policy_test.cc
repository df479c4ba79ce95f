#include <gtest/gtest.h>

#include <limits>

#include "broker/transaction/check_policy.h"

namespace rocketmq {
namespace broker {
namespace transaction {
namespace {

constexpr int64_t kNow = 1'000'000'000;

CheckSettings Settings() {
  CheckSettings s;
  s.now_ms = kNow;
  s.scan_start_ms = kNow;
  s.transaction_timeout_ms = 6000;
  s.transaction_check_max = 15;
  s.file_reserved_ms = 72LL * 3600 * 1000;
  return s;
}

// A half message born `age_ms` ago and stored right after its birth.
HalfMessageFacts BornAgo(int64_t age_ms) {
  HalfMessageFacts f;
  f.born_timestamp = kNow - age_ms;
  f.store_timestamp = kNow - age_ms + 1;
  return f;
}

TEST(CheckPolicy, YoungerThanTransactionTimeoutStopsTheScan) {
  EXPECT_EQ(DecideCheck(BornAgo(5999), Settings()).action, CheckAction::kStopScan);
  EXPECT_EQ(DecideCheck(BornAgo(0), Settings()).action, CheckAction::kStopScan);
}

TEST(CheckPolicy, FirstCheckAfterTheTimeoutCountsOne) {
  CheckDecision d = DecideCheck(BornAgo(6000), Settings());
  EXPECT_EQ(d.action, CheckAction::kCheck);
  EXPECT_EQ(d.check_times, 1);
}

TEST(CheckPolicy, LaterChecksIncrementTheCount) {
  HalfMessageFacts f = BornAgo(60000);
  f.check_times = "3";
  CheckDecision d = DecideCheck(f, Settings());
  EXPECT_EQ(d.action, CheckAction::kCheck);
  EXPECT_EQ(d.check_times, 4);
}

TEST(CheckPolicy, DiscardsOnceCheckedTransactionCheckMaxTimes) {
  HalfMessageFacts f = BornAgo(60000);
  f.check_times = "14";
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kCheck);
  f.check_times = "15";
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kDiscard);
  CheckSettings s = Settings();
  s.transaction_check_max = 2;
  f.check_times = "2";
  EXPECT_EQ(DecideCheck(f, s).action, CheckAction::kDiscard);
}

TEST(CheckPolicy, DiscardComesBeforeTheAgeChecks) {
  // Even a message too young to check is discarded once over the limit (Apache's order).
  HalfMessageFacts f = BornAgo(10);
  f.check_times = "15";
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kDiscard);
}

TEST(CheckPolicy, DiscardsMessagesOlderThanFileReservedTime) {
  CheckSettings s = Settings();
  s.file_reserved_ms = 3600 * 1000;
  EXPECT_EQ(DecideCheck(BornAgo(3600 * 1000 + 1), s).action, CheckAction::kDiscard);
  EXPECT_EQ(DecideCheck(BornAgo(3600 * 1000), s).action, CheckAction::kCheck);
}

TEST(CheckPolicy, MessagesStoredAfterTheScanBeganStopIt) {
  HalfMessageFacts f = BornAgo(60000);
  f.store_timestamp = kNow;  // e.g. the copy this scan re-appended
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kStopScan);
  f.store_timestamp = kNow - 1;
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kCheck);
}

TEST(CheckPolicy, ImmunityTimeDelaysTheFirstCheckWithImmuneCopies) {
  HalfMessageFacts f = BornAgo(20000);
  f.check_immunity_seconds = "30";
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kRequeueImmune);
  f = BornAgo(30000);
  f.check_immunity_seconds = "30";
  CheckDecision d = DecideCheck(f, Settings());
  EXPECT_EQ(d.action, CheckAction::kCheck);
  EXPECT_EQ(d.check_times, 1);
}

TEST(CheckPolicy, ImmunityOfMinusOneOrGarbageMeansTransactionTimeout) {
  for (const char* value : {"-1", "soon"}) {
    HalfMessageFacts f = BornAgo(5000);
    f.check_immunity_seconds = value;
    EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kRequeueImmune) << value;
    f = BornAgo(6000);
    f.check_immunity_seconds = value;
    EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kCheck) << value;
  }
}

TEST(CheckPolicy, ImmunityShorterThanTheTimeoutIsHonouredAs49Does) {
  HalfMessageFacts f = BornAgo(2000);
  f.check_immunity_seconds = "1";
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kCheck);
}

TEST(CheckPolicy, HugeImmunityDoesNotOverflow) {
  HalfMessageFacts f = BornAgo(60000);
  f.check_immunity_seconds = "9223372036854775807";
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kRequeueImmune);
}

TEST(CheckPolicy, MessagesBornInTheFutureAreChecked) {
  HalfMessageFacts f = BornAgo(-5000);
  f.store_timestamp = kNow - 1;
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kCheck);
}

TEST(CheckPolicy, ExtremeTimestampsAndCountsFromClientsDoNotOverflow) {
  HalfMessageFacts f;
  f.born_timestamp = std::numeric_limits<int64_t>::min();
  f.store_timestamp = kNow - 1;
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kDiscard);
  f.born_timestamp = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kCheck);
  f = BornAgo(60000);
  f.check_times = "99999999999";  // not an int: unreadable, as Java's getInt
  CheckDecision d = DecideCheck(f, Settings());
  EXPECT_EQ(d.action, CheckAction::kCheck);
  EXPECT_EQ(d.check_times, 0);
  f.check_immunity_seconds = "-9223372036854775807";
  EXPECT_EQ(DecideCheck(f, Settings()).action, CheckAction::kCheck);
}

TEST(CheckPolicy, UnreadableCheckTimesRestartsAtZeroAsJavaDoes) {
  HalfMessageFacts f = BornAgo(60000);
  f.check_times = "x";
  CheckDecision d = DecideCheck(f, Settings());
  EXPECT_EQ(d.action, CheckAction::kCheck);
  EXPECT_EQ(d.check_times, 0);
}

}  // namespace
}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
