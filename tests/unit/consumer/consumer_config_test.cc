#include "rocketmq/consumer_config.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace {

TEST(ConsumerConfigTest, SetsByJavaNames) {
  ConsumerConfig config;
  EXPECT_TRUE(config.Set("consumerGroup", "CG_1").ok());
  EXPECT_TRUE(config.Set("messageModel", "BROADCASTING").ok());
  EXPECT_TRUE(config.Set("consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET").ok());
  EXPECT_TRUE(config.Set("pullBatchSize", "16").ok());
  EXPECT_TRUE(config.Set("consumeMessageBatchMaxSize", "4").ok());
  EXPECT_TRUE(config.Set("consumeOnIoThread", "true").ok());
  EXPECT_TRUE(config.Set("namesrvAddr", "127.0.0.1:9876").ok());
  EXPECT_EQ(config.group, "CG_1");
  EXPECT_EQ(config.message_model, MessageModel::kBroadcasting);
  EXPECT_EQ(config.consume_from_where, ConsumeFromWhere::kFirstOffset);
  EXPECT_EQ(config.pull_batch_size, 16);
  EXPECT_EQ(config.consume_message_batch_max_size, 4);
  EXPECT_TRUE(config.consume_on_io_thread);
  EXPECT_EQ(config.namesrv_addr, "127.0.0.1:9876");
}

TEST(ConsumerConfigTest, RejectsBadValuesNamingTheKey) {
  ConsumerConfig config;
  Status bad_model = config.Set("messageModel", "SOMETIMES");
  EXPECT_EQ(bad_model.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad_model.message().find("messageModel"), std::string::npos);
  EXPECT_FALSE(config.Set("pullBatchSize", "0").ok());
  EXPECT_FALSE(config.Set("noSuchKey", "1").ok());
  EXPECT_EQ(config.pull_batch_size, 32);
}

}  // namespace
}  // namespace rocketmq
