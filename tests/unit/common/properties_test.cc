#include "common/properties.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace {

TEST(PropertiesTest, ParsesApacheBrokerConf) {
  const char* text =
      "# broker.conf\n"
      "brokerClusterName = DefaultCluster\n"
      "brokerName=broker-a\r\n"
      "! also a comment\n"
      "   brokerId: 0\n"
      "deleteWhen 04\n"
      "\n"
      "storePathRootDir=/tmp/store \\\n"
      "   /more\n";
  auto props = Properties::Parse(text, "broker.conf");
  ASSERT_TRUE(props.ok()) << props.status().ToString();
  ASSERT_NE(props->Find("brokerClusterName"), nullptr);
  EXPECT_EQ(props->Find("brokerClusterName")->value, "DefaultCluster");
  EXPECT_EQ(props->Find("brokerName")->value, "broker-a");
  EXPECT_EQ(props->Find("brokerId")->value, "0");
  EXPECT_EQ(props->Find("brokerId")->origin, "broker.conf:5");
  EXPECT_EQ(props->Find("deleteWhen")->value, "04");
  EXPECT_EQ(props->Find("storePathRootDir")->value, "/tmp/store /more");
  EXPECT_EQ(props->entries().size(), 5u);
}

TEST(PropertiesTest, EscapesAndEmptyValues) {
  auto props = Properties::Parse("a\\=b=c\\td\nempty=\nuni=\\u00e9\n", "x");
  ASSERT_TRUE(props.ok());
  EXPECT_EQ(props->Find("a=b")->value, "c\td");
  EXPECT_EQ(props->Find("empty")->value, "");
  EXPECT_EQ(props->Find("uni")->value, "\xc3\xa9");
}

TEST(PropertiesTest, MalformedUnicodeEscapeNamesTheLine) {
  auto props = Properties::Parse("ok=1\nbad=\\u12\n", "namesrv.conf");
  ASSERT_FALSE(props.ok());
  EXPECT_NE(props.status().message().find("namesrv.conf:2"), std::string::npos);
}

TEST(PropertiesTest, LaterKeysWin) {
  auto props = Properties::Parse("k=1\nk=2\n", "x");
  ASSERT_TRUE(props.ok());
  EXPECT_EQ(props->Find("k")->value, "2");
}

TEST(PropertiesTest, MissingFileIsAnIoError) {
  auto props = Properties::LoadFile("/nonexistent/dir/broker.conf");
  ASSERT_FALSE(props.ok());
  EXPECT_EQ(props.status().code(), ErrorCode::kIoError);
  EXPECT_NE(props.status().message().find("/nonexistent/dir/broker.conf"), std::string::npos);
}

}  // namespace
}  // namespace rocketmq
