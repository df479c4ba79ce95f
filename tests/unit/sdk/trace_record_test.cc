// Message trace records against the text Apache 4.9.7's TraceDataEncoder writes (reference
// §4.2, produced by the jar), and the message type rules of its send hook.
#include <gtest/gtest.h>

#include "producer/trace_record.h"

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
  PubTrace t;
  t.timestamp = 1700000000000;
  t.region_id = "DefaultRegion";
  t.group = "PG";
  t.topic = "T";
  t.msg_id = "UNIQ1";
  t.keys = "k1 k2";
  t.store_host = "10.0.0.1:10911";
  t.body_length = 11;
  t.cost_ms = 5;
  t.offset_msg_id = "OFF1";
  const TraceRecord r = EncodeTrace(t);
  EXPECT_EQ(
      Visible(r.text),
      "Pub|1700000000000|DefaultRegion|PG|T|UNIQ1|null|k1 k2|10.0.0.1:10911|11|5|0|OFF1|true#");
  EXPECT_EQ(r.keys, (std::vector<std::string>{"UNIQ1", "k1 k2"}));
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

}  // namespace
}  // namespace client
}  // namespace rocketmq
