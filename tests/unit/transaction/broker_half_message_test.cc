#include <gtest/gtest.h>

#include "broker/schedule/delay_level_table.h"
#include "broker/transaction/half_message.h"
#include "broker/transaction/prepare_message.h"
#include "protocol/crc32.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace transaction {
namespace {

namespace sysflag = protocol::MessageSysFlag;

// A send record as SendMessageProcessor encodes it: real topic and queue, PREPARED bits.
std::string SendRecord(const protocol::MessageProperties& props,
                       int32_t sys_flag = sysflag::kTransactionPreparedType) {
  static const std::string body = "hello";
  const std::string encoded_props = protocol::EncodeMessageProperties(props);
  protocol::MessageRecord r;
  r.body_crc = protocol::MaskedCrc32(body);
  r.queue_id = 3;
  r.flag = 7;
  r.sys_flag = sys_flag;
  r.born_timestamp = 1700000000000;
  r.born_host = protocol::HostAddress::V4(0x0A000001, 5555);
  r.store_host = protocol::HostAddress::V4(0x7F000001, 10911);
  r.reconsume_times = 2;
  r.body = body;
  r.topic = "Orders";
  r.properties = encoded_props;
  return *protocol::EncodeMessageRecordToString(r);
}

protocol::MessageProperties TxnProps() {
  return {{"TRAN_MSG", "true"}, {"PGROUP", "PG1"}, {"UNIQ_KEY", "U1"}, {"TAGS", "t"}};
}

TEST(HalfMessage, TransactionalSendsAreRecognisedAsApacheDoes) {
  std::string props;
  protocol::AppendProperty(&props, "TRAN_MSG", "TRUE");
  EXPECT_TRUE(IsTransactionalSend(props, 0));
  EXPECT_TRUE(IsTransactionalSend("", sysflag::kTransactionPreparedType));
  EXPECT_FALSE(IsTransactionalSend("", 0));
  EXPECT_FALSE(IsTransactionalSend("", sysflag::kTransactionCommitType));
  std::string no;
  protocol::AppendProperty(&no, "TRAN_MSG", "yes");
  EXPECT_FALSE(IsTransactionalSend(no, 0));
}

TEST(HalfMessage, HalfMessageParksTheRealDestinationInProperties) {
  auto half = ToHalfMessage(SendRecord(TxnProps()));
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  auto r = protocol::DecodeMessageRecord(*half, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->topic, "RMQ_SYS_TRANS_HALF_TOPIC");
  EXPECT_EQ(r->queue_id, 0);
  EXPECT_EQ(sysflag::TransactionType(r->sys_flag), sysflag::kTransactionNotType);
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->flag, 7);
  EXPECT_EQ(r->reconsume_times, 2);
  auto props = protocol::DecodeMessageProperties(r->properties);
  EXPECT_EQ(props["REAL_TOPIC"], "Orders");
  EXPECT_EQ(props["REAL_QID"], "3");
  EXPECT_EQ(props["TRAN_MSG"], "true");
  EXPECT_EQ(props["PGROUP"], "PG1");
  EXPECT_EQ(props["UNIQ_KEY"], "U1");
}

TEST(HalfMessage, CommittedMessageGoesBackToItsTopicWithCommitBits) {
  const std::string half = *ToHalfMessage(SendRecord(TxnProps()));
  auto decoded = protocol::DecodeMessageRecord(half);
  ASSERT_TRUE(decoded.ok());
  auto committed = BuildCommittedMessage(*decoded, 4096, nullptr);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  auto r = protocol::DecodeMessageRecord(*committed, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->topic, "Orders");
  EXPECT_EQ(r->queue_id, 3);
  EXPECT_EQ(sysflag::TransactionType(r->sys_flag), sysflag::kTransactionCommitType);
  EXPECT_EQ(r->prepared_transaction_offset, 4096);
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->born_timestamp, 1700000000000);
  // Apache 4.9 keeps the half message's properties string byte for byte.
  EXPECT_EQ(r->properties, decoded->properties);
  auto props = protocol::DecodeMessageProperties(r->properties);
  EXPECT_EQ(props["TRAN_MSG"], "true");
  EXPECT_EQ(props["REAL_TOPIC"], "Orders");
  EXPECT_EQ(props["UNIQ_KEY"], "U1");
  EXPECT_EQ(props["PGROUP"], "PG1");
}

TEST(HalfMessage, DelayedMessagesAreDelayedOnlyOnceCommitted) {
  protocol::MessageProperties props = TxnProps();
  props["DELAY"] = "2";
  const std::string half = *ToHalfMessage(SendRecord(props));
  auto decoded = protocol::DecodeMessageRecord(half);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->topic, "RMQ_SYS_TRANS_HALF_TOPIC");
  auto levels = schedule::DelayLevelTable::Parse("1s 2s 3s");
  ASSERT_TRUE(levels.ok());
  auto committed = BuildCommittedMessage(*decoded, 64, &*levels);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  auto r = protocol::DecodeMessageRecord(*committed, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->topic, "SCHEDULE_TOPIC_XXXX");
  EXPECT_EQ(r->queue_id, 1);
  EXPECT_EQ(sysflag::TransactionType(r->sys_flag), sysflag::kTransactionCommitType);
  auto out = protocol::DecodeMessageProperties(r->properties);
  EXPECT_EQ(out["REAL_TOPIC"], "Orders");
  EXPECT_EQ(out["REAL_QID"], "3");
  EXPECT_EQ(out.count("TRAN_MSG"), 0u);
}

TEST(HalfMessage, ADestinationTheScheduleStepParkedIsKept) {
  // TRAN_MSG without the PREPARED bits: the send path's schedule step already moved it.
  protocol::MessageProperties props = TxnProps();
  props["DELAY"] = "1";
  props["REAL_TOPIC"] = "Orders";
  props["REAL_QID"] = "3";
  const std::string encoded_props = protocol::EncodeMessageProperties(props);
  protocol::MessageRecord scheduled;
  scheduled.topic = "SCHEDULE_TOPIC_XXXX";
  scheduled.queue_id = 0;
  scheduled.properties = encoded_props;
  auto half = ToHalfMessage(*protocol::EncodeMessageRecordToString(scheduled));
  ASSERT_TRUE(half.ok());
  auto r = protocol::DecodeMessageRecord(*half);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->topic, "RMQ_SYS_TRANS_HALF_TOPIC");
  auto out = protocol::DecodeMessageProperties(r->properties);
  EXPECT_EQ(out["REAL_TOPIC"], "Orders");
  EXPECT_EQ(out["REAL_QID"], "3");
}

TEST(HalfMessage, CommittedCopyDropsOnlyOurOriginBookkeeping) {
  const std::string half = *ToHalfMessage(SendRecord(TxnProps()));
  auto decoded = protocol::DecodeMessageRecord(half);
  ASSERT_TRUE(decoded.ok());
  protocol::MessageProperties props = protocol::DecodeMessageProperties(decoded->properties);
  props["TRANSACTION_CHECK_TIMES"] = "2";
  props["TRAN_PREPARED_QUEUE_OFFSET"] = "0";
  const std::string copy = *RenewHalfMessage(*decoded, props);
  auto copy_record = protocol::DecodeMessageRecord(copy);
  ASSERT_TRUE(copy_record.ok());
  const std::string committed_bytes = *BuildCommittedMessage(*copy_record, 1, nullptr);
  auto committed = protocol::DecodeMessageRecord(committed_bytes);
  ASSERT_TRUE(committed.ok());
  auto out = protocol::DecodeMessageProperties(committed->properties);
  EXPECT_EQ(out.count("TRAN_PREPARED_QUEUE_OFFSET"), 0u);
  EXPECT_EQ(out["TRANSACTION_CHECK_TIMES"], "2");
  EXPECT_EQ(out["TRAN_MSG"], "true");
  EXPECT_EQ(out["REAL_TOPIC"], "Orders");

  // Under CHECK_IMMUNITY_TIME_IN_SECONDS Apache's copies carry it too: kept.
  props["CHECK_IMMUNITY_TIME_IN_SECONDS"] = "10";
  const std::string immune = *RenewHalfMessage(*decoded, props);
  auto immune_record = protocol::DecodeMessageRecord(immune);
  ASSERT_TRUE(immune_record.ok());
  const std::string kept_bytes = *BuildCommittedMessage(*immune_record, 1, nullptr);
  auto kept = protocol::DecodeMessageRecord(kept_bytes);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->properties, immune_record->properties);
}

TEST(HalfMessage, CommitOfARecordWithoutRealTopicFails) {
  const std::string plain = SendRecord(TxnProps());
  auto decoded = protocol::DecodeMessageRecord(plain);
  ASSERT_TRUE(decoded.ok());
  EXPECT_FALSE(BuildCommittedMessage(*decoded, 0, nullptr).ok());
  protocol::MessageProperties bad = TxnProps();
  bad["REAL_TOPIC"] = "Orders";
  bad["REAL_QID"] = "three";
  const std::string bad_bytes = SendRecord(bad);
  auto bad_record = protocol::DecodeMessageRecord(bad_bytes);
  ASSERT_TRUE(bad_record.ok());
  auto result = BuildCommittedMessage(*bad_record, 0, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("REAL_QID"), std::string::npos);
}

TEST(HalfMessage, CheckBodyShowsTheRealTopicAndTheCopysOffsets) {
  std::string half = *ToHalfMessage(SendRecord(TxnProps()));
  protocol::SetAppendFields(half.data(), 9, 8192, 1700000001000);
  auto decoded = protocol::DecodeMessageRecord(half);
  ASSERT_TRUE(decoded.ok());
  auto body = BuildCheckRequestBody(*decoded);
  ASSERT_TRUE(body.ok());
  auto r = protocol::DecodeMessageRecord(*body, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->topic, "Orders");
  EXPECT_EQ(r->queue_id, 3);
  EXPECT_EQ(r->queue_offset, 9);
  EXPECT_EQ(r->physical_offset, 8192);
  EXPECT_EQ(r->store_timestamp, 1700000001000);
}

TEST(HalfMessage, RenewedCopyAndOriginOffset) {
  const std::string half = *ToHalfMessage(SendRecord(TxnProps()));
  auto decoded = protocol::DecodeMessageRecord(half);
  ASSERT_TRUE(decoded.ok());
  protocol::MessageProperties props = protocol::DecodeMessageProperties(decoded->properties);
  EXPECT_EQ(OriginQueueOffset(props, 12), 12);
  props["TRANSACTION_CHECK_TIMES"] = "1";
  props["TRAN_PREPARED_QUEUE_OFFSET"] = "4";
  auto copy = RenewHalfMessage(*decoded, props);
  ASSERT_TRUE(copy.ok());
  auto r = protocol::DecodeMessageRecord(*copy, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->topic, "RMQ_SYS_TRANS_HALF_TOPIC");
  EXPECT_EQ(r->born_timestamp, 1700000000000);
  auto copy_props = protocol::DecodeMessageProperties(r->properties);
  EXPECT_EQ(copy_props["TRANSACTION_CHECK_TIMES"], "1");
  EXPECT_EQ(OriginQueueOffset(copy_props, 12), 4);
  copy_props["TRAN_PREPARED_QUEUE_OFFSET"] = "garbage";
  EXPECT_EQ(OriginQueueOffset(copy_props, 12), 12);
}

TEST(HalfMessage, CheckMaxTimeCopyKeepsTheProperties) {
  const std::string half = *ToHalfMessage(SendRecord(TxnProps()));
  auto decoded = protocol::DecodeMessageRecord(half);
  ASSERT_TRUE(decoded.ok());
  auto moved = BuildCheckMaxTimeMessage(*decoded);
  ASSERT_TRUE(moved.ok());
  auto r = protocol::DecodeMessageRecord(*moved, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->topic, "TRANS_CHECK_MAX_TIME_TOPIC");
  EXPECT_EQ(r->queue_id, 0);
  EXPECT_EQ(protocol::DecodeMessageProperties(r->properties)["REAL_TOPIC"], "Orders");
}

TEST(PrepareMessage, PlainSendsPassUntouched) {
  std::string record = SendRecord({{"UNIQ_KEY", "U"}}, 0);
  const std::string before = record;
  EXPECT_FALSE(PrepareMessage(false, "b:1", "", 0, &record));
  EXPECT_EQ(record, before);
}

TEST(PrepareMessage, RejectTransactionMessageRefusesThem) {
  std::string record = SendRecord(TxnProps());
  auto error = PrepareMessage(true, "10.0.0.1:10911", protocol::EncodeMessageProperties(TxnProps()),
                              sysflag::kTransactionPreparedType, &record);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), protocol::ResponseCode::kNoPermission);
  EXPECT_NE(error->remark().value_or("").find("forbidden"), std::string::npos);
}

TEST(PrepareMessage, TransactionalSendsBecomeHalfMessages) {
  std::string record = SendRecord(TxnProps());
  EXPECT_FALSE(PrepareMessage(false, "b:1", protocol::EncodeMessageProperties(TxnProps()),
                              sysflag::kTransactionPreparedType, &record));
  auto r = protocol::DecodeMessageRecord(record, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->topic, "RMQ_SYS_TRANS_HALF_TOPIC");
}

}  // namespace
}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
