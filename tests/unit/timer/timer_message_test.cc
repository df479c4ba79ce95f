#include "broker/timer/timer_message.h"

#include <gtest/gtest.h>

#include <string>

#include "broker/transaction/half_message.h"
#include "common/clock.h"
#include "protocol/crc32.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace broker {
namespace timer {
namespace {

namespace sysflag = protocol::MessageSysFlag;
using protocol::MessageProperties;

constexpr int64_t kNow = 1700000000000;

struct Moved {
  TimerDecision decision;
  MessageProperties props;
  std::string topic = "Orders";
  int32_t queue_id = 3;
};

Moved Move(MessageProperties props, TimerSettings settings = {}, int32_t sys_flag = 0) {
  Moved m;
  m.props = std::move(props);
  m.decision = MoveToTimerTopic(settings, kNow, sys_flag, &m.props, &m.topic, &m.queue_id);
  return m;
}

TEST(DueTimeTest, PriorityIsDelaySecThenDelayMsThenDeliverMs) {
  EXPECT_EQ(
      DueTimeMillis({{"TIMER_DELAY_SEC", "2"}, {"TIMER_DELAY_MS", "5"}, {"TIMER_DELIVER_MS", "7"}},
                    kNow),
      kNow + 2000);
  EXPECT_EQ(DueTimeMillis({{"TIMER_DELAY_MS", "5"}, {"TIMER_DELIVER_MS", "7"}}, kNow), kNow + 5);
  EXPECT_EQ(DueTimeMillis({{"TIMER_DELIVER_MS", "+7"}}, kNow), 7);
  EXPECT_EQ(DueTimeMillis({{"TIMER_DELAY_SEC", "-1"}}, kNow), kNow - 1000);
}

TEST(DueTimeTest, MalformedOrOverflowingValuesAreRejected) {
  EXPECT_FALSE(DueTimeMillis({{"TIMER_DELIVER_MS", "12x"}}, kNow));
  EXPECT_FALSE(DueTimeMillis({{"TIMER_DELIVER_MS", ""}}, kNow));
  EXPECT_FALSE(DueTimeMillis({{"TIMER_DELAY_MS", "1.5"}}, kNow));
  EXPECT_FALSE(DueTimeMillis({{"TIMER_DELAY_SEC", "9223372036854775807"}}, kNow));
  EXPECT_FALSE(DueTimeMillis({{"TIMER_DELAY_SEC", "+-1"}}, kNow));
}

TEST(MoveToTimerTopicTest, FutureDueTimeParksTheMessageRoundedUp) {
  Moved m = Move({{"TIMER_DELIVER_MS", std::to_string(kNow + 1501)}, {"UNIQ_KEY", "U"}});
  EXPECT_FALSE(m.decision.refusal);
  EXPECT_TRUE(m.decision.parked);
  EXPECT_EQ(m.topic, kTimerTopic);
  EXPECT_EQ(m.queue_id, 0);
  EXPECT_EQ(m.props["TIMER_OUT_MS"], std::to_string(kNow + 1510));
  EXPECT_EQ(m.props["REAL_TOPIC"], "Orders");
  EXPECT_EQ(m.props["REAL_QID"], "3");
  EXPECT_EQ(m.props["TIMER_DELIVER_MS"], std::to_string(kNow + 1501));

  TimerSettings exact;
  exact.precision_ms = 1;
  EXPECT_EQ(Move({{"TIMER_DELAY_MS", "1501"}}, exact).props["TIMER_OUT_MS"],
            std::to_string(kNow + 1501));
}

TEST(MoveToTimerTopicTest, PastDueTimeIsStoredAsItIs) {
  Moved m = Move({{"TIMER_DELIVER_MS", std::to_string(kNow)}});
  EXPECT_FALSE(m.decision.refusal);
  EXPECT_FALSE(m.decision.parked);
  EXPECT_EQ(m.topic, "Orders");
  EXPECT_EQ(m.props.count("TIMER_OUT_MS"), 0u);
  EXPECT_EQ(m.props["TIMER_DELIVER_MS"], std::to_string(kNow));
  // 5.x refuses a past-due delete marker.
  EXPECT_EQ(Move({{"TIMER_DELAY_SEC", "0"}, {"TIMER_DEL_UNIQKEY", "x"}}).decision.refusal,
            TimerRefusal::kIllegal);
}

TEST(MoveToTimerTopicTest, TooFarAheadMalformedAndDisabledAreRefused) {
  TimerSettings settings;
  settings.max_delay_sec = 10;
  EXPECT_FALSE(Move({{"TIMER_DELAY_SEC", "10"}}, settings).decision.refusal);
  EXPECT_EQ(Move({{"TIMER_DELAY_MS", "10001"}}, settings).decision.refusal, TimerRefusal::kIllegal);
  EXPECT_EQ(Move({{"TIMER_DELAY_SEC", "soon"}}).decision.refusal, TimerRefusal::kIllegal);
  settings.wheel_enable = false;
  EXPECT_EQ(Move({{"TIMER_DELAY_SEC", "1"}}, settings).decision.refusal, TimerRefusal::kNotEnabled);
  EXPECT_EQ(RefusalRemark(settings, TimerRefusal::kNotEnabled),
            "accurate timer message is not enabled, timerWheelEnable is false");
  EXPECT_EQ(RefusalRemark(TimerSettings{}, TimerRefusal::kIllegal),
            "timer message illegal, the delay time should not be bigger than the max delay "
            "259200000ms; or if set del msg, the delay time should be bigger than the current "
            "time");
}

TEST(MoveToTimerTopicTest, DelayLevelWinsAndTimerPropertiesAreRemoved) {
  Moved m = Move({{"DELAY", "2"},
                  {"TIMER_DELAY_SEC", "5"},
                  {"TIMER_DELIVER_MS", "1"},
                  {"TIMER_DELAY_MS", "1"}});
  EXPECT_FALSE(m.decision.parked);
  EXPECT_EQ(m.props.size(), 1u);
  // DELAY=0 is no level: the timer properties count.
  EXPECT_TRUE(Move({{"DELAY", "0"}, {"TIMER_DELAY_SEC", "5"}}).decision.parked);
}

TEST(MoveToTimerTopicTest, PreparedParkedAndUntimedMessagesAreLeftAlone) {
  EXPECT_FALSE(
      Move({{"TIMER_DELAY_SEC", "5"}}, {}, sysflag::kTransactionPreparedType).decision.parked);
  EXPECT_TRUE(
      Move({{"TIMER_DELAY_SEC", "5"}}, {}, sysflag::kTransactionCommitType).decision.parked);
  EXPECT_FALSE(Move({{"TIMER_DELAY_SEC", "5"}, {"TIMER_OUT_MS", "1"}}).decision.parked);
  Moved plain = Move({{"TAGS", "a"}});
  EXPECT_FALSE(plain.decision.parked);
  EXPECT_FALSE(plain.decision.refusal);
}

TEST(RestoreFromTimerTopicTest, GivesTheRealTopicBackWithTimerStamps) {
  Moved m = Move({{"TIMER_DELAY_SEC", "5"}, {"UNIQ_KEY", "U1"}, {"TAGS", "t"}});
  ASSERT_TRUE(m.decision.parked);
  const std::string props = protocol::EncodeMessageProperties(m.props);
  protocol::MessageRecord record;
  record.topic = m.topic;
  record.queue_id = m.queue_id;
  record.body = "payload";
  record.body_crc = protocol::MaskedCrc32(record.body);
  record.properties = props;
  record.store_timestamp = kNow + 3;
  record.queue_offset = 17;
  auto bytes = protocol::EncodeMessageRecordToString(record);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(ParkedDueTime(props), kNow + 5000);

  auto delivery = RestoreFromTimerTopic(*bytes, kNow + 5001);
  ASSERT_TRUE(delivery.ok()) << delivery.status().ToString();
  EXPECT_EQ(delivery->topic, "Orders");
  EXPECT_EQ(delivery->queue_id, 3);
  auto out = protocol::DecodeMessageRecord(delivery->record);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->topic, "Orders");
  EXPECT_EQ(out->body, "payload");
  EXPECT_EQ(out->queue_offset, 0);
  MessageProperties restored = protocol::DecodeMessageProperties(out->properties);
  EXPECT_EQ(restored.count("REAL_TOPIC"), 0u);
  EXPECT_EQ(restored.count("REAL_QID"), 0u);
  EXPECT_EQ(restored["TIMER_ENQUEUE_MS"], std::to_string(kNow + 3));
  EXPECT_EQ(restored["TIMER_DEQUEUE_MS"], std::to_string(kNow + 5001));
  EXPECT_EQ(restored["TIMER_OUT_MS"], std::to_string(kNow + 5000));
  EXPECT_EQ(restored["TIMER_DELAY_SEC"], "5");
  EXPECT_EQ(restored["UNIQ_KEY"], "U1");
}

TEST(RestoreFromTimerTopicTest, RecordWithoutRealTopicIsCorruption) {
  const std::string props = protocol::EncodeMessageProperties({{"TIMER_OUT_MS", "1"}});
  protocol::MessageRecord record;
  record.topic = kTimerTopic;
  record.body = "x";
  record.properties = props;
  auto bytes = protocol::EncodeMessageRecordToString(record);
  ASSERT_TRUE(bytes.ok());
  EXPECT_FALSE(RestoreFromTimerTopic(*bytes, kNow).ok());
  EXPECT_FALSE(RestoreFromTimerTopic("garbage", kNow).ok());
}

TEST(CommittedTimerMessageTest, ACommittedHalfMessageIsParkedThenAndOnlyThen) {
  const std::string props = protocol::EncodeMessageProperties(
      {{"TRAN_MSG", "true"}, {"PGROUP", "PG"}, {"UNIQ_KEY", "U1"}, {"TIMER_DELAY_SEC", "5"}});
  protocol::MessageRecord sent;
  sent.topic = "Orders";
  sent.queue_id = 3;
  sent.body = "x";
  sent.body_crc = protocol::MaskedCrc32(sent.body);
  sent.sys_flag = sysflag::kTransactionPreparedType;
  sent.properties = props;
  auto sent_bytes = protocol::EncodeMessageRecordToString(sent);
  ASSERT_TRUE(sent_bytes.ok());
  // The prepared message goes to the half topic, not the timer topic.
  auto half = transaction::ToHalfMessage(*sent_bytes);
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  auto half_record = protocol::DecodeMessageRecord(*half);
  ASSERT_TRUE(half_record.ok());
  EXPECT_EQ(half_record->topic, "RMQ_SYS_TRANS_HALF_TOPIC");

  const TimerSettings settings;
  const int64_t before = clock::WallMillis();
  auto committed = transaction::BuildCommittedMessage(*half_record, 64, nullptr, &settings);
  ASSERT_TRUE(committed.ok());
  // Without delay levels (null) no step runs at all.
  EXPECT_EQ(protocol::DecodeMessageRecord(*committed)->topic, "Orders");

  auto levels = schedule::DelayLevelTable::Parse("1s");
  ASSERT_TRUE(levels.ok());
  committed = transaction::BuildCommittedMessage(*half_record, 64, &*levels, &settings);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  auto parked = protocol::DecodeMessageRecord(*committed);
  ASSERT_TRUE(parked.ok());
  EXPECT_EQ(parked->topic, kTimerTopic);
  EXPECT_EQ(parked->queue_id, 0);
  EXPECT_EQ(sysflag::TransactionType(parked->sys_flag), sysflag::kTransactionCommitType);
  MessageProperties out = protocol::DecodeMessageProperties(parked->properties);
  EXPECT_EQ(out["REAL_TOPIC"], "Orders");
  EXPECT_EQ(out["REAL_QID"], "3");
  EXPECT_EQ(out.count("TRAN_MSG"), 0u);
  EXPECT_GE(std::stoll(out["TIMER_OUT_MS"]), before + 5000);

  TimerSettings strict;
  strict.max_delay_sec = 1;
  EXPECT_FALSE(transaction::BuildCommittedMessage(*half_record, 64, &*levels, &strict).ok());
}

}  // namespace
}  // namespace timer
}  // namespace broker
}  // namespace rocketmq
