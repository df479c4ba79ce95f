#include "rocketmq/client_config.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace {

TEST(ClientConfigTest, SetsFieldsByJavaNames) {
  ProducerConfig config;
  ASSERT_TRUE(config.Set("namesrvAddr", "127.0.0.1:9876;127.0.0.2:9876").ok());
  ASSERT_TRUE(config.Set("producerGroup", "PG_1").ok());
  ASSERT_TRUE(config.Set("sendMsgTimeout", "500").ok());
  ASSERT_TRUE(config.Set("retryTimesWhenSendFailed", "5").ok());
  ASSERT_TRUE(config.Set("retryAnotherBrokerWhenNotStoreOK", "true").ok());
  ASSERT_TRUE(config.Set("instanceName", "inst").ok());
  ASSERT_TRUE(config.Set("heartbeatBrokerInterval", "1000").ok());
  EXPECT_EQ(config.namesrv_addr, "127.0.0.1:9876;127.0.0.2:9876");
  EXPECT_EQ(config.group, "PG_1");
  EXPECT_EQ(config.send_timeout_ms, 500);
  EXPECT_EQ(config.retry_times_when_send_failed, 5);
  EXPECT_TRUE(config.retry_another_broker_when_not_store_ok);
  EXPECT_EQ(config.instance_name, "inst");
  EXPECT_EQ(config.heartbeat_broker_interval_ms, 1000);
}

TEST(ClientConfigTest, RejectsUnknownKeysAndBadValuesNamingTheKey) {
  ProducerConfig config;
  Status unknown = config.Set("noSuchKey", "1");
  EXPECT_EQ(unknown.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("noSuchKey"), std::string::npos);

  Status bad = config.Set("sendMsgTimeout", "soon");
  EXPECT_EQ(bad.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("sendMsgTimeout"), std::string::npos);
  EXPECT_EQ(config.send_timeout_ms, 3000) << "a rejected value must not change the field";

  EXPECT_FALSE(config.Set("producerGroup", "bad group!").ok());
  EXPECT_FALSE(config.Set("namesrvAddr", "localhost").ok());
  EXPECT_FALSE(config.Set("namesrvAddr", "localhost:99999").ok());
  EXPECT_FALSE(config.Set("compressLevel", "10").ok());
  EXPECT_FALSE(config.Set("useTLS", "maybe").ok());
  EXPECT_FALSE(config.Set("serializeType", "XML").ok());
  EXPECT_TRUE(config.Set("serializeType", "JSON").ok());
  EXPECT_EQ(config.serialize_type, "JSON");
}

TEST(ClientConfigTest, PlainClientConfigDoesNotKnowProducerKeys) {
  ClientConfig config;
  EXPECT_TRUE(config.Set("namespace", "ns").ok());
  EXPECT_EQ(config.name_space, "ns");
  EXPECT_FALSE(config.Set("producerGroup", "G").ok());
}

}  // namespace
}  // namespace rocketmq
