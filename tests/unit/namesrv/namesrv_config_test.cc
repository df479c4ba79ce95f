#include "namesrv/namesrv_config.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace namesrv {
namespace {

TEST(NamesrvConfigTest, DefaultsMatchApache) {
  NamesrvConfig config;
  EXPECT_EQ(config.listen_port, 9876);
  EXPECT_EQ(config.bind_address, "0.0.0.0");
  EXPECT_EQ(config.scan_not_active_broker_interval_ms, 10000);
  EXPECT_EQ(config.broker_channel_expired_time_ms, 120000);
  EXPECT_FALSE(config.order_message_enable);
  EXPECT_NE(config.kv_config_path.find("/namesrv/kvConfig.json"), std::string::npos);
}

TEST(NamesrvConfigTest, AppliesApacheKeysFromFileAndCommandLine) {
  NamesrvConfig config;
  Settings settings("namesrv");
  RegisterNamesrvSettings(&config, &settings);
  auto props = Properties::Parse(
      "listenPort=9999\norderMessageEnable=true\nkvConfigPath=/tmp/kv.json\n"
      "scanNotActiveBrokerInterval=200\n",
      "namesrv.conf");
  ASSERT_TRUE(props.ok());
  ASSERT_TRUE(settings.Apply(*props).ok());
  EXPECT_EQ(config.listen_port, 9999);
  EXPECT_TRUE(config.order_message_enable);
  EXPECT_EQ(config.kv_config_path, "/tmp/kv.json");
  EXPECT_EQ(config.scan_not_active_broker_interval_ms, 200);
  EXPECT_NE(settings.Dump().find("listenPort=9999"), std::string::npos);
}

TEST(NamesrvConfigTest, BadValuesNameTheKey) {
  NamesrvConfig config;
  Settings settings("namesrv");
  RegisterNamesrvSettings(&config, &settings);
  Status s = settings.Set("listenPort", "99999", "command line");
  EXPECT_NE(s.message().find("listenPort"), std::string::npos);
  s = settings.Set("logLevel", "loud", "command line");
  EXPECT_NE(s.message().find("logLevel"), std::string::npos);
  EXPECT_NE(s.message().find("loud"), std::string::npos);
  s = settings.Set("scanNotActiveBrokerInterval", "0", "command line");
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace namesrv
}  // namespace rocketmq
