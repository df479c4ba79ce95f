#include "common/settings.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace {

struct DemoConfig {
  int32_t listen_port = 9876;
  int64_t scan_interval_ms = 10000;
  bool auto_create = true;
  std::string flush_type = "ASYNC_FLUSH";
  std::string name = "broker-a";
};

class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_.Int("listenPort", &config_.listen_port, 0, 65535, "port");
    settings_.Int("scanNotActiveBrokerInterval", &config_.scan_interval_ms, 1, INT64_MAX, "scan");
    settings_.Bool("autoCreateTopicEnable", &config_.auto_create, "auto create");
    settings_.Enum("flushDiskType", &config_.flush_type, {"ASYNC_FLUSH", "SYNC_FLUSH"}, "flush");
    settings_.String("brokerName", &config_.name, "name", [](const std::string& v) {
      return v.empty() ? std::string("must not be empty") : std::string();
    });
  }
  DemoConfig config_;
  Settings settings_{"broker"};
};

TEST_F(SettingsTest, AppliesTypedValues) {
  auto props = Properties::Parse(
      "listenPort=10911\nautoCreateTopicEnable=FALSE\nflushDiskType=SYNC_FLUSH\nbrokerName=b\n",
      "f");
  ASSERT_TRUE(props.ok());
  ASSERT_TRUE(settings_.Apply(*props).ok());
  EXPECT_EQ(config_.listen_port, 10911);
  EXPECT_FALSE(config_.auto_create);
  EXPECT_EQ(config_.flush_type, "SYNC_FLUSH");
  EXPECT_EQ(config_.name, "b");
  EXPECT_EQ(config_.scan_interval_ms, 10000);
}

TEST_F(SettingsTest, BadValueNamesKeyOriginAndProblem) {
  auto props = Properties::Parse("\nlistenPort=70000\n", "broker.conf");
  ASSERT_TRUE(props.ok());
  Status s = settings_.Apply(*props);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("broker.conf:2"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("listenPort"), std::string::npos);
  EXPECT_NE(s.message().find("out of range [0, 65535]"), std::string::npos);
  EXPECT_EQ(config_.listen_port, 9876);
}

TEST_F(SettingsTest, RejectsNonNumbersBooleansAndEnumValues) {
  EXPECT_NE(settings_.Set("listenPort", "12ab", "cli").message().find("not an integer"),
            std::string::npos);
  EXPECT_NE(settings_.Set("autoCreateTopicEnable", "yes", "cli").message().find("not a boolean"),
            std::string::npos);
  EXPECT_NE(settings_.Set("flushDiskType", "FAST", "cli").message().find("ASYNC_FLUSH, SYNC_FLUSH"),
            std::string::npos);
  EXPECT_NE(settings_.Set("brokerName", "", "cli").message().find("must not be empty"),
            std::string::npos);
}

TEST_F(SettingsTest, UnknownKeysCollectedOrRejected) {
  auto props = Properties::Parse("listenPort=1\nbrokerRole=ASYNC_MASTER\n", "f");
  ASSERT_TRUE(props.ok());
  std::vector<std::string> unknown;
  ASSERT_TRUE(settings_.Apply(*props, &unknown).ok());
  EXPECT_EQ(unknown, std::vector<std::string>{"brokerRole"});
  Status s = settings_.Apply(*props, nullptr);
  EXPECT_NE(s.message().find("unknown broker setting 'brokerRole'"), std::string::npos);
}

TEST_F(SettingsTest, DumpAndDescribeListEverySetting) {
  const std::string dump = settings_.Dump();
  EXPECT_NE(dump.find("listenPort=9876\n"), std::string::npos);
  EXPECT_NE(dump.find("autoCreateTopicEnable=true\n"), std::string::npos);
  EXPECT_NE(settings_.Describe().find("flushDiskType (default: ASYNC_FLUSH)"), std::string::npos);
}

TEST(ServerCommandLineTest, ParsesFlagsAndOverrides) {
  const char* argv[] = {"broker",         "-c",           "b.conf", "-n", "127.0.0.1:9876",
                        "--listenPort=0", "--brokerName", "x",      "-p"};
  auto cl = ParseServerCommandLine(9, argv, {{'n', "namesrvAddr"}});
  ASSERT_TRUE(cl.ok()) << cl.status().ToString();
  EXPECT_EQ(cl->config_file, "b.conf");
  EXPECT_TRUE(cl->print_config);
  EXPECT_EQ(cl->overrides.Find("namesrvAddr")->value, "127.0.0.1:9876");
  EXPECT_EQ(cl->overrides.Find("listenPort")->value, "0");
  EXPECT_EQ(cl->overrides.Find("brokerName")->value, "x");
}

TEST(ServerCommandLineTest, TakesJvmSystemProperties) {
  const char* argv[] = {"namesrv", "-Dtls.server.mode=enforcing", "-Dtls.config.file="};
  auto cl = ParseServerCommandLine(3, argv, {});
  ASSERT_TRUE(cl.ok()) << cl.status().ToString();
  EXPECT_EQ(cl->overrides.Find("tls.server.mode")->value, "enforcing");
  EXPECT_EQ(cl->overrides.Find("tls.config.file")->value, "");
  const char* bad[] = {"namesrv", "-Dtls.server.mode"};
  EXPECT_NE(ParseServerCommandLine(2, bad, {}).status().message().find("-Dkey=value"),
            std::string::npos);
}

TEST(ServerCommandLineTest, RejectsUnknownFlagsAndMissingValues) {
  const char* unknown[] = {"namesrv", "-z", "1"};
  EXPECT_NE(ParseServerCommandLine(3, unknown, {}).status().message().find("unknown option '-z'"),
            std::string::npos);
  const char* missing[] = {"namesrv", "-c"};
  EXPECT_NE(ParseServerCommandLine(2, missing, {}).status().message().find("-c needs a value"),
            std::string::npos);
}

TEST_F(SettingsTest, UnknownCommandLineKeyIsAnError) {
  ServerCommandLine cl;
  cl.overrides.Set("listenPortt", "1", "command line --listenPortt=1");
  Status s = LoadServerSettings(cl, &settings_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown broker setting 'listenPortt'"), std::string::npos);
}

}  // namespace
}  // namespace rocketmq
