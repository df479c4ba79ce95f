#include "protocol/consumer_status_body.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace protocol {
namespace {

MessageQueue Queue(int32_t id) {
  MessageQueue mq;
  mq.topic = "T";
  mq.broker_name = "b";
  mq.queue_id = id;
  return mq;
}

TEST(GetConsumerStatusBodyTest, WritesQueueKeysRawAsJavaDoes) {
  GetConsumerStatusBody body;
  body.message_queue_table[Queue(0)] = 12;
  body.message_queue_table[Queue(1)] = 7;
  EXPECT_EQ(body.Encode(),
            R"({"consumerTable":{},"messageQueueTable":{{"brokerName":"b","queueId":0,)"
            R"("topic":"T"}:12,{"brokerName":"b","queueId":1,"topic":"T"}:7}})");
}

TEST(GetConsumerStatusBodyTest, RoundTripsWithTheBrokersTable) {
  GetConsumerStatusBody body;
  body.message_queue_table[Queue(3)] = 1;
  body.consumer_table["127.0.0.1@1"][Queue(0)] = 5;
  body.consumer_table["127.0.0.1@2"];
  auto back = GetConsumerStatusBody::Decode(body.Encode());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, body);
}

TEST(GetConsumerStatusBodyTest, BadInputIsAnErrorNamingTheField) {
  auto not_json = GetConsumerStatusBody::Decode("{");
  EXPECT_FALSE(not_json.ok());
  auto bad_offset = GetConsumerStatusBody::Decode(
      R"({"messageQueueTable":{{"brokerName":"b","queueId":0,"topic":"T"}:"x"}})");
  ASSERT_FALSE(bad_offset.ok());
  EXPECT_NE(bad_offset.status().message().find("messageQueueTable"), std::string::npos)
      << bad_offset.status().ToString();
  auto bad_key = GetConsumerStatusBody::Decode(R"({"messageQueueTable":{"nope":1}})");
  EXPECT_FALSE(bad_key.ok());
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
