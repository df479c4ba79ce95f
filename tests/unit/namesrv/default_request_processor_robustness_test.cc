// Hostile input to the processor: every request code with random header fields (right
// names, random values) and random bodies, including truncated and corrupted versions of
// valid ones. Each request must get a response; nothing may crash or throw.
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "namesrv/default_request_processor.h"
#include "protocol/register_broker_body.h"
#include "protocol/request_code.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace namesrv {
namespace {

namespace RequestCode = protocol::RequestCode;
using remoting::RemotingCommand;

const std::vector<int32_t> kCodes = {RequestCode::kPutKvConfig,
                                     RequestCode::kGetKvConfig,
                                     RequestCode::kDeleteKvConfig,
                                     RequestCode::kQueryDataVersion,
                                     RequestCode::kRegisterBroker,
                                     RequestCode::kUnregisterBroker,
                                     RequestCode::kBrokerHeartbeat,
                                     RequestCode::kGetBrokerMemberGroup,
                                     RequestCode::kGetRouteinfoByTopic,
                                     RequestCode::kGetBrokerClusterInfo,
                                     RequestCode::kWipeWritePermOfBroker,
                                     RequestCode::kAddWritePermOfBroker,
                                     RequestCode::kGetAllTopicListFromNameserver,
                                     RequestCode::kDeleteTopicInNamesrv,
                                     RequestCode::kRegisterTopicInNamesrv,
                                     RequestCode::kGetKvlistByNamespace,
                                     RequestCode::kGetTopicsByCluster,
                                     RequestCode::kGetSystemTopicListFromNs,
                                     RequestCode::kUpdateNamesrvConfig,
                                     RequestCode::kGetNamesrvConfig,
                                     12345};

const std::vector<std::string> kKeys = {"brokerName",
                                        "brokerAddr",
                                        "clusterName",
                                        "haServerAddr",
                                        "brokerId",
                                        "compressed",
                                        "bodyCrc32",
                                        "topic",
                                        "cluster",
                                        "namespace",
                                        "key",
                                        "value",
                                        "heartbeatTimeoutMillis",
                                        "enableActingMaster",
                                        "acceptStandardJsonOnly"};

std::string RandomText(std::mt19937* rng, size_t max_len) {
  static const std::string kAlphabet = "0123456789-abcXYZ:.{}[]\",\\ \x01\xff";
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::string out(len(*rng), '\0');
  for (auto& c : out) c = kAlphabet[pick(*rng)];
  return out;
}

TEST(DefaultRequestProcessorRobustnessTest, RandomHeadersAndBodiesAlwaysGetResponses) {
  auto dir = rocketmq::testing::TempDir::Create("rmq-namesrv-robust");
  ASSERT_TRUE(dir.ok());
  KvConfigManager kv(dir->File("kv.json"));
  RouteInfoManager routes(RouteInfoManager::Options{});
  DefaultRequestProcessor processor(NamesrvConfig{}, &routes, &kv);

  protocol::RegisterBrokerBody valid;
  protocol::TopicConfig topic;
  topic.topic_name = "T";
  valid.topic_config_serialize_wrapper.topic_config_table["T"] = topic;
  const std::string json_body = valid.Encode();
  auto compressed = valid.EncodeCompressed(false);
  ASSERT_TRUE(compressed.ok());

  std::mt19937 rng(20261121);
  for (int i = 0; i < 5000; ++i) {
    const int32_t code = kCodes[rng() % kCodes.size()];
    protocol::ExtFields fields;
    for (const auto& key : kKeys) {
      if (rng() % 3 == 0) continue;
      fields[key] = rng() % 2 == 0 ? std::to_string(static_cast<int64_t>(rng()) - 1000)
                                   : RandomText(&rng, 12);
    }
    std::string body;
    switch (rng() % 4) {
      case 0:
        body = RandomText(&rng, 64);
        break;
      case 1:
        body = json_body.substr(0, rng() % (json_body.size() + 1));
        break;
      case 2:
        body = *compressed;
        body[rng() % body.size()] ^= static_cast<char>(1 + rng() % 255);
        break;
      default:
        break;
    }
    auto request = RemotingCommand::CreateRequest(code, fields);
    request.set_version(static_cast<int32_t>(rng() % 500));
    request.set_body(body);
    auto response = processor.Process(request, 1 + rng() % 4);
    EXPECT_FALSE(response.IsOneway());
  }
}

}  // namespace
}  // namespace namesrv
}  // namespace rocketmq
