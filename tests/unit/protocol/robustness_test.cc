// Every decoder of untrusted bytes, fed mutated valid inputs: each must return (ok or a clean
// error) without crashing or reading out of bounds (run under the asan preset to check the
// latter). Iteration counts are fixed, so the suite stays fast and deterministic.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "protocol/batch_body.h"
#include "protocol/compression.h"
#include "protocol/consume_stats.h"
#include "protocol/consumer_status_body.h"
#include "protocol/heartbeat_data.h"
#include "protocol/json_reader.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/register_broker_body.h"
#include "protocol/topic_config.h"
#include "protocol/topic_route_data.h"

namespace rocketmq {
namespace protocol {
namespace {

using std::string_literals::operator""s;

constexpr int kIterations = 3000;

std::string Mutate(std::string s, std::mt19937* rng) {
  const int edits = 1 + static_cast<int>((*rng)() % 4);
  for (int e = 0; e < edits; ++e) {
    const uint32_t kind = (*rng)() % 5;
    const size_t pos = s.empty() ? 0 : (*rng)() % s.size();
    switch (kind) {
      case 0:  // flip a byte
        if (!s.empty()) s[pos] = static_cast<char>((*rng)());
        break;
      case 1:  // truncate
        s.resize(pos);
        break;
      case 2:  // insert a byte
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), static_cast<char>((*rng)()));
        break;
      case 3:  // insert structure characters
        s.insert(pos, std::string(1, "{}[]:,\"\\0"[(*rng)() % 9]));
        break;
      default:  // duplicate a slice
        s.insert(pos, s.substr(pos, (*rng)() % 16));
        break;
    }
  }
  return s;
}

void Hammer(const std::vector<std::string>& seeds, const std::function<void(std::string_view)>& fn,
            uint32_t seed) {
  std::mt19937 rng(seed);
  for (int i = 0; i < kIterations; ++i) {
    const std::string input = Mutate(seeds[static_cast<size_t>(i) % seeds.size()], &rng);
    fn(input);
  }
}

TEST(RobustnessTest, MessageRecords) {
  MessageRecord r;
  r.topic = "T1";
  r.body = "hello world";
  const std::string properties =
      "TAGS\x01TagA\x02UNIQ_KEY\x01"
      "ABC\x02"s;
  r.properties = properties;
  "TAGS\x01TagA\x02UNIQ_KEY\x01"
  "ABC\x02"s;
  r.born_host = HostAddress::V4(0x7F000001, 1);
  r.store_host = *HostAddress::Parse("[::1]:2");
  const std::string one = *EncodeMessageRecordToString(r);
  Hammer(
      {one, one + one},
      [](std::string_view in) {
        (void)DecodeMessageRecords(in, true);
        (void)ClassifyRecord(in);
      },
      1);
}

TEST(RobustnessTest, BatchPropertiesAndIds) {
  const std::string batch = *EncodeBatchBody({{1, "abc", "k\x01v\x02"s}, {2, "", ""}});
  Hammer(
      {batch}, [](std::string_view in) { (void)DecodeBatchBody(in); }, 2);
  Hammer(
      {"TAGS\x01TagA\x02KEYS\x01k1 k2\x02"s},
      [](std::string_view in) {
        (void)DecodeMessageProperties(in);
        (void)FindProperty(in, "TAGS");
      },
      3);
  Hammer(
      {"0A00000100002A9F00000000000004D2"},
      [](std::string_view in) { (void)DecodeOffsetMessageId(in); }, 4);
}

TEST(RobustnessTest, JsonBodies) {
  const std::vector<std::string> seeds = {
      R"({"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911"},"brokerName":"b","cluster":"c"}],)"
      R"("filterServerTable":{},"queueDatas":[{"brokerName":"b","perm":6}]})",
      R"({"consumeTps":1.5,"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:)"
      R"({"brokerOffset":10}}})",
      R"({"clientID":"c","consumerDataSet":[{"groupName":"G","subscriptionDataSet":[{"topic":)"
      R"("T","codeSet":[1,2],"tagsSet":["a"]}]}],"producerDataSet":[]})"};
  Hammer(
      seeds,
      [](std::string_view in) {
        (void)ParseJson(in);
        (void)TopicRouteData::Decode(in);
        (void)ConsumeStats::Decode(in);
        (void)HeartbeatData::Decode(in);
        (void)RegisterBrokerBody::Decode(in, false);
      },
      5);
  Hammer(
      {"T1 8 4 6 SINGLE_TAG {\"k\":\"v\"}"},
      [](std::string_view in) { (void)TopicConfig::DecodeText(in); }, 6);
}

// Found by json_body_fuzzer: a JSON body that is valid JSON but no object made
// GetConsumerStatusBody's decoder throw from jsoncpp (std::terminate) instead of failing.
TEST(RobustnessTest, JsonBodiesThatAreNoObjectAreRefused) {
  for (const char* text : {"4", "[]", "\"x\"", "true", "null"}) {
    auto body = GetConsumerStatusBody::Decode(text);
    ASSERT_FALSE(body.ok()) << text;
    EXPECT_EQ(body.status().code(), ErrorCode::kProtocol) << text;
  }
}

TEST(RobustnessTest, CompressedRegisterBodies) {
  RegisterBrokerBody body;
  TopicConfig config;
  config.topic_name = "T1";
  body.topic_config_serialize_wrapper.topic_config_table["T1"] = config;
  const std::string compressed = *body.EncodeCompressed(true);
  Hammer(
      {compressed},
      [](std::string_view in) {
        (void)RegisterBrokerBody::Decode(in, true);
        int32_t flag = 1;
        (void)DecompressBody(in, &flag, 1 << 16);
      },
      7);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
