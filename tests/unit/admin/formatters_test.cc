#include "formatters.h"

#include <gtest/gtest.h>

#include "json_out.h"

namespace rocketmq {
namespace admin_cli {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

TEST(FormattersTest, TopicStatusIsMqadminsTable) {
  std::vector<QueueStatus> queues = {{{"T", "broker-a", 0}, 0, 12, 0},
                                     {{"T", "broker-a", 1}, 3, 7, 0}};
  auto lines = Lines(TopicStatusText(queues));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0],
            "#Broker Name                      #QID  #Min Offset           #Max Offset"
            "             #Last Updated");
  EXPECT_EQ(lines[1].substr(0, 34), "broker-a                          ");
  EXPECT_NE(lines[2].find("3                     7"), std::string::npos) << lines[2];
}

TEST(FormattersTest, ConsumeProgressEndsWithTotals) {
  ConsumeProgress progress;
  progress.queues = {{{"T", "broker-a", 0}, 10, 4, 0}, {{"T", "broker-a", 1}, 5, 5, 0}};
  progress.consume_tps = 2.5;
  const std::string text = ConsumeProgressText(progress);
  EXPECT_NE(text.find("#Topic"), std::string::npos);
  EXPECT_NE(text.find("Consume TPS: 2.50\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Diff Total: 6\n"), std::string::npos) << text;
  const std::string json = ConsumeProgressJson("CG", progress);
  EXPECT_NE(json.find("\"diffTotal\":6"), std::string::npos) << json;
  EXPECT_NE(json.find("\"diff\":6"), std::string::npos) << json;
}

TEST(FormattersTest, GroupSummariesShowOfflineGroups) {
  std::vector<GroupSummary> groups(2);
  groups[0] = {"CG_ONLINE", 2, 409, "PUSH", "CLUSTERING", 12.0, 5};
  groups[1].group = "CG_OFFLINE";
  auto lines = Lines(GroupSummariesText(groups));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("#Group", 0), 0u);
  EXPECT_NE(lines[1].find("PUSH   CLUSTERING"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("OFFLINE"), std::string::npos) << lines[2];
  EXPECT_NE(GroupSummariesJson(groups).find("\"diffTotal\":5"), std::string::npos);
}

TEST(FormattersTest, StatsAllIsMqadminsTable) {
  std::vector<TopicGroupStats> rows = {{"TopicA", "GroupA", 3, 1.5, 0.25, 100, 97},
                                       {"Lonely", "", 0, 0, 0, 5, 0}};
  const std::string text = StatsAllText(rows);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            Format("%-64s  %-64s %12s %11s %11s %14s %14s", "#Topic", "#Consumer Group",
                   "#Accumulation", "#InTPS", "#OutTPS", "#InMsg24Hour", "#OutMsg24Hour"));
  EXPECT_NE(text.find(Format("%-64s  %-64s %12d %11.2f %11.2f %14d %14d\n", "TopicA", "GroupA", 3,
                             1.5, 0.25, 100, 97)),
            std::string::npos);
  EXPECT_NE(text.find("NO_CONSUMER"), std::string::npos);
  EXPECT_NE(StatsAllJson(rows).find(R"("inMsg24Hour":100)"), std::string::npos);
}

TEST(FormattersTest, JsonEscapesEverythingUnsafe) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(JsonQuote(std::string("\x01", 1)), "\"\\u0001\"");
  EXPECT_EQ(JsonQuote("\xff"), "\"\\u00ff\"");
  EXPECT_EQ(JsonQuote("h\xc3\xa9"), "\"h\xc3\xa9\"");
  JsonOut out;
  out.BeginObject().Field("a", 1).Key("b").BeginArray().Int(1).String("x").EndArray().EndObject();
  EXPECT_EQ(out.str(), "{\"a\":1,\"b\":[1,\"x\"]}");
}

TEST(FormattersTest, BinaryBodiesAreShownAsHex) {
  EXPECT_EQ(SafeBody("hello <script>"), "hello <script>");
  EXPECT_EQ(SafeBody(std::string("\x00\x01\xff", 3)), "hex:0001ff");
}

TEST(FormattersTest, MessageTextHasMqadminsLabels) {
  MessageExt m;
  m.set_topic("T");
  m.set_body("hi");
  m.set_tags("TagA");
  m.set_keys({"k1"});
  m.set_queue_id(2);
  m.set_queue_offset(7);
  const std::string text = MessageText(m);
  for (const char* line : {"OffsetID:", "Topic:               T\n", "Tags:                [TagA]\n",
                           "Keys:                [k1]\n", "Queue ID:            2\n",
                           "Queue Offset:        7\n", "Message Body:        hi\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  const std::string json = MessageListJson({m});
  EXPECT_NE(json.find("\"keys\":[\"k1\"]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"queueOffset\":7"), std::string::npos) << json;
}

TEST(FormattersTest, PrintMsgLineCanLeaveTheBodyOut) {
  MessageExt m;
  m.set_topic("T");
  m.set_body("payload");
  m.set_msg_id("ID1");
  const std::string with_body = PrintMsgLine(m, true);
  EXPECT_EQ(with_body.rfind("MSGID: ID1 MessageExt [", 0), 0u) << with_body;
  EXPECT_NE(with_body.find("Message{topic='T'"), std::string::npos) << with_body;
  EXPECT_NE(with_body.find(" BODY: payload\n"), std::string::npos) << with_body;
  EXPECT_NE(PrintMsgLine(m, false).find(" BODY: NOT PRINT BODY\n"), std::string::npos);
}

TEST(FormattersTest, ClusterListHasOneRowPerBrokerAddress) {
  ClusterInfo info;
  info.clusters["DefaultCluster"] = {"broker-a"};
  info.brokers["broker-a"] = BrokerInfo{"DefaultCluster", "broker-a", {{0, "127.0.0.1:10911"}}};
  std::map<std::string, std::map<std::string, std::string>> stats;
  stats["127.0.0.1:10911"] = {{"brokerVersionDesc", "V4_9_7"}, {"putTps", "12.5 10 9"}};
  auto lines = Lines(ClusterListText(info, stats, 0));
  ASSERT_EQ(lines.size(), 2u);
  // The header as Apache's mqadmin prints it.
  EXPECT_EQ(lines[0].rfind("#Cluster Name     #Broker Name            #BID  #Addr", 0), 0u)
      << lines[0];
  EXPECT_EQ(lines[1].rfind("DefaultCluster    broker-a", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find("V4_9_7"), std::string::npos);
  EXPECT_NE(lines[1].find("12.50("), std::string::npos) << lines[1];
}

TEST(FormattersTest, TopicRouteIsJson) {
  TopicRoute route;
  route.queues.push_back({"broker-a", 4, 4, 6});
  route.brokers.push_back({"DefaultCluster", "broker-a", {{0, "127.0.0.1:10911"}}});
  EXPECT_EQ(TopicRouteJson(route),
            "{\"brokerDatas\":[{\"cluster\":\"DefaultCluster\",\"brokerName\":\"broker-a\","
            "\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"}}],\"queueDatas\":[{\"brokerName\":"
            "\"broker-a\",\"readQueueNums\":4,\"writeQueueNums\":4,\"perm\":6}]}\n");
}

}  // namespace
}  // namespace admin_cli
}  // namespace rocketmq
