#include "broker/broker_config.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace broker {
namespace {

TEST(BrokerConfigTest, DefaultsMatchApache) {
  BrokerConfig config;
  EXPECT_EQ(config.broker_cluster_name, "DefaultCluster");
  EXPECT_EQ(config.listen_port, 10911);
  EXPECT_EQ(config.broker_permission, 6);
  EXPECT_EQ(config.default_topic_queue_nums, 8);
  EXPECT_TRUE(config.auto_create_topic_enable);
  EXPECT_TRUE(config.auto_create_subscription_group);
  EXPECT_TRUE(config.long_polling_enable);
  EXPECT_EQ(config.register_broker_timeout_mills, 6000);
  EXPECT_EQ(config.region_id, "DefaultRegion");
  EXPECT_FALSE(config.broker_name.empty());
  EXPECT_FALSE(config.broker_ip1.empty());
}

TEST(BrokerConfigTest, AppliesApacheBrokerConf) {
  BrokerConfig config;
  Settings settings("broker");
  RegisterBrokerSettings(&config, &settings);
  auto props = Properties::Parse(
      "brokerClusterName = C1\nbrokerName=broker-a\nbrokerId=0\n"
      "namesrvAddr=127.0.0.1:9876;127.0.0.1:9877\nbrokerIP1=127.0.0.1\n"
      "autoCreateTopicEnable=false\nlistenPort=0\n",
      "broker.conf");
  ASSERT_TRUE(props.ok());
  ASSERT_TRUE(settings.Apply(*props).ok());
  EXPECT_EQ(config.broker_cluster_name, "C1");
  EXPECT_EQ(config.broker_name, "broker-a");
  EXPECT_FALSE(config.auto_create_topic_enable);
  EXPECT_EQ(config.listen_port, 0);
  EXPECT_EQ(config.NamesrvAddrs(), (std::vector<std::string>{"127.0.0.1:9876", "127.0.0.1:9877"}));
  EXPECT_EQ(config.BrokerAddr(10911), "127.0.0.1:10911");
}

TEST(BrokerConfigTest, BadValuesNameTheKey) {
  BrokerConfig config;
  Settings settings("broker");
  RegisterBrokerSettings(&config, &settings);
  Status s = settings.Set("namesrvAddr", "localhost", "command line");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("namesrvAddr"), std::string::npos) << s.message();
  s = settings.Set("brokerIP1", "not-an-ip", "command line");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("brokerIP1"), std::string::npos) << s.message();
  s = settings.Set("listenPort", "70000", "command line");
  EXPECT_FALSE(s.ok());
  s = settings.Set("noSuchKey", "1", "command line");
  EXPECT_FALSE(s.ok());
}

TEST(BrokerConfigTest, CommandLineShortFlagN) {
  BrokerConfig config;
  Settings settings("broker");
  RegisterBrokerSettings(&config, &settings);
  const char* argv[] = {"broker", "-n", "127.0.0.1:9876", "--listenPort=0", "--brokerName=b1"};
  auto cmdline = ParseServerCommandLine(5, argv, {{'n', "namesrvAddr"}});
  ASSERT_TRUE(cmdline.ok());
  ASSERT_TRUE(LoadServerSettings(*cmdline, &settings).ok());
  EXPECT_EQ(config.namesrv_addr, "127.0.0.1:9876");
  EXPECT_EQ(config.broker_name, "b1");
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
