// Every --json output of rmq-admin parses as JSON, and values that need escaping (quotes,
// control characters, markup, invalid UTF-8) come back as they went in or as their escapes.
#include <json/json.h>

#include <gtest/gtest.h>

#include <memory>

#include "formatters.h"

namespace rocketmq {
namespace admin_cli {
namespace {

Json::Value Parse(const std::string& text) {
  Json::CharReaderBuilder builder;
  builder["failIfExtra"] = true;
  std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
  Json::Value value;
  std::string errors;
  EXPECT_TRUE(reader->parse(text.data(), text.data() + text.size(), &value, &errors))
      << errors << "\n"
      << text;
  return value;
}

MessageExt Tricky() {
  MessageExt m;
  m.set_topic("T\"1");
  m.set_body("<script>alert(\"x\")</script>\n\x01");
  m.set_keys({"k\\1", "k2"});
  m.set_property("bin", std::string("\xff\xfe", 2));
  return m;
}

TEST(JsonOutputTest, EveryFormatterWritesValidJson) {
  ClusterInfo info;
  info.clusters["C\"1"] = {"b"};
  info.brokers["b"] = BrokerInfo{"C\"1", "b", {{0, "127.0.0.1:1"}}};
  std::map<std::string, std::map<std::string, std::string>> stats = {
      {"127.0.0.1:1", {{"putTps", "1.5 1 1"}}}};
  TopicRoute route;
  route.brokers.push_back(info.brokers["b"]);
  route.queues.push_back({"b", 1, 1, 6});
  route.order_topic_conf = "b:1";
  ConsumeProgress progress;
  progress.queues.push_back({{"T", "b", 0}, 3, 1, 0});
  ConsumerConnections connections;
  connections.connections.push_back({"id\t1", "127.0.0.1:2", "CPP", 3});
  connections.subscriptions["T"] = "a || b";
  ConsumerRunningInfo running;
  running.properties["PROP_X"] = "\"quoted\"";
  running.queues.push_back({{"T", "b", 0}, 1, 0, 0, 0, false, false, 0, 0});
  running.rates["T"] = ConsumeRates{};
  running.jstack = "thread\n";
  SendResult sent;
  sent.message_id = "ID";

  for (const std::string& json :
       {ClusterListJson(info, stats), TopicListJson({"a", "b\"c"}), TopicRouteJson(route),
        TopicStatusJson({{{"T", "b", 0}, 0, 5, 1}}), ConsumeProgressJson("G", progress),
        GroupSummariesJson({{"G", 1, 2, "PUSH", "CLUSTERING", 1.0 / 3.0, 4}}),
        TopicUsageJson({{"C", "T", {"G1", "G2"}}, {"C", "U", {}}}),
        ConsumerConnectionsJson(connections), ProducerConnectionsJson(connections.connections),
        RunningInfoJson("id", running), MessageJson(Tricky()), MessageListJson({Tricky()}),
        MapJson({{"k", "v\\"}}), MapsJson({{"a", {{"k", "v"}}}}),
        ResetOffsetJson({{{"T", "b", 0}, 7}}), SendResultJson(sent)}) {
    Parse(json);
  }
}

TEST(JsonOutputTest, StringsSurviveTheRoundTrip) {
  const Json::Value message = Parse(MessageJson(Tricky()));
  EXPECT_EQ(message["topic"].asString(), "T\"1");
  EXPECT_EQ(message["body"].asString(), "<script>alert(\"x\")</script>\n\x01");
  EXPECT_EQ(message["keys"][0].asString(), "k\\1");
  // Bytes that are not UTF-8 are escaped one by one (as U+00FF, U+00FE).
  EXPECT_EQ(message["properties"]["bin"].asString(), "\xc3\xbf\xc3\xbe");
}

}  // namespace
}  // namespace admin_cli
}  // namespace rocketmq
