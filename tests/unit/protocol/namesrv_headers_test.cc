#include "protocol/namesrv_headers.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace protocol {
namespace {

TEST(HeaderCodecTest, ParsesLikeJava) {
  int32_t i = 0;
  int64_t l = 0;
  bool b = true;
  EXPECT_TRUE(ParseHeaderValue("-42", &i));
  EXPECT_EQ(i, -42);
  EXPECT_TRUE(ParseHeaderValue("+7", &i));
  EXPECT_EQ(i, 7);
  for (const char* bad :
       {"", "+", "-", "1.0", " 1", "1 ", "0x10", "2147483648", "+-1", "/1", "1:"}) {
    EXPECT_FALSE(ParseHeaderValue(bad, &i)) << bad;
  }
  // Either side of the digit count read without an overflow check.
  EXPECT_TRUE(ParseHeaderValue("007", &i));
  EXPECT_EQ(i, 7);
  EXPECT_TRUE(ParseHeaderValue("999999999", &i));
  EXPECT_EQ(i, 999999999);
  EXPECT_TRUE(ParseHeaderValue("2147483647", &i));
  EXPECT_EQ(i, 2147483647);
  EXPECT_TRUE(ParseHeaderValue("999999999999999999", &l));
  EXPECT_EQ(l, 999999999999999999);
  EXPECT_TRUE(ParseHeaderValue("9223372036854775807", &l));
  EXPECT_FALSE(ParseHeaderValue("9223372036854775808", &l));
  EXPECT_TRUE(ParseHeaderValue("TRUE", &b));
  EXPECT_TRUE(b);
  EXPECT_TRUE(ParseHeaderValue("yes", &b));  // Boolean.parseBoolean: anything else is false
  EXPECT_FALSE(b);
}

TEST(NamesrvHeadersTest, GetRouteInfoGoldenAndRoundTrip) {
  GetRouteInfoRequestHeader header;
  header.topic = "TestTopic";
  EXPECT_EQ(header.Encode(), (ExtFields{{"topic", "TestTopic"}}));
  header.accept_standard_json_only = true;
  const ExtFields fields = header.Encode();
  EXPECT_EQ(fields.at("acceptStandardJsonOnly"), "true");
  Result<GetRouteInfoRequestHeader> back = GetRouteInfoRequestHeader::Decode(fields);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->topic, "TestTopic");
  EXPECT_EQ(back->accept_standard_json_only, std::optional<bool>(true));
  Result<GetRouteInfoRequestHeader> missing = GetRouteInfoRequestHeader::Decode({});
  EXPECT_EQ(missing.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.status().message(),
            "GetRouteInfoRequestHeader: missing required field 'topic'");
}

TEST(NamesrvHeadersTest, RegisterBrokerFromJavaFields) {
  // What a 4.9.x broker sends (its field values as strings).
  const ExtFields java = {{"brokerName", "broker-a"},
                          {"brokerAddr", "10.0.0.1:10911"},
                          {"clusterName", "DefaultCluster"},
                          {"haServerAddr", "10.0.0.1:10912"},
                          {"brokerId", "0"},
                          {"compressed", "false"},
                          {"bodyCrc32", "1234567"},
                          {"AccessKey", "ignored"}};
  Result<RegisterBrokerRequestHeader> header = RegisterBrokerRequestHeader::Decode(java);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->broker_name, "broker-a");
  EXPECT_EQ(header->broker_id, 0);
  EXPECT_FALSE(header->compressed);
  EXPECT_EQ(header->body_crc32, 1234567);
  EXPECT_FALSE(header->heartbeat_timeout_millis.has_value());
  ExtFields expected = java;
  expected.erase("AccessKey");
  EXPECT_EQ(header->Encode(), expected);

  ExtFields bad = java;
  bad["brokerId"] = "zero";
  EXPECT_EQ(RegisterBrokerRequestHeader::Decode(bad).status().message(),
            "RegisterBrokerRequestHeader: field 'brokerId' = 'zero' is not a valid long");
  ExtFields no_crc = java;
  no_crc.erase("bodyCrc32");
  no_crc.erase("compressed");
  EXPECT_EQ(RegisterBrokerRequestHeader::Decode(no_crc)->body_crc32, 0);
}

TEST(NamesrvHeadersTest, OtherHeadersRoundTrip) {
  RegisterBrokerResponseHeader response;
  EXPECT_TRUE(response.Encode().empty());
  response.master_addr = "10.0.0.1:10911";
  EXPECT_EQ(RegisterBrokerResponseHeader::Decode(response.Encode())->master_addr,
            response.master_addr);

  QueryDataVersionResponseHeader changed;
  changed.changed = true;
  EXPECT_EQ(changed.Encode(), (ExtFields{{"changed", "true"}}));
  EXPECT_TRUE(QueryDataVersionResponseHeader::Decode(changed.Encode())->changed);
  EXPECT_FALSE(QueryDataVersionResponseHeader::Decode({}).ok());

  PutKVConfigRequestHeader put;
  put.namespace_ = "ORDER_TOPIC_CONFIG";
  put.key = "T1";
  put.value = "broker-a:4";
  EXPECT_EQ(
      put.Encode(),
      (ExtFields{{"namespace", "ORDER_TOPIC_CONFIG"}, {"key", "T1"}, {"value", "broker-a:4"}}));
  EXPECT_EQ(PutKVConfigRequestHeader::Decode(put.Encode())->value, "broker-a:4");

  BrokerHeartbeatRequestHeader heartbeat;
  heartbeat.cluster_name = "c";
  heartbeat.broker_addr = "a:1";
  heartbeat.broker_name = "b";
  heartbeat.max_offset = 1LL << 40;
  Result<BrokerHeartbeatRequestHeader> hb =
      BrokerHeartbeatRequestHeader::Decode(heartbeat.Encode());
  ASSERT_TRUE(hb.ok());
  EXPECT_EQ(hb->max_offset, heartbeat.max_offset);
  EXPECT_FALSE(hb->epoch.has_value());

  UnRegisterBrokerRequestHeader unregister;
  unregister.broker_name = "b";
  unregister.broker_addr = "a:1";
  unregister.cluster_name = "c";
  unregister.broker_id = 1;
  EXPECT_EQ(UnRegisterBrokerRequestHeader::Decode(unregister.Encode())->broker_id, 1);

  WipeWritePermOfBrokerResponseHeader wiped;
  wiped.wipe_topic_count = 3;
  EXPECT_EQ(wiped.Encode().at("wipeTopicCount"), "3");
  DeleteTopicFromNamesrvRequestHeader del;
  del.topic = "T";
  EXPECT_FALSE(DeleteTopicFromNamesrvRequestHeader::Decode(del.Encode())->cluster_name);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
