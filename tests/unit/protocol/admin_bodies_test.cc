#include <gtest/gtest.h>

#include "protocol/connection_bodies.h"
#include "protocol/consumer_running_info.h"

namespace rocketmq {
namespace protocol {
namespace {

TEST(ConnectionBodiesTest, ConsumerConnectionJavaText) {
  const char java[] =
      R"({"connectionSet":[{"clientAddr":"10.0.0.5:50000","clientId":"10.0.0.5@1",)"
      R"("language":"JAVA","version":409}],"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET",)"
      R"("consumeType":"CONSUME_PASSIVELY","messageModel":"CLUSTERING","subscriptionTable":)"
      R"({"T1":{"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*",)"
      R"("subVersion":1,"tagsSet":[],"topic":"T1"}}})";
  Result<ConsumerConnection> body = ConsumerConnection::Decode(java);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  ASSERT_EQ(body->connection_set.size(), 1u);
  EXPECT_EQ(body->connection_set[0].version, 409);
  EXPECT_EQ(body->subscription_table.at("T1").sub_string, "*");
  EXPECT_EQ(body->Encode(), java);

  ProducerConnection producers;
  producers.connection_set = body->connection_set;
  EXPECT_EQ(ProducerConnection::Decode(producers.Encode())->connection_set,
            producers.connection_set);
}

TEST(ConsumerRunningInfoTest, RoundTripWithQueueKeys) {
  ConsumerRunningInfo info;
  info.properties[kPropConsumeType] = "CONSUME_PASSIVELY";
  info.properties[kPropConsumeOrderly] = "false";
  ProcessQueueInfo pq;
  pq.commit_offset = 12;
  pq.cached_msg_count = 3;
  pq.locked = true;
  pq.dropped = true;
  info.mq_table[{"T1", "broker-a", 2}] = pq;
  ConsumeStatus status;
  status.pull_tps = 12.5;
  status.consume_failed_msgs = 4;
  info.status_table["T1"] = status;
  SubscriptionData sub;
  sub.topic = "T1";
  info.subscription_set.push_back(sub);
  const std::string json = info.Encode();
  EXPECT_NE(json.find(R"("mqTable":{{"brokerName":"broker-a","queueId":2,"topic":"T1"}:)"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("consumeFailedMsgs":4,"consumeFailedTPS":0.0,"consumeOKTPS":0.0,)"),
            std::string::npos)
      << json;
  Result<ConsumerRunningInfo> back = ConsumerRunningInfo::Decode(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, info);
  info.jstack = "thread dump";
  EXPECT_EQ(ConsumerRunningInfo::Decode(info.Encode()).value(), info);
}

TEST(ConsumeMessageDirectlyResultTest, RoundTrip) {
  ConsumeMessageDirectlyResult result;
  result.consume_result = kConsumeResultLater;
  result.spent_time_mills = 7;
  EXPECT_EQ(result.Encode(),
            R"({"autoCommit":true,"consumeResult":"CR_LATER","order":false,"spentTimeMills":7})");
  Result<ConsumeMessageDirectlyResult> back = ConsumeMessageDirectlyResult::Decode(result.Encode());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->consume_result, kConsumeResultLater);
  EXPECT_FALSE(back->remark.has_value());
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
