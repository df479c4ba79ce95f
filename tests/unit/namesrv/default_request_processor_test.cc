#include "namesrv/default_request_processor.h"

#include <gtest/gtest.h>
#include <json/json.h>
#include <zlib.h>

#include <memory>

#include "protocol/crc32.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace namesrv {
namespace {

namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;
using remoting::RemotingCommand;

constexpr char kRegisterBody[] =
    R"({"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":3,)"
    R"("timestamp":1700000000000},"topicConfigTable":{"TopicA":{"order":false,"perm":6,)"
    R"("readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"TopicA","topicSysFlag":0,)"
    R"("writeQueueNums":4},"TopicB":{"order":false,"perm":6,"readQueueNums":2,)"
    R"("topicFilterType":"SINGLE_TAG","topicName":"TopicB","topicSysFlag":0,"writeQueueNums":2}}}})";

Json::Value ParseJson(const std::string& text) {
  Json::CharReaderBuilder builder;
  std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
  Json::Value root;
  std::string errors;
  EXPECT_TRUE(reader->parse(text.data(), text.data() + text.size(), &root, &errors))
      << errors << " in " << text;
  return root;
}

// zlib-compresses `raw` like java.util.zip.Deflater (zlib header).
std::string Deflate(const std::string& raw) {
  uLongf size = compressBound(raw.size());
  std::string out(size, '\0');
  EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                      reinterpret_cast<const Bytef*>(raw.data()), raw.size(), 9),
            Z_OK);
  out.resize(size);
  return out;
}

void PutInt(std::string* out, int32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void PutString(std::string* out, const std::string& s) {
  PutInt(out, static_cast<int32_t>(s.size()));
  out->append(s);
}

class DefaultRequestProcessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = rocketmq::testing::TempDir::Create("rmq-namesrv-proc");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(std::move(*dir));
    kv_ = std::make_unique<KvConfigManager>(dir_->File("kv.json"));
    config_.order_message_enable = true;
    processor_ = std::make_unique<DefaultRequestProcessor>(config_, &routes_, kv_.get());
  }

  RemotingCommand Request(int32_t code, protocol::ExtFields fields, std::string body = "",
                          int32_t version = 409) {
    auto request = RemotingCommand::CreateRequest(code, std::move(fields));
    request.set_version(version);
    request.set_body(std::move(body));
    return request;
  }

  RemotingCommand Register(const std::string& name, int64_t id, const std::string& addr,
                           std::string body = kRegisterBody, ConnectionId connection = 1) {
    return processor_->Process(Request(RequestCode::kRegisterBroker,
                                       {{"brokerName", name},
                                        {"brokerAddr", addr},
                                        {"clusterName", "DefaultCluster"},
                                        {"haServerAddr", addr + "1"},
                                        {"brokerId", std::to_string(id)},
                                        {"compressed", "false"},
                                        {"bodyCrc32", "0"}},
                                       std::move(body)),
                               connection);
  }

  RemotingCommand Route(const std::string& topic, int32_t version = 409) {
    return processor_->Process(
        Request(RequestCode::kGetRouteinfoByTopic, {{"topic", topic}}, "", version), 2);
  }

  std::optional<rocketmq::testing::TempDir> dir_;
  NamesrvConfig config_;
  RouteInfoManager routes_{RouteInfoManager::Options{}};
  std::unique_ptr<KvConfigManager> kv_;
  std::unique_ptr<DefaultRequestProcessor> processor_;
};

TEST_F(DefaultRequestProcessorTest, RegisterThenRouteInStandardJson) {
  auto reg = Register("broker-a", 0, "127.0.0.1:10911");
  ASSERT_EQ(reg.code(), ResponseCode::kSuccess) << reg.remark().value_or("");
  EXPECT_EQ(reg.FindExtField("masterAddr"), nullptr);

  auto route = Route("TopicA");
  ASSERT_EQ(route.code(), ResponseCode::kSuccess);
  Json::Value root = ParseJson(route.body().owned());
  ASSERT_EQ(root["queueDatas"].size(), 1u);
  EXPECT_EQ(root["queueDatas"][0]["brokerName"].asString(), "broker-a");
  EXPECT_EQ(root["queueDatas"][0]["writeQueueNums"].asInt(), 4);
  EXPECT_EQ(root["brokerDatas"][0]["brokerAddrs"]["0"].asString(), "127.0.0.1:10911");
  EXPECT_EQ(root["brokerDatas"][0]["cluster"].asString(), "DefaultCluster");
}

TEST_F(DefaultRequestProcessorTest, OldClientsGetFastjsonNumericKeys) {
  ASSERT_EQ(Register("broker-a", 0, "127.0.0.1:10911").code(), ResponseCode::kSuccess);
  auto route = Route("TopicA", 333);
  ASSERT_EQ(route.code(), ResponseCode::kSuccess);
  EXPECT_NE(route.body().owned().find(R"({0:"127.0.0.1:10911"})"), std::string::npos)
      << route.body().owned();
  auto standard = processor_->Process(
      Request(RequestCode::kGetRouteinfoByTopic,
              {{"topic", "TopicA"}, {"acceptStandardJsonOnly", "true"}}, "", 333),
      2);
  EXPECT_NE(standard.body().owned().find(R"({"0":"127.0.0.1:10911"})"), std::string::npos);
}

TEST_F(DefaultRequestProcessorTest, UnknownTopicIsTopicNotExist) {
  auto route = Route("Nope");
  EXPECT_EQ(route.code(), ResponseCode::kTopicNotExist);
  EXPECT_NE(route.remark().value_or("").find("Nope"), std::string::npos);
}

TEST_F(DefaultRequestProcessorTest, SlaveLearnsMasterAndOrderTopicConfigComesBack) {
  ASSERT_TRUE(kv_->Put(kNamespaceOrderTopicConfig, "TopicA", "broker-a:4").ok());
  ASSERT_EQ(Register("broker-a", 0, "127.0.0.1:10911").code(), ResponseCode::kSuccess);
  auto slave = Register("broker-a", 1, "127.0.0.1:10921");
  ASSERT_EQ(slave.code(), ResponseCode::kSuccess);
  ASSERT_NE(slave.FindExtField("masterAddr"), nullptr);
  EXPECT_EQ(*slave.FindExtField("masterAddr"), "127.0.0.1:10911");
  EXPECT_EQ(*slave.FindExtField("haServerAddr"), "127.0.0.1:109111");
  EXPECT_EQ(ParseJson(slave.body().owned())["table"]["TopicA"].asString(), "broker-a:4");

  Json::Value route = ParseJson(Route("TopicA").body().owned());
  EXPECT_EQ(route["orderTopicConf"].asString(), "broker-a:4");
}

TEST_F(DefaultRequestProcessorTest, CompressedRegisterBody) {
  std::string raw;
  PutString(&raw, R"({"counter":7,"timestamp":1700000000001})");
  PutInt(&raw, 1);
  PutString(&raw, "TopicZ 8 8 6 SINGLE_TAG");
  PutString(&raw, "[]");
  auto request = Request(RequestCode::kRegisterBroker,
                         {{"brokerName", "broker-z"},
                          {"brokerAddr", "127.0.0.1:20911"},
                          {"clusterName", "C"},
                          {"haServerAddr", "127.0.0.1:20912"},
                          {"brokerId", "0"},
                          {"compressed", "true"}},
                         Deflate(raw));
  request.SetExtField("bodyCrc32", std::to_string(protocol::MaskedCrc32(request.body().owned())));
  auto response = processor_->Process(request, 5);
  ASSERT_EQ(response.code(), ResponseCode::kSuccess) << response.remark().value_or("");
  Json::Value route = ParseJson(Route("TopicZ").body().owned());
  EXPECT_EQ(route["queueDatas"][0]["writeQueueNums"].asInt(), 8);
}

TEST_F(DefaultRequestProcessorTest, BadRegistrationsAreClearErrors) {
  auto missing = processor_->Process(
      Request(RequestCode::kRegisterBroker, {{"brokerName", "b"}}, kRegisterBody), 1);
  EXPECT_EQ(missing.code(), ResponseCode::kSystemError);
  EXPECT_NE(missing.remark().value_or("").find("brokerAddr"), std::string::npos);

  auto bad_id = Request(RequestCode::kRegisterBroker, {{"brokerName", "b"},
                                                       {"brokerAddr", "a:1"},
                                                       {"clusterName", "c"},
                                                       {"haServerAddr", "a:2"},
                                                       {"brokerId", "zero"}});
  auto response = processor_->Process(bad_id, 1);
  EXPECT_EQ(response.code(), ResponseCode::kSystemError);
  EXPECT_NE(response.remark().value_or("").find("brokerId"), std::string::npos);

  auto garbage = Register("broker-a", 0, "a:1", "{not json");
  EXPECT_EQ(garbage.code(), ResponseCode::kSystemError);
  EXPECT_NE(garbage.remark().value_or("").find("RegisterBrokerBody"), std::string::npos);

  auto crc = Request(RequestCode::kRegisterBroker,
                     {{"brokerName", "b"},
                      {"brokerAddr", "a:1"},
                      {"clusterName", "c"},
                      {"haServerAddr", "a:2"},
                      {"brokerId", "0"},
                      {"bodyCrc32", "12345"}},
                     kRegisterBody);
  response = processor_->Process(crc, 1);
  EXPECT_EQ(response.code(), ResponseCode::kSystemError);
  EXPECT_EQ(response.remark().value_or(""), "crc32 not match");
  EXPECT_EQ(routes_.LiveBrokerCount(), 0u);
}

TEST_F(DefaultRequestProcessorTest, UnregisterRemovesRoutes) {
  ASSERT_EQ(Register("broker-a", 0, "a:1").code(), ResponseCode::kSuccess);
  auto response = processor_->Process(
      Request(RequestCode::kUnregisterBroker, {{"brokerName", "broker-a"},
                                               {"brokerAddr", "a:1"},
                                               {"clusterName", "DefaultCluster"},
                                               {"brokerId", "0"}}),
      1);
  EXPECT_EQ(response.code(), ResponseCode::kSuccess);
  EXPECT_EQ(Route("TopicA").code(), ResponseCode::kTopicNotExist);
}

TEST_F(DefaultRequestProcessorTest, QueryDataVersionReportsChange) {
  ASSERT_EQ(Register("broker-a", 0, "a:1").code(), ResponseCode::kSuccess);
  protocol::ExtFields header = {{"brokerName", "broker-a"},
                                {"brokerAddr", "a:1"},
                                {"clusterName", "DefaultCluster"},
                                {"brokerId", "0"}};
  auto same = processor_->Process(
      Request(RequestCode::kQueryDataVersion, header, R"({"counter":3,"timestamp":1700000000000})"),
      1);
  ASSERT_EQ(same.code(), ResponseCode::kSuccess) << same.remark().value_or("");
  EXPECT_EQ(*same.FindExtField("changed"), "false");
  EXPECT_EQ(ParseJson(same.body().owned())["counter"].asInt(), 3);
  auto changed = processor_->Process(
      Request(RequestCode::kQueryDataVersion, header, R"({"counter":4,"timestamp":1700000000009})"),
      1);
  EXPECT_EQ(*changed.FindExtField("changed"), "true");
  auto bad = processor_->Process(Request(RequestCode::kQueryDataVersion, header, "[1,2"), 1);
  EXPECT_EQ(bad.code(), ResponseCode::kSystemError);
}

TEST_F(DefaultRequestProcessorTest, ClusterInfoAndTopicLists) {
  ASSERT_EQ(Register("broker-a", 0, "a:1").code(), ResponseCode::kSuccess);
  auto info = processor_->Process(Request(RequestCode::kGetBrokerClusterInfo, {}), 1);
  ASSERT_EQ(info.code(), ResponseCode::kSuccess);
  EXPECT_NE(info.body().owned().find(R"("clusterAddrTable":{"DefaultCluster":["broker-a"]})"),
            std::string::npos)
      << info.body().owned();

  auto all = processor_->Process(Request(RequestCode::kGetAllTopicListFromNameserver, {}), 1);
  Json::Value topics = ParseJson(all.body().owned());
  EXPECT_EQ(topics["topicList"].size(), 2u);
  auto by_cluster = processor_->Process(
      Request(RequestCode::kGetTopicsByCluster, {{"cluster", "DefaultCluster"}}), 1);
  EXPECT_EQ(ParseJson(by_cluster.body().owned())["topicList"].size(), 2u);
  auto system = processor_->Process(Request(RequestCode::kGetSystemTopicListFromNs, {}), 1);
  EXPECT_EQ(ParseJson(system.body().owned())["brokerAddr"].asString(), "a:1");
}

TEST_F(DefaultRequestProcessorTest, WritePermAndDeleteTopic) {
  ASSERT_EQ(Register("broker-a", 0, "a:1").code(), ResponseCode::kSuccess);
  auto wipe = processor_->Process(
      Request(RequestCode::kWipeWritePermOfBroker, {{"brokerName", "broker-a"}}), 1);
  EXPECT_EQ(*wipe.FindExtField("wipeTopicCount"), "2");
  EXPECT_EQ(ParseJson(Route("TopicA").body().owned())["queueDatas"][0]["perm"].asInt(), 4);
  auto add = processor_->Process(
      Request(RequestCode::kAddWritePermOfBroker, {{"brokerName", "broker-a"}}), 1);
  EXPECT_EQ(*add.FindExtField("addTopicCount"), "2");
  auto del =
      processor_->Process(Request(RequestCode::kDeleteTopicInNamesrv, {{"topic", "TopicA"}}), 1);
  EXPECT_EQ(del.code(), ResponseCode::kSuccess);
  EXPECT_EQ(Route("TopicA").code(), ResponseCode::kTopicNotExist);
}

TEST_F(DefaultRequestProcessorTest, KvConfigRequests) {
  auto put = processor_->Process(
      Request(RequestCode::kPutKvConfig, {{"namespace", "NS"}, {"key", "k"}, {"value", "v"}}), 1);
  EXPECT_EQ(put.code(), ResponseCode::kSuccess);
  auto get = processor_->Process(
      Request(RequestCode::kGetKvConfig, {{"namespace", "NS"}, {"key", "k"}}), 1);
  EXPECT_EQ(*get.FindExtField("value"), "v");
  auto list =
      processor_->Process(Request(RequestCode::kGetKvlistByNamespace, {{"namespace", "NS"}}), 1);
  EXPECT_EQ(ParseJson(list.body().owned())["table"]["k"].asString(), "v");
  processor_->Process(Request(RequestCode::kDeleteKvConfig, {{"namespace", "NS"}, {"key", "k"}}),
                      1);
  auto gone = processor_->Process(
      Request(RequestCode::kGetKvConfig, {{"namespace", "NS"}, {"key", "k"}}), 1);
  EXPECT_EQ(gone.code(), ResponseCode::kQueryNotFound);
  auto no_ns =
      processor_->Process(Request(RequestCode::kGetKvlistByNamespace, {{"namespace", "Other"}}), 1);
  EXPECT_EQ(no_ns.code(), ResponseCode::kQueryNotFound);
  auto no_value = processor_->Process(
      Request(RequestCode::kPutKvConfig, {{"namespace", "NS"}, {"key", "k"}}), 1);
  EXPECT_EQ(no_value.code(), ResponseCode::kSystemError);
}

TEST_F(DefaultRequestProcessorTest, NamesrvConfigRequests) {
  auto update = Request(RequestCode::kUpdateNamesrvConfig, {}, "orderMessageEnable=false\n");
  EXPECT_EQ(processor_->Process(update, 1).code(), ResponseCode::kSuccess);
  auto config = processor_->Process(Request(RequestCode::kGetNamesrvConfig, {}), 1);
  EXPECT_NE(config.body().owned().find("orderMessageEnable=false"), std::string::npos);

  auto black = Request(RequestCode::kUpdateNamesrvConfig, {}, "kvConfigPath=/etc/passwd\n");
  EXPECT_EQ(processor_->Process(black, 1).code(), ResponseCode::kNoPermission);
  auto bad = Request(RequestCode::kUpdateNamesrvConfig, {}, "listenPort=abc\n");
  auto response = processor_->Process(bad, 1);
  EXPECT_EQ(response.code(), ResponseCode::kSystemError);
  EXPECT_NE(response.remark().value_or("").find("listenPort"), std::string::npos);
}

TEST_F(DefaultRequestProcessorTest, CompressedBodyLabelledUncompressedIsStillRead) {
  // Apache 5.x brokers with compressedRegister=true send this (header compressed=false).
  std::string raw;
  PutString(&raw, R"({"counter":1,"timestamp":1700000000001})");
  PutInt(&raw, 1);
  PutString(&raw, "TopicY 2 2 6 SINGLE_TAG");
  PutString(&raw, "[]");
  ASSERT_EQ(Register("broker-y", 0, "127.0.0.1:30911", Deflate(raw)).code(),
            ResponseCode::kSuccess);
  EXPECT_EQ(Route("TopicY").code(), ResponseCode::kSuccess);
}

TEST_F(DefaultRequestProcessorTest, PreV3_0_11BrokersSendBareTopicTable) {
  auto request = Request(RequestCode::kRegisterBroker,
                         {{"brokerName", "old"},
                          {"brokerAddr", "127.0.0.1:40911"},
                          {"clusterName", "C"},
                          {"haServerAddr", "127.0.0.1:40912"},
                          {"brokerId", "0"}},
                         R"({"dataVersion":{"counter":1,"timestamp":1},"topicConfigTable":)"
                         R"({"OldTopic":{"perm":6,"readQueueNums":1,"topicName":"OldTopic",)"
                         R"("writeQueueNums":1}}})",
                         /*version=*/30);
  auto response = processor_->Process(request, 7);
  ASSERT_EQ(response.code(), ResponseCode::kSuccess) << response.remark().value_or("");
  EXPECT_EQ(Route("OldTopic", 30).code(), ResponseCode::kSuccess);
}

TEST_F(DefaultRequestProcessorTest, HeartbeatMemberGroupAndRegisterTopic) {
  ASSERT_EQ(Register("broker-a", 0, "a:1").code(), ResponseCode::kSuccess);
  auto heartbeat = processor_->Process(
      Request(
          RequestCode::kBrokerHeartbeat,
          {{"clusterName", "DefaultCluster"}, {"brokerAddr", "a:1"}, {"brokerName", "broker-a"}}),
      1);
  EXPECT_EQ(heartbeat.code(), ResponseCode::kSuccess);

  auto group =
      processor_->Process(Request(RequestCode::kGetBrokerMemberGroup,
                                  {{"clusterName", "DefaultCluster"}, {"brokerName", "broker-a"}}),
                          1);
  EXPECT_EQ(group.body().owned(),
            R"({"brokerMemberGroup":{"brokerAddrs":{0:"a:1"},"brokerName":"broker-a",)"
            R"("cluster":"DefaultCluster"}})");

  auto topic = processor_->Process(
      Request(RequestCode::kRegisterTopicInNamesrv, {{"topic", "Static"}},
              R"({"brokerDatas":[],"queueDatas":[{"brokerName":"broker-a","perm":6,)"
              R"("readQueueNums":2,"topicSysFlag":0,"writeQueueNums":2}]})"),
      1);
  EXPECT_EQ(topic.code(), ResponseCode::kSuccess);
  EXPECT_EQ(Route("Static").code(), ResponseCode::kSuccess);
}

TEST(DefaultRequestProcessorWaitTest, RefusesRoutesWhileWaitingForService) {
  auto dir = rocketmq::testing::TempDir::Create("rmq-namesrv-wait");
  ASSERT_TRUE(dir.ok());
  KvConfigManager kv(dir->File("kv.json"));
  RouteInfoManager routes(RouteInfoManager::Options{});
  NamesrvConfig config;
  config.need_wait_for_service = true;
  config.wait_seconds_for_service = 3600;
  DefaultRequestProcessor processor(config, &routes, &kv);
  auto response = processor.Process(
      RemotingCommand::CreateRequest(RequestCode::kGetRouteinfoByTopic, {{"topic", "T"}}), 1);
  EXPECT_EQ(response.code(), ResponseCode::kSystemError);
  EXPECT_EQ(response.remark().value_or(""), "name server not ready");
}

TEST_F(DefaultRequestProcessorTest, UnknownCodeIsNotSupported) {
  auto response = processor_->Process(Request(9999, {}), 1);
  EXPECT_EQ(response.code(), ResponseCode::kRequestCodeNotSupported);
}

}  // namespace
}  // namespace namesrv
}  // namespace rocketmq
