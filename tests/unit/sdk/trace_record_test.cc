// Message trace records against the text Apache 4.9.7's TraceDataEncoder writes (reference
// §4.2, produced by the jar), the message type rules of its send hook, and the records the
// trace hooks build for singles, batches, coalesced batches and consumed messages.
#include <gtest/gtest.h>

#include "producer/send_request.h"
#include "producer/trace_hooks.h"
#include "producer/trace_record.h"
#include "protocol/host_address.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"

namespace rocketmq {
namespace client {
namespace {

// The jar's separators shown as '|' and '#'.
std::string Visible(std::string text) {
  for (char& c : text) {
    if (c == kTraceContentSplitor) c = '|';
    if (c == kTraceFieldSplitor) c = '#';
  }
  return text;
}

TEST(TraceRecordTest, PubIsWhatTheJavaEncoderWrites) {
  auto message = std::make_shared<PreparedMessage>();
  message->user_topic = "T";
  message->message_id = "UNIQ1";
  message->body = "hello world";
  protocol::AppendProperty(&message->properties, protocol::MessageConst::kPropertyKeys, "k1 k2");
  SendResult result;
  result.offset_message_id = "OFF1";
  PendingPub pub = MakePendingPub(message, result, "10.0.0.1:10911", 5);
  pub.timestamp = 1700000000000;
  // A single message's body is not kept for its record.
  EXPECT_EQ(pub.message, nullptr);
  const std::vector<TraceRecord> records = PubTraceRecords(pub, "PG");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(
      Visible(records[0].text),
      "Pub|1700000000000|DefaultRegion|PG|T|UNIQ1|null|k1 k2|10.0.0.1:10911|11|5|0|OFF1|true#");
  EXPECT_EQ(records[0].keys, (std::vector<std::string>{"UNIQ1", "k1 k2"}));
}

TEST(TraceRecordTest, SubAfterIsWhatTheJavaEncoderWrites) {
  SubAfterTrace t;
  t.request_id = "REQ1";
  t.msg_id = "UNIQ1";
  t.cost_ms = 3;
  t.keys = "k1 k2";
  t.timestamp = 1700000000001;
  t.group = "CG";
  EXPECT_EQ(Visible(EncodeTrace(t).text), "SubAfter|REQ1|UNIQ1|3|true|k1 k2|0|1700000000001|CG#");
  t.success = false;
  t.context_code = 4;
  t.keys.reset();
  const TraceRecord failed = EncodeTrace(t);
  EXPECT_EQ(Visible(failed.text), "SubAfter|REQ1|UNIQ1|3|false|null|4|1700000000001|CG#");
  EXPECT_EQ(failed.keys, std::vector<std::string>{"UNIQ1"});
}

TEST(TraceRecordTest, SubBeforeWritesNullForAMissingRegion) {
  SubBeforeTrace t;
  t.timestamp = 1700000000002;
  t.group = "CG";
  t.request_id = "REQ1";
  t.msg_id = "UNIQ1";
  t.reconsume_times = 2;
  EXPECT_EQ(Visible(EncodeTrace(t).text), "SubBefore|1700000000002|null|CG|REQ1|UNIQ1|2|null#");
  t.region_id = "DefaultRegion";
  t.keys = "k";
  EXPECT_EQ(Visible(EncodeTrace(t).text),
            "SubBefore|1700000000002|DefaultRegion|CG|REQ1|UNIQ1|2|k#");
}

TEST(TraceRecordTest, EndTransactionCarriesTheStateAndWhereItCameFrom) {
  EndTransactionTrace t;
  t.timestamp = 1700000000003;
  t.region_id = "DefaultRegion";
  t.group = "PG";
  t.topic = "T";
  t.msg_id = "UNIQ1";
  t.tags = "TagA";
  t.store_host = "10.0.0.1:10911";
  t.transaction_id = "UNIQ1";
  t.state = "COMMIT_MESSAGE";
  t.from_transaction_check = true;
  EXPECT_EQ(Visible(EncodeTrace(t).text),
            "EndTransaction|1700000000003|DefaultRegion|PG|T|UNIQ1|TagA|null|10.0.0.1:10911|2|"
            "UNIQ1|COMMIT_MESSAGE|true#");
}

TEST(TraceRecordTest, MessageTypeDelayWinsOverHalf) {
  EXPECT_EQ(TraceMessageType(std::nullopt, std::nullopt, std::nullopt), kTraceMsgTypeNormal);
  EXPECT_EQ(TraceMessageType(std::nullopt, std::nullopt, std::string("true")),
            kTraceMsgTypeTransHalf);
  EXPECT_EQ(TraceMessageType(std::nullopt, std::nullopt, std::string("false")),
            kTraceMsgTypeNormal);
  EXPECT_EQ(TraceMessageType(std::string("3"), std::nullopt, std::string("true")),
            kTraceMsgTypeDelay);
  EXPECT_EQ(TraceMessageType(std::nullopt, std::string("1700000000000"), std::nullopt),
            kTraceMsgTypeDelay);
}

// The fields of each record of `records`.
std::vector<std::vector<std::string>> Fields(const std::vector<TraceRecord>& records) {
  std::vector<std::vector<std::string>> out;
  for (const TraceRecord& r : records) {
    std::vector<std::string> fields;
    std::string text = r.text.substr(0, r.text.size() - 1);  // without the record end
    size_t from = 0;
    for (size_t sep; (sep = text.find(kTraceContentSplitor, from)) != std::string::npos;
         from = sep + 1) {
      fields.push_back(text.substr(from, sep - from));
    }
    fields.push_back(text.substr(from));
    out.push_back(std::move(fields));
  }
  return out;
}

class TraceHooksTest : public ::testing::Test {
 protected:
  TraceHooksTest() : ids_(protocol::HostAddress::V4(0x0A000009, 0)) {}

  std::vector<Message> Batch() {
    std::vector<Message> batch;
    batch.emplace_back("T", "TagA", "one");
    batch.back().set_key("k1");
    batch.emplace_back("T", "TagB", "three");
    return batch;
  }

  SendResult Result() {
    SendResult result;
    result.offset_message_id = "OFF1,OFF2";
    result.region_id = "R1";
    return result;
  }

  ProducerConfig config_;
  protocol::UniqueKeyGenerator ids_;
};

TEST_F(TraceHooksTest, ASingleSendIsOnePubRecord) {
  Message message("T", "TagA", "hello");
  message.set_key("k1");
  message.set_delay_level(2);
  auto prepared = PrepareMessage(message, config_, ids_);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  SendResult result;
  result.offset_message_id = "OFF1";
  const auto records =
      PubTraceRecords(MakePendingPub(*prepared, result, "10.0.0.1:10911", 7), "PG");
  const auto fields = Fields(records);
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0], (std::vector<std::string>{"Pub", fields[0][1], "DefaultRegion", "PG", "T",
                                                 (*prepared)->message_id, "TagA", "k1",
                                                 "10.0.0.1:10911", "5", "7", "3", "OFF1", "true"}));
  EXPECT_EQ(records[0].keys, (std::vector<std::string>{(*prepared)->message_id, "k1"}));
}

// Java traces a MessageBatch as one record: no tags or keys, the encoded batch's length, the
// comma-joined ids. The record's keys also name each message.
TEST_F(TraceHooksTest, AnApplicationBatchIsOneRecordAsJavaWritesIt) {
  auto prepared = PrepareBatch(Batch(), config_, ids_);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  const std::string joined = (*prepared)->message_id;
  const size_t comma = joined.find(',');
  ASSERT_NE(comma, std::string::npos);
  const auto records =
      PubTraceRecords(MakePendingPub(*prepared, Result(), "10.0.0.1:10911", 4), "PG");
  const auto fields = Fields(records);
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0][2], "R1");
  EXPECT_EQ(fields[0][4], "T");
  EXPECT_EQ(fields[0][5], joined);
  EXPECT_EQ(fields[0][6], "null");
  EXPECT_EQ(fields[0][7], "null");
  EXPECT_EQ(fields[0][9], std::to_string((*prepared)->body.size()));
  EXPECT_EQ(fields[0][12], "OFF1,OFF2");
  EXPECT_EQ(records[0].keys,
            (std::vector<std::string>{joined, joined.substr(0, comma), joined.substr(comma + 1)}));
}

TEST_F(TraceHooksTest, ACoalescedBatchIsOneRecordPerMessage) {
  auto prepared = PrepareBatch(Batch(), config_, ids_);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  (*prepared)->coalesced = true;
  const std::string joined = (*prepared)->message_id;
  const size_t comma = joined.find(',');
  const PendingPub pending = MakePendingPub(*prepared, Result(), "10.0.0.1:10911", 4);
  EXPECT_EQ(pending.records, 2u);
  const auto records = PubTraceRecords(pending, "PG");
  const auto fields = Fields(records);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0][5], joined.substr(0, comma));
  EXPECT_EQ(fields[0][6], "TagA");
  EXPECT_EQ(fields[0][7], "k1");
  EXPECT_EQ(fields[0][9], "3");
  EXPECT_EQ(fields[0][10], "4");
  EXPECT_EQ(fields[0][12], "OFF1");
  EXPECT_EQ(fields[1][5], joined.substr(comma + 1));
  EXPECT_EQ(fields[1][6], "TagB");
  EXPECT_EQ(fields[1][7], "null");
  EXPECT_EQ(fields[1][9], "5");
  EXPECT_EQ(fields[1][12], "OFF2");
  EXPECT_EQ(records[1].keys, std::vector<std::string>{joined.substr(comma + 1)});
}

TEST_F(TraceHooksTest, ConsumedMessagesSkipThoseWithTracingOff) {
  std::vector<MessageExt> messages(3);
  for (size_t i = 0; i < messages.size(); ++i) {
    messages[i].set_msg_id("ID" + std::to_string(i));
  }
  messages[1].set_property("TRACE_ON", "false");
  messages[2].set_key("k2");
  messages[2].set_reconsume_times(1);
  std::vector<TraceRecord> records;
  AppendSubBeforeRecords(messages, "CG", "REQ", 100, &records);
  AppendSubAfterRecords(messages, "CG", "REQ", 9, true, 0, 101, &records);
  const auto fields = Fields(records);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0], (std::vector<std::string>{"SubBefore", "100", "null", "CG", "REQ", "ID0",
                                                 "0", "null"}));
  EXPECT_EQ(fields[1],
            (std::vector<std::string>{"SubBefore", "100", "null", "CG", "REQ", "ID2", "1", "k2"}));
  // The call's 9 ms divided among its three messages.
  EXPECT_EQ(fields[3], (std::vector<std::string>{"SubAfter", "REQ", "ID2", "3", "true", "k2", "0",
                                                 "101", "CG"}));
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
