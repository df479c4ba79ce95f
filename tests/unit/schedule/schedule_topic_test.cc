#include "broker/schedule/schedule_topic.h"

#include <gtest/gtest.h>

#include <string>

#include "protocol/crc32.h"
#include "protocol/java_string_hash.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace broker {
namespace schedule {
namespace {

namespace sysflag = protocol::MessageSysFlag;
using protocol::MessageProperties;

DelayLevelTable Levels(const std::string& text = kDefaultMessageDelayLevel) {
  auto table = DelayLevelTable::Parse(text);
  EXPECT_TRUE(table.ok());
  return *table;
}

TEST(MoveToScheduleTopicTest, DelayedMessageGoesToItsLevelsQueue) {
  MessageProperties props{{"DELAY", "3"}, {"TAGS", "TagA"}, {"UNIQ_KEY", "U1"}};
  std::string topic = "Orders";
  int32_t queue_id = 5;
  auto moved = MoveToScheduleTopic(Levels(), 0, &props, &topic, &queue_id);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_TRUE(*moved);
  EXPECT_EQ(topic, "SCHEDULE_TOPIC_XXXX");
  EXPECT_EQ(queue_id, 2);
  EXPECT_EQ(props["REAL_TOPIC"], "Orders");
  EXPECT_EQ(props["REAL_QID"], "5");
  EXPECT_EQ(props["DELAY"], "3");
  EXPECT_EQ(props["UNIQ_KEY"], "U1");
}

TEST(MoveToScheduleTopicTest, LevelAboveTheTableIsCapped) {
  MessageProperties props{{"DELAY", "40"}};
  std::string topic = "%RETRY%G";
  int32_t queue_id = 0;
  ASSERT_TRUE(*MoveToScheduleTopic(Levels("1s 2s 3s"), 0, &props, &topic, &queue_id));
  EXPECT_EQ(queue_id, 2);
  EXPECT_EQ(props["DELAY"], "3");
  EXPECT_EQ(props["REAL_TOPIC"], "%RETRY%G");
}

TEST(MoveToScheduleTopicTest, CommittedTransactionsAreDelayedPreparedOnesAreNot) {
  for (int32_t type : {sysflag::kTransactionNotType, sysflag::kTransactionCommitType}) {
    MessageProperties props{{"DELAY", "1"}};
    std::string topic = "T";
    int32_t queue_id = 1;
    EXPECT_TRUE(
        *MoveToScheduleTopic(Levels(), type | sysflag::kCompressedFlag, &props, &topic, &queue_id))
        << type;
  }
  for (int32_t type : {sysflag::kTransactionPreparedType, sysflag::kTransactionRollbackType}) {
    MessageProperties props{{"DELAY", "1"}};
    std::string topic = "T";
    int32_t queue_id = 1;
    EXPECT_FALSE(*MoveToScheduleTopic(Levels(), type, &props, &topic, &queue_id)) << type;
    EXPECT_EQ(topic, "T");
    EXPECT_EQ(props.count("REAL_TOPIC"), 0u);
  }
}

TEST(MoveToScheduleTopicTest, NoPositiveLevelMeansNoDelay) {
  for (const char* delay : {"0", "-1", "+0"}) {
    MessageProperties props{{"DELAY", delay}};
    std::string topic = "T";
    int32_t queue_id = 1;
    auto moved = MoveToScheduleTopic(Levels(), 0, &props, &topic, &queue_id);
    ASSERT_TRUE(moved.ok()) << delay;
    EXPECT_FALSE(*moved) << delay;
    EXPECT_EQ(topic, "T");
    EXPECT_EQ(queue_id, 1);
    EXPECT_EQ(props.size(), 1u);
  }
  MessageProperties none{{"TAGS", "x"}};
  std::string topic = "T";
  int32_t queue_id = 1;
  EXPECT_FALSE(*MoveToScheduleTopic(Levels(), 0, &none, &topic, &queue_id));
}

TEST(MoveToScheduleTopicTest, DelayThatIsNotANumberIsRefused) {
  for (const char* delay : {"abc", "1.5", "3s", "99999999999", "+-1", " 1"}) {
    MessageProperties props{{"DELAY", delay}};
    std::string topic = "T";
    int32_t queue_id = 1;
    auto moved = MoveToScheduleTopic(Levels(), 0, &props, &topic, &queue_id);
    ASSERT_FALSE(moved.ok()) << delay;
    EXPECT_EQ(moved.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(moved.status().message().find("DELAY"), std::string::npos);
    EXPECT_EQ(topic, "T");
  }
}

store::DispatchRequest Dispatch(std::string_view topic, const std::string& properties,
                                int64_t store_timestamp) {
  store::DispatchRequest request;
  request.topic = topic;
  request.properties = properties;
  // As the dispatcher fills it.
  request.tags =
      protocol::FindProperty(properties, protocol::MessageConst::kPropertyTags).value_or("");
  request.store_timestamp = store_timestamp;
  return request;
}

TEST(TagsCodeTest, ScheduleRecordsCarryTheirDeliveryTime) {
  const DelayLevelTable levels = Levels("1s 5s");
  std::string props;
  protocol::AppendProperty(&props, "TAGS", "TagA");
  protocol::AppendProperty(&props, "DELAY", "2");
  EXPECT_EQ(TagsCode(levels, Dispatch("SCHEDULE_TOPIC_XXXX", props, 1700000000000)), 1700000005000);
  // A level above the table counts as the highest one.
  std::string high;
  protocol::AppendProperty(&high, "DELAY", "9");
  EXPECT_EQ(TagsCode(levels, Dispatch("SCHEDULE_TOPIC_XXXX", high, 1000)), 6000);
}

TEST(TagsCodeTest, OtherRecordsKeepTheTagsHash) {
  const DelayLevelTable levels = Levels();
  std::string props;
  protocol::AppendProperty(&props, "TAGS", "TagA");
  protocol::AppendProperty(&props, "DELAY", "2");
  const int64_t hash = protocol::JavaStringHash("TagA");
  // A delivered message keeps DELAY in its properties; outside the schedule topic it is the
  // tags that count.
  EXPECT_EQ(TagsCode(levels, Dispatch("Orders", props, 1000)), hash);
  EXPECT_EQ(TagsCode(levels, Dispatch("Orders", "", 1000)), 0);
  std::string bad;
  protocol::AppendProperty(&bad, "TAGS", "TagA");
  protocol::AppendProperty(&bad, "DELAY", "x");
  EXPECT_EQ(TagsCode(levels, Dispatch("SCHEDULE_TOPIC_XXXX", bad, 1000)), hash);
  std::string zero;
  protocol::AppendProperty(&zero, "DELAY", "0");
  EXPECT_EQ(TagsCode(levels, Dispatch("SCHEDULE_TOPIC_XXXX", zero, 1000)), 0);
}

std::string ScheduledRecord(const std::string& properties, int32_t sys_flag = 0) {
  protocol::MessageRecord record;
  record.topic = "SCHEDULE_TOPIC_XXXX";
  record.queue_id = 0;
  record.flag = 7;
  record.body = "delayed body";
  record.body_crc = protocol::MaskedCrc32(record.body);
  record.queue_offset = 42;
  record.physical_offset = 4096;
  record.sys_flag = sys_flag;
  record.born_timestamp = 1700000000000;
  record.born_host = protocol::HostAddress::V4(0x0A000001, 50000);
  record.store_timestamp = 1700000000100;
  record.store_host = protocol::HostAddress::V4(0x7F000001, 10911);
  record.reconsume_times = 2;
  record.properties = properties;
  auto encoded = protocol::EncodeMessageRecordToString(record);
  EXPECT_TRUE(encoded.ok());
  return *encoded;
}

TEST(RestoreFromScheduleTopicTest, GivesTheMessageBackToItsTopicAndQueue) {
  std::string props;
  protocol::AppendProperty(&props, "TAGS", "TagA");
  protocol::AppendProperty(&props, "DELAY", "1");
  protocol::AppendProperty(&props, "UNIQ_KEY", "7F0000010001ABCDEF");
  protocol::AppendProperty(&props, "REAL_TOPIC", "Orders");
  protocol::AppendProperty(&props, "REAL_QID", "3");
  auto delivery = RestoreFromScheduleTopic(ScheduledRecord(props, sysflag::kMultiTagsFlag));
  ASSERT_TRUE(delivery.ok()) << delivery.status().ToString();
  EXPECT_EQ(delivery->topic, "Orders");
  EXPECT_EQ(delivery->queue_id, 3);
  auto record = protocol::DecodeMessageRecord(delivery->record, true);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->topic, "Orders");
  EXPECT_EQ(record->queue_id, 3);
  EXPECT_EQ(record->body, "delayed body");
  EXPECT_EQ(record->flag, 7);
  EXPECT_EQ(record->sys_flag, sysflag::kMultiTagsFlag);
  EXPECT_EQ(record->born_timestamp, 1700000000000);
  EXPECT_EQ(record->born_host.ToString(), "10.0.0.1:50000");
  EXPECT_EQ(record->store_host.ToString(), "127.0.0.1:10911");
  EXPECT_EQ(record->reconsume_times, 2);
  // Apache 4.9 stores the properties string it read: byte for byte.
  EXPECT_EQ(record->properties, props);
  // The store assigns these again.
  EXPECT_EQ(record->queue_offset, 0);
  EXPECT_EQ(record->physical_offset, 0);
}

TEST(RestoreFromScheduleTopicTest, RecordsWithoutTheirRealTopicOrQueueAreCorrupt) {
  std::string no_topic;
  protocol::AppendProperty(&no_topic, "REAL_QID", "1");
  std::string no_qid;
  protocol::AppendProperty(&no_qid, "REAL_TOPIC", "T");
  std::string bad_qid;
  protocol::AppendProperty(&bad_qid, "REAL_TOPIC", "T");
  protocol::AppendProperty(&bad_qid, "REAL_QID", "-1");
  for (const std::string& props : {no_topic, no_qid, bad_qid}) {
    auto delivery = RestoreFromScheduleTopic(ScheduledRecord(props));
    ASSERT_FALSE(delivery.ok());
    EXPECT_EQ(delivery.status().code(), ErrorCode::kCorruption);
  }
  auto garbage = RestoreFromScheduleTopic("not a record at all");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().code(), ErrorCode::kCorruption);
}

}  // namespace
}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq
