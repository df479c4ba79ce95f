#include <gtest/gtest.h>

#include <string>

#include "protocol/big_endian.h"
#include "protocol/cluster_info.h"
#include "protocol/compression.h"
#include "protocol/data_version.h"
#include "protocol/kv_table.h"
#include "protocol/register_broker_body.h"
#include "protocol/topic_config.h"
#include "protocol/topic_config_wrapper.h"
#include "protocol/topic_list.h"
#include "protocol/topic_route_data.h"

namespace rocketmq {
namespace protocol {
namespace {

// protocol.md §4.1, the legacy (fastjson) form a 4.9.x/5.x namesrv sends to old clients.
const char kJavaRoute[] =
    R"({"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},)"
    R"("brokerName":"broker-a","cluster":"DefaultCluster","enableActingMaster":false}],)"
    R"("filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,)"
    R"("readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";

TopicRouteData SampleRoute() {
  TopicRouteData route;
  BrokerData broker;
  broker.cluster = "DefaultCluster";
  broker.broker_name = "broker-a";
  broker.broker_addrs = {{0, "10.0.0.1:10911"}, {1, "10.0.0.2:10911"}};
  route.broker_datas.push_back(broker);
  QueueData queue;
  queue.broker_name = "broker-a";
  queue.read_queue_nums = 4;
  queue.write_queue_nums = 4;
  queue.perm = 6;
  route.queue_datas.push_back(queue);
  return route;
}

TEST(TopicRouteDataTest, EncodesJavaBytes) {
  EXPECT_EQ(SampleRoute().Encode(), kJavaRoute);
  std::string standard = kJavaRoute;
  standard.replace(standard.find("{0:"), 3, R"({"0":)");
  standard.replace(standard.find(",1:"), 3, R"(,"1":)");
  EXPECT_EQ(SampleRoute().Encode(JsonWriter::Mode::kStandard), standard);
}

TEST(TopicRouteDataTest, DecodesJavaAndStandardForms) {
  Result<TopicRouteData> legacy = TopicRouteData::Decode(kJavaRoute);
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(*legacy, SampleRoute());
  EXPECT_EQ(legacy->broker_datas[0].MasterAddr(), std::optional<std::string>("10.0.0.1:10911"));
  Result<TopicRouteData> standard =
      TopicRouteData::Decode(SampleRoute().Encode(JsonWriter::Mode::kStandard));
  ASSERT_TRUE(standard.ok());
  EXPECT_EQ(*standard, SampleRoute());
}

TEST(TopicRouteDataTest, Accepts4xTopicSynFlagName) {
  // 4.9.x QueueData spells the field topicSynFlag.
  Result<TopicRouteData> route = TopicRouteData::Decode(
      R"({"brokerDatas":[],"queueDatas":[{"brokerName":"b","perm":6,"readQueueNums":4,)"
      R"("topicSynFlag":1,"writeQueueNums":4}]})");
  ASSERT_TRUE(route.ok()) << route.status().ToString();
  EXPECT_EQ(route->queue_datas[0].topic_sys_flag, 1);
}

TEST(TopicRouteDataTest, RoundTripsOptionalParts) {
  TopicRouteData route = SampleRoute();
  route.order_topic_conf = "broker-a:4;broker-b:4";
  route.filter_server_table["10.0.0.1:10911"] = {"10.0.0.1:9999"};
  route.broker_datas[0].zone_name = "zone-1";
  route.broker_datas[0].enable_acting_master = true;
  Result<TopicRouteData> back = TopicRouteData::Decode(route.Encode());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, route);
}

TEST(TopicRouteDataTest, RejectsMalformed) {
  EXPECT_EQ(TopicRouteData::Decode("{").status().code(), ErrorCode::kProtocol);
  Result<TopicRouteData> no_name = TopicRouteData::Decode(R"({"queueDatas":[{"perm":6}]})");
  EXPECT_NE(no_name.status().message().find("TopicRouteData.queueDatas[0]"), std::string::npos)
      << no_name.status().ToString();
  Result<TopicRouteData> bad_id =
      TopicRouteData::Decode(R"({"brokerDatas":[{"brokerName":"b","brokerAddrs":{"x":"a:1"}}]})");
  EXPECT_NE(bad_id.status().message().find("broker id 'x'"), std::string::npos)
      << bad_id.status().ToString();
  EXPECT_FALSE(TopicRouteData::Decode(R"({"queueDatas":{}})").ok());
}

TEST(ClusterInfoTest, RoundTripAndJavaText) {
  const char java[] =
      R"({"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"10.0.0.1:10911"},)"
      R"("brokerName":"broker-a","cluster":"DefaultCluster","enableActingMaster":false}},)"
      R"("clusterAddrTable":{"DefaultCluster":["broker-a"]}})";
  Result<ClusterInfo> info = ClusterInfo::Decode(java);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->broker_addr_table.at("broker-a").broker_addrs.at(0), "10.0.0.1:10911");
  EXPECT_EQ(info->cluster_addr_table.at("DefaultCluster").count("broker-a"), 1u);
  EXPECT_EQ(info->Encode(), java);
}

TEST(TopicConfigTest, JsonMatchesJavaAndRoundTrips) {
  // 4.9.8 topics.json entry (no attributes).
  const char java[] = R"({"order":false,"perm":6,"readQueueNums":8,"topicFilterType":"SINGLE_TAG",)"
                      R"("topicName":"T1","topicSysFlag":0,"writeQueueNums":8})";
  Result<TopicConfig> config = TopicConfig::Decode(java);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->topic_name, "T1");
  EXPECT_EQ(config->read_queue_nums, 8);
  EXPECT_EQ(config->Encode(), std::string(R"({"attributes":{},)") + (java + 1));
  config->attributes["message.type"] = "FIFO";
  EXPECT_EQ(TopicConfig::Decode(config->Encode()).value(), *config);
  EXPECT_FALSE(TopicConfig::Decode(R"({"topicName":"T","topicFilterType":"X"})").ok());
}

TEST(TopicConfigTest, TextForm) {
  TopicConfig config;
  config.topic_name = "T1";
  config.read_queue_nums = 8;
  config.write_queue_nums = 4;
  config.perm = 6;
  EXPECT_EQ(config.EncodeText(), "T1 8 4 6 SINGLE_TAG");
  EXPECT_EQ(TopicConfig::DecodeText("T1 8 4 6 SINGLE_TAG").value(), config);
  EXPECT_EQ(TopicConfig::DecodeText("T1 8 4 6 SINGLE_TAG ").value(), config);
  config.attributes["k"] = "a b";
  EXPECT_EQ(config.EncodeText(), R"(T1 8 4 6 SINGLE_TAG {"k":"a b"})");
  EXPECT_EQ(TopicConfig::DecodeText(config.EncodeText()).value(), config);
  for (const char* bad : {"", "T1 8 4 6", "T1 x 4 6 SINGLE_TAG", "T1 8 4 6 NOPE",
                          " 8 4 6 SINGLE_TAG", "T1 8 4 6 SINGLE_TAG {", "T1  8 4 6 SINGLE_TAG"}) {
    EXPECT_EQ(TopicConfig::DecodeText(bad).status().code(), ErrorCode::kProtocol) << bad;
  }
}

TEST(DataVersionTest, JavaFormsAndNext) {
  Result<DataVersion> v = DataVersion::Decode(R"({"counter":3,"timestamp":1700000000000})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->counter, 3);
  EXPECT_EQ(v->timestamp, 1700000000000);
  DataVersion next = *v;
  next.Next(1700000000001);
  EXPECT_EQ(next.counter, 4);
  EXPECT_NE(next, *v);
  EXPECT_EQ(next.Encode(), R"({"counter":4,"stateVersion":0,"timestamp":1700000000001})");
  EXPECT_EQ(DataVersion::Decode(next.Encode()).value(), next);
}

TEST(KVTableAndTopicListTest, RoundTrip) {
  KVTable kv;
  kv.table = {{"T1", "broker-a:4"}, {"x", "y"}};
  EXPECT_EQ(kv.Encode(), R"({"table":{"T1":"broker-a:4","x":"y"}})");
  EXPECT_EQ(KVTable::Decode(kv.Encode()).value(), kv);
  TopicList list;
  list.topic_list = {"T1", "T2"};
  EXPECT_EQ(list.Encode(), R"({"topicList":["T1","T2"]})");
  EXPECT_EQ(TopicList::Decode(list.Encode()).value(), list);
  list.broker_addr = "10.0.0.1:10911";
  EXPECT_EQ(TopicList::Decode(list.Encode()).value(), list);
  EXPECT_FALSE(TopicList::Decode(R"({"topicList":[{}]})").ok());
}

RegisterBrokerBody SampleRegisterBody() {
  RegisterBrokerBody body;
  body.topic_config_serialize_wrapper.data_version.counter = 2;
  body.topic_config_serialize_wrapper.data_version.timestamp = 1700000000000;
  TopicConfig tbw;
  tbw.topic_name = "TBW102";
  tbw.read_queue_nums = 8;
  tbw.write_queue_nums = 8;
  tbw.perm = 7;
  body.topic_config_serialize_wrapper.topic_config_table["TBW102"] = tbw;
  TopicConfig t1;
  t1.topic_name = "T1";
  body.topic_config_serialize_wrapper.topic_config_table["T1"] = t1;
  return body;
}

TEST(RegisterBrokerBodyTest, DecodesJavaJson) {
  const char java[] =
      R"({"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":2,)"
      R"("timestamp":1700000000000},"topicConfigTable":{"TBW102":{"order":false,"perm":7,)"
      R"("readQueueNums":8,"topicFilterType":"SINGLE_TAG","topicName":"TBW102",)"
      R"("topicSysFlag":0,"writeQueueNums":8},"T1":{"order":false,"perm":6,"readQueueNums":16,)"
      R"("topicFilterType":"SINGLE_TAG","topicName":"T1","topicSysFlag":0,"writeQueueNums":16}}}})";
  Result<RegisterBrokerBody> body = RegisterBrokerBody::Decode(java, false);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, SampleRegisterBody());
  EXPECT_EQ(RegisterBrokerBody::Decode(body->Encode(), false).value(), *body);
}

// Builds the inflated compressed form by hand, independently of the encoder.
std::string Part(std::string_view text) {
  char length[4];
  big_endian::Store32(length, static_cast<uint32_t>(text.size()));
  return std::string(length, 4) + std::string(text);
}
std::string Count(uint32_t n) {
  char v[4];
  big_endian::Store32(v, n);
  return std::string(v, 4);
}

TEST(RegisterBrokerBodyTest, DecodesHandBuiltCompressedForms) {
  const std::string v4 = Part(R"({"counter":2,"timestamp":1700000000000})") + Count(2) +
                         Part("TBW102 8 8 7 SINGLE_TAG") + Part("T1 16 16 6 SINGLE_TAG") +
                         Part("[]");
  Result<RegisterBrokerBody> body =
      RegisterBrokerBody::Decode(ZlibCompress(v4, 9).value(), /*compressed=*/true);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, SampleRegisterBody());

  const std::string v5 = v4 + Count(1) + Part(R"({"topic":"T1","totalQueues":4})");
  body = RegisterBrokerBody::Decode(ZlibCompress(v5, 9).value(), true);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  ASSERT_EQ(body->topic_queue_mapping_infos.size(), 1u);
  EXPECT_EQ(body->topic_queue_mapping_infos[0], R"({"topic":"T1","totalQueues":4})");
}

TEST(RegisterBrokerBodyTest, CompressedRoundTripAndErrors) {
  RegisterBrokerBody body = SampleRegisterBody();
  body.filter_server_list = {"10.0.0.1:9999"};
  for (bool mapping : {false, true}) {
    Result<std::string> compressed = body.EncodeCompressed(mapping);
    ASSERT_TRUE(compressed.ok());
    Result<RegisterBrokerBody> back = RegisterBrokerBody::Decode(*compressed, true);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, body);
  }
  const std::string raw = Part(R"({"counter":2})") + Count(5) + Part("T1 16 16 6 SINGLE_TAG");
  Result<RegisterBrokerBody> short_body =
      RegisterBrokerBody::Decode(ZlibCompress(raw).value(), true);
  EXPECT_EQ(short_body.status().code(), ErrorCode::kProtocol) << short_body.status().ToString();
  const std::string huge = Part(R"({"counter":2})") + Count(1) + Count(0x7FFFFFF0);
  EXPECT_FALSE(RegisterBrokerBody::Decode(ZlibCompress(huge).value(), true).ok());
  EXPECT_EQ(RegisterBrokerBody::Decode("not zlib", true).status().code(), ErrorCode::kCorruption);
  EXPECT_EQ(RegisterBrokerBody::Decode("not json", false).status().code(), ErrorCode::kProtocol);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
