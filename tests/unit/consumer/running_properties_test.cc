#include "consumer/running_properties.h"

#include <gtest/gtest.h>

#include "protocol/consumer_running_info.h"

namespace rocketmq {
namespace consumer {
namespace {

TEST(RunningPropertiesTest, JavaNamesAndThePropEntriesMqadminReads) {
  ConsumerConfig config;
  config.group = "ns%G";
  config.message_model = MessageModel::kBroadcasting;
  config.consume_from_where = ConsumeFromWhere::kTimestamp;
  config.pull_batch_size = 16;
  config.allocate_strategy = "AVG_BY_CIRCLE";
  const auto props = RunningProperties(config, "10.0.0.1:9876", "CONSUME_PASSIVELY", 1234);
  EXPECT_EQ(props.at("consumerGroup"), "ns%G");
  EXPECT_EQ(props.at("messageModel"), "BROADCASTING");
  EXPECT_EQ(props.at("consumeFromWhere"), "CONSUME_FROM_TIMESTAMP");
  EXPECT_EQ(props.at("pullBatchSize"), "16");
  EXPECT_EQ(props.at("allocateMessageQueueStrategy"), "AVG_BY_CIRCLE");
  EXPECT_EQ(props.at(protocol::kPropNamesrvAddr), "10.0.0.1:9876");
  EXPECT_EQ(props.at(protocol::kPropConsumeType), "CONSUME_PASSIVELY");
  EXPECT_EQ(props.at(protocol::kPropConsumerStartTimestamp), "1234");
  EXPECT_FALSE(props.at(protocol::kPropClientVersion).empty());
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
