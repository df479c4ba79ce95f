#include <gtest/gtest.h>

#include <string>

#include "protocol/consume_stats.h"
#include "protocol/consumer_list_body.h"
#include "protocol/heartbeat_data.h"
#include "protocol/lock_batch_body.h"
#include "protocol/message_queue.h"

namespace rocketmq {
namespace protocol {
namespace {

// protocol.md §4.2, a 4.9.8 push consumer's heartbeat.
const char kJavaHeartbeat[] =
    R"({"clientID":"10.0.0.5@12345#812345678901","consumerDataSet":[{"consumeFromWhere":)"
    R"("CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","groupName":"G1",)"
    R"("messageModel":"CLUSTERING","subscriptionDataSet":[{"classFilterMode":false,)"
    R"("codeSet":[2598919],"expressionType":"TAG","subString":"TagA","subVersion":)"
    R"(1700000000000,"tagsSet":["TagA"],"topic":"T1"},{"classFilterMode":false,"codeSet":[],)"
    R"("expressionType":"TAG","subString":"*","subVersion":1700000000001,"tagsSet":[],)"
    R"("topic":"%RETRY%G1"}],"unitMode":false}],"producerDataSet":[{"groupName":)"
    R"("CLIENT_INNER_PRODUCER"}]})";

TEST(HeartbeatDataTest, DecodesAndReencodesJavaBytes) {
  Result<HeartbeatData> data = HeartbeatData::Decode(kJavaHeartbeat);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->client_id, "10.0.0.5@12345#812345678901");
  ASSERT_EQ(data->consumer_data_set.size(), 1u);
  const ConsumerData& consumer = data->consumer_data_set[0];
  EXPECT_EQ(consumer.group_name, "G1");
  ASSERT_EQ(consumer.subscription_data_set.size(), 2u);
  EXPECT_EQ(consumer.subscription_data_set[0].code_set, (std::set<int32_t>{2598919}));
  EXPECT_EQ(consumer.subscription_data_set[1].sub_string, "*");
  EXPECT_FALSE(data->heartbeat_fingerprint.has_value());
  EXPECT_EQ(data->Encode(), kJavaHeartbeat);
}

TEST(HeartbeatDataTest, V2FieldsAndErrors) {
  HeartbeatData data;
  data.client_id = "c";
  data.heartbeat_fingerprint = -17;
  data.without_sub = true;
  ConsumerData consumer;
  consumer.group_name = "G";
  SubscriptionData sub;
  sub.topic = "T";
  sub.sub_string = "a || b";
  sub.tags_set = {"a", "b"};
  sub.code_set = {97, 98, -5};
  consumer.subscription_data_set.push_back(sub);
  data.consumer_data_set.push_back(consumer);
  Result<HeartbeatData> back = HeartbeatData::Decode(data.Encode());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, data);
  EXPECT_FALSE(HeartbeatData::Decode(R"({"consumerDataSet":[]})").ok());
  Result<HeartbeatData> bad = HeartbeatData::Decode(
      R"({"clientID":"c","consumerDataSet":[{"groupName":"G","subscriptionDataSet":[{}]}]})");
  EXPECT_NE(bad.status().message().find("consumerDataSet[0].subscriptionDataSet[0]"),
            std::string::npos)
      << bad.status().ToString();
}

TEST(LockBatchBodyTest, RoundTripsAndJavaText) {
  const char java[] =
      R"({"clientId":"c1","consumerGroup":"G1","mqSet":[{"brokerName":"broker-a","queueId":0,)"
      R"("topic":"T1"},{"brokerName":"broker-a","queueId":1,"topic":"T1"}],)"
      R"("onlyThisBroker":false})";
  Result<LockBatchRequestBody> body = LockBatchRequestBody::Decode(java);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(body->mq_set.size(), 2u);
  EXPECT_EQ(body->Encode(), java);
  LockBatchResponseBody response;
  response.lock_ok_mq_set = body->mq_set;
  EXPECT_EQ(LockBatchResponseBody::Decode(response.Encode()).value(), response);
  EXPECT_NE(response.Encode().find(R"({"lockOKMQSet":[{"brokerName")"), std::string::npos);
  EXPECT_FALSE(LockBatchRequestBody::Decode(R"({"mqSet":[{"topic":"T"}]})").ok());
}

TEST(ConsumerListBodyTest, RoundTrip) {
  GetConsumerListByGroupResponseBody body;
  body.consumer_id_list = {"a@1", "b@2"};
  EXPECT_EQ(body.Encode(), R"({"consumerIdList":["a@1","b@2"]})");
  EXPECT_EQ(GetConsumerListByGroupResponseBody::Decode(body.Encode())->consumer_id_list,
            body.consumer_id_list);
  GroupList groups;
  groups.group_list = {"G1"};
  EXPECT_EQ(GroupList::Decode(groups.Encode())->group_list, groups.group_list);
}

TEST(ConsumeStatsTest, MessageQueueKeysAreRawObjects) {
  const char java[] =
      R"({"consumeTps":1.5,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T1"}:)"
      R"({"brokerOffset":10,"consumerOffset":7,"lastTimestamp":1700000000000}}})";
  Result<ConsumeStats> stats = ConsumeStats::Decode(java);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  const MessageQueue mq{"T1", "broker-a", 0};
  ASSERT_EQ(stats->offset_table.count(mq), 1u);
  EXPECT_EQ(stats->offset_table.at(mq).consumer_offset, 7);
  EXPECT_EQ(stats->consume_tps, 1.5);
  EXPECT_EQ(stats->Encode(), java);
  EXPECT_FALSE(ConsumeStats::Decode(R"({"offsetTable":{{"topic":"T"}:{}}})").ok());
  EXPECT_FALSE(ConsumeStats::Decode(R"({"offsetTable":{"notAQueue":{}}})").ok());
}

TEST(TopicStatsTableTest, RoundTrip) {
  TopicStatsTable table;
  table.offset_table[{"T1", "broker-a", 1}] = {3, 9, 1700000000000};
  const std::string json = table.Encode();
  EXPECT_EQ(json, R"({"offsetTable":{{"brokerName":"broker-a","queueId":1,"topic":"T1"}:)"
                  R"({"lastUpdateTimestamp":1700000000000,"maxOffset":9,"minOffset":3}}})");
  EXPECT_EQ(TopicStatsTable::Decode(json).value(), table);
  table.topic_put_tps = 0.0;
  EXPECT_EQ(TopicStatsTable::Decode(table.Encode()).value(), table);

  ResetOffsetBody reset;
  reset.offset_table[{"T1", "b", 0}] = 42;
  EXPECT_EQ(ResetOffsetBody::Decode(reset.Encode())->offset_table, reset.offset_table);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
