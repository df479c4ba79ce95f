// The broker program with aclEnable=true and a plain_acl.yml in a temporary
// rocketmq.home.dir: every kind of refusal answers SYSTEM_ERROR with Apache's remark, the
// SDK's producer with credentials sends where its account may, white lists and the ACL
// admin requests take effect at once, and edits of the file within the reload interval.
#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "broker/broker_cluster.h"
#include "client/acl_signing_hook.h"
#include "common/clock.h"
#include "protocol/heartbeat_data.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "remoting/acl_signature.h"
#include "rocketmq/producer.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace {

using remoting::RemotingCommand;
using testing::BrokerCluster;
namespace rq = protocol::RequestCode;
namespace rc = protocol::ResponseCode;

constexpr char kAclFile[] = R"(accounts:
  - accessKey: producerAk
    secretKey: producerSecret
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms: [AclAllowed=PUB|SUB, AclDenied=SUB]
  - accessKey: adminAk1
    secretKey: adminSecret
    admin: true
)";
constexpr char kPrefix[] = "org.apache.rocketmq.acl.common.AclException: ";

class AclIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto home = testing::TempDir::Create("rmq-acl-home");
    ASSERT_TRUE(home.ok());
    home_ = std::make_unique<testing::TempDir>(std::move(*home));
    std::filesystem::create_directories(home_->File("conf"));
    WriteAclFile(kAclFile);
    auto cluster = BrokerCluster::Start({"--aclEnable=true", "--rocketmq.home.dir=" + home_->path(),
                                         "--aclReloadIntervalMills=200"});
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
  }

  void WriteAclFile(const std::string& text) {
    const std::string path = home_->File("conf/plain_acl.yml");
    {
      std::ofstream out(path + ".new");
      out << text;
    }
    std::filesystem::rename(path + ".new", path);
  }

  Result<RemotingCommand> SignedCall(RemotingCommand request, const std::string& access_key,
                                     const std::string& secret_key) {
    request.SetExtField(remoting::kAclAccessKeyField, access_key);
    request.SetExtField(
        remoting::kAclSignatureField,
        remoting::AclSignature(
            remoting::AclRequestContent(request, remoting::AclContentSide::kClient), secret_key));
    return cluster_->Call(std::move(request));
  }

  static RemotingCommand Pull(const std::string& topic) {
    return BrokerCluster::PullRequest("AclGroup", topic, 0, 0, 0);
  }

  static void ExpectRefused(const Result<RemotingCommand>& response, const std::string& reason) {
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->code(), rc::kSystemError);
    EXPECT_EQ(response->remark().value_or(""), kPrefix + reason);
  }

  ProducerConfig ProducerWith(const std::string& access_key, const std::string& secret_key) {
    ProducerConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    config.group = "PG_ACL_IT";
    config.access_key = access_key;
    config.secret_key = secret_key;
    config.retry_times_when_send_failed = 0;
    return config;
  }

  std::unique_ptr<testing::TempDir> home_;
  std::unique_ptr<BrokerCluster> cluster_;
};

TEST_F(AclIntegrationTest, RefusalsAnswerApachesRemarks) {
  ExpectRefused(cluster_->Call(Pull("AclAllowed")), "No accessKey is configured");
  ExpectRefused(SignedCall(Pull("AclAllowed"), "producerAk", "notTheSecret"),
                "Check signature failed for accessKey=producerAk");
  ExpectRefused(SignedCall(Pull("AclAllowed"), "strangerAk", "whatever"),
                "No acl config for strangerAk");
  ExpectRefused(SignedCall(Pull("Elsewhere"), "producerAk", "producerSecret"),
                "No default permission for topic:Elsewhere (accessKey=producerAk has DENY, "
                "needs SUB)");
  ExpectRefused(SignedCall(RemotingCommand::CreateRequest(rq::kDeleteTopicInBroker,
                                                          {{"topic", "AclAllowed"}}),
                           "producerAk", "producerSecret"),
                "Need admin permission for request code=215, but accessKey=producerAk is not");
  // A permitted pull passes the check and reaches the pull processor.
  auto allowed = SignedCall(Pull("AclAllowed"), "producerAk", "producerSecret");
  ASSERT_TRUE(allowed.ok());
  EXPECT_NE(allowed->code(), rc::kSystemError) << allowed->remark().value_or("");

  // The same refusal of the same client is logged once.
  for (int i = 0; i < 3; ++i) cluster_->Call(Pull("AclAllowed")).ok();
  const std::string log = cluster_->broker().StderrText();
  const std::string line = "request code 11 refused: No accessKey is configured";
  const size_t first = log.find(line);
  ASSERT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find(line, first + 1), std::string::npos) << log;
}

TEST_F(AclIntegrationTest, SdkProducerWithCredentials) {
  Producer producer(ProducerWith("producerAk", "producerSecret"));
  ASSERT_TRUE(producer.Start().ok());
  auto sent = producer.Send(Message("AclAllowed", "signed"));
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  auto denied = producer.Send(Message("AclDenied", "not allowed"));
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.status().message().find("No default permission for topic:AclDenied"),
            std::string::npos)
      << denied.status().ToString();
  producer.Shutdown();

  Producer wrong(ProducerWith("producerAk", "wrongSecret"));
  ASSERT_TRUE(wrong.Start().ok());
  auto refused = wrong.Send(Message("AclAllowed", "bad signature"));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("Check signature failed for accessKey=producerAk"),
            std::string::npos)
      << refused.status().ToString();
  wrong.Shutdown();
}

TEST_F(AclIntegrationTest, AdminRequestsTakeEffectAtOnce) {
  auto created = SignedCall(RemotingCommand::CreateRequest(rq::kUpdateAndCreateAclConfig,
                                                           {{"accessKey", "createdAk"},
                                                            {"secretKey", "createdSecret"},
                                                            {"admin", "false"},
                                                            {"defaultTopicPerm", "DENY"},
                                                            {"defaultGroupPerm", "SUB"},
                                                            {"topicPerms", "AclNew=PUB|SUB"}}),
                            "adminAk1", "adminSecret");
  ASSERT_TRUE(created.ok());
  ASSERT_EQ(created->code(), rc::kSuccess) << created->remark().value_or("");
  auto pulled = SignedCall(Pull("AclNew"), "createdAk", "createdSecret");
  ASSERT_TRUE(pulled.ok());
  EXPECT_NE(pulled->code(), rc::kSystemError) << pulled->remark().value_or("");

  auto bad =
      SignedCall(RemotingCommand::CreateRequest(rq::kUpdateAndCreateAclConfig,
                                                {{"accessKey", "short"}, {"secretKey", "s"}}),
                 "adminAk1", "adminSecret");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->code(), rc::kUpdateAndCreateAclConfigFailed);

  auto info = SignedCall(
      RemotingCommand::CreateRequest(rq::kGetBrokerClusterAclInfo, protocol::ExtFields{}),
      "adminAk1", "adminSecret");
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->code(), rc::kSuccess);
  EXPECT_NE(info->FindExtField("version")->find("\"counter\":1"), std::string::npos);
  EXPECT_EQ(*info->FindExtField("brokerAddr"), cluster_->broker_addr());

  auto deleted =
      SignedCall(RemotingCommand::CreateRequest(rq::kDeleteAclConfig, {{"accessKey", "createdAk"}}),
                 "adminAk1", "adminSecret");
  ASSERT_TRUE(deleted.ok());
  ASSERT_EQ(deleted->code(), rc::kSuccess) << deleted->remark().value_or("");
  ExpectRefused(SignedCall(Pull("AclNew"), "createdAk", "createdSecret"),
                "No acl config for createdAk");

  // A global white list entry for loopback lets unsigned requests through.
  auto white = SignedCall(
      RemotingCommand::CreateRequest(rq::kUpdateGlobalWhiteAddrsConfig,
                                     {{"globalWhiteAddrs", "127.0.0.1"}, {"aclFileFullPath", ""}}),
      "adminAk1", "adminSecret");
  ASSERT_TRUE(white.ok());
  ASSERT_EQ(white->code(), rc::kSuccess) << white->remark().value_or("");
  auto config = cluster_->Call(
      RemotingCommand::CreateRequest(rq::kGetBrokerClusterAclConfig, protocol::ExtFields{}));
  ASSERT_TRUE(config.ok());
  ASSERT_EQ(config->code(), rc::kSuccess) << config->remark().value_or("");
  const std::string body = config->body().Flatten();
  EXPECT_NE(body.find("\"globalWhiteAddrs\":[\"127.0.0.1\"]"), std::string::npos) << body;
  EXPECT_NE(body.find("\"accessKey\":\"producerAk\""), std::string::npos) << body;
}

TEST_F(AclIntegrationTest, EditedFileIsReloadedAndABrokenOneIgnored) {
  ExpectRefused(SignedCall(Pull("AclAllowed"), "lateAk12", "lateSecret"),
                "No acl config for lateAk12");
  WriteAclFile(std::string(kAclFile) +
               "  - accessKey: lateAk12\n    secretKey: lateSecret\n    defaultTopicPerm: SUB\n"
               "    defaultGroupPerm: SUB\n");
  const auto deadline = clock::Deadline::After(std::chrono::seconds(10));
  Result<RemotingCommand> response = Status::Timeout("not tried");
  while (!deadline.Expired()) {
    response = SignedCall(Pull("AclAllowed"), "lateAk12", "lateSecret");
    if (response.ok() && response->code() != rc::kSystemError) break;
    ASSERT_TRUE(cluster_->broker().Running());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(response.ok());
  EXPECT_NE(response->code(), rc::kSystemError) << response->remark().value_or("");

  WriteAclFile("accounts: [ {accessKey: broken");
  auto logged = cluster_->broker().WaitForOutput("keeping its last good content",
                                                 testing::ChildProcess::Stream::kStderr,
                                                 std::chrono::seconds(10));
  ASSERT_TRUE(logged.ok()) << logged.status().ToString();
  auto still = SignedCall(Pull("AclAllowed"), "lateAk12", "lateSecret");
  ASSERT_TRUE(still.ok());
  EXPECT_NE(still->code(), rc::kSystemError) << still->remark().value_or("");
}

// The ACL checks requests the broker receives, not the ones it sends: Apache runs server
// RPC hooks on incoming requests only, and a consumer must still hear that its group
// changed.
TEST_F(AclIntegrationTest, BrokerRequestsToClientsAreNotChecked) {
  auto heartbeat = [](const std::string& client_id) {
    protocol::HeartbeatData data;
    data.client_id = client_id;
    protocol::ConsumerData consumer;
    consumer.group_name = "AclNotifyGroup";
    protocol::SubscriptionData subscription;
    subscription.topic = "AclAllowed";
    consumer.subscription_data_set.push_back(subscription);
    data.consumer_data_set.push_back(consumer);
    RemotingCommand request = RemotingCommand::CreateRequest(rq::kHeartBeat, protocol::ExtFields{});
    request.set_body(data.Encode());
    return request;
  };
  std::mutex mutex;
  std::condition_variable notified_cv;
  bool notified = false;
  remoting::RemotingClient first(remoting::RemotingClientOptions{});
  first.RegisterProcessor(rq::kNotifyConsumerIdsChanged,
                          [&](const std::shared_ptr<remoting::Connection>&,
                              RemotingCommand&) -> remoting::ProcessResult {
                            std::lock_guard<std::mutex> lock(mutex);
                            notified = true;
                            notified_cv.notify_all();
                            return remoting::ProcessResult::Deferred();
                          });
  first.AddRpcHook(std::make_shared<client::AclSigningHook>("producerAk", "producerSecret"));
  ASSERT_TRUE(first.Start().ok());
  auto joined =
      first.InvokeSync(cluster_->broker_addr(), heartbeat("client-1"), testing::kRpcTimeout);
  ASSERT_TRUE(joined.ok());
  ASSERT_EQ(joined->code(), rc::kSuccess) << joined->remark().value_or("");
  // A second member joins: the broker tells the first one.
  auto second = SignedCall(heartbeat("client-2"), "producerAk", "producerSecret");
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->code(), rc::kSuccess) << second->remark().value_or("");
  std::unique_lock<std::mutex> lock(mutex);
  EXPECT_TRUE(notified_cv.wait_for(lock, std::chrono::seconds(10), [&] { return notified; }))
      << cluster_->broker().StderrText();
  lock.unlock();
  first.Shutdown();
}

// The nameserver's ACL (ours; Apache 4.9.7's has none) checks signatures and white lists.
TEST(NamesrvAclTest, RefusesUnsignedRequestsAndServesSignedOnes) {
  auto home = testing::TempDir::Create("rmq-acl-ns");
  ASSERT_TRUE(home.ok());
  std::filesystem::create_directories(home->File("conf"));
  {
    std::ofstream out(home->File("conf/plain_acl.yml"));
    out << kAclFile;
  }
  auto ns = testing::ChildProcess::Spawn(
      NAMESRV_BIN,
      {"--listenPort=0", "--bindAddress=127.0.0.1", "--kvConfigPath=" + home->File("kv.json"),
       "--aclEnable=true", "--rocketmq.home.dir=" + home->path()});
  ASSERT_TRUE(ns.ok()) << ns.status().ToString();
  auto addr = (*ns)->WaitForListening(testing::kStartTimeout);
  ASSERT_TRUE(addr.ok()) << addr.status().ToString();
  remoting::RemotingClient client(remoting::RemotingClientOptions{});
  ASSERT_TRUE(client.Start().ok());
  auto route = [] {
    return RemotingCommand::CreateRequest(rq::kGetRouteinfoByTopic, {{"topic", "NoSuchTopic"}});
  };
  auto unsigned_answer = client.InvokeSync(*addr, route(), testing::kRpcTimeout);
  ASSERT_TRUE(unsigned_answer.ok()) << unsigned_answer.status().ToString();
  EXPECT_EQ(unsigned_answer->code(), rc::kSystemError);
  EXPECT_EQ(unsigned_answer->remark().value_or(""),
            std::string(kPrefix) + "No accessKey is configured");

  RemotingCommand request = route();
  request.SetExtField(remoting::kAclAccessKeyField, "producerAk");
  request.SetExtField(remoting::kAclSignatureField,
                      remoting::AclSignature(
                          remoting::AclRequestContent(request, remoting::AclContentSide::kClient),
                          "producerSecret"));
  auto signed_answer = client.InvokeSync(*addr, std::move(request), testing::kRpcTimeout);
  ASSERT_TRUE(signed_answer.ok()) << signed_answer.status().ToString();
  EXPECT_EQ(signed_answer->code(), rc::kTopicNotExist) << signed_answer->remark().value_or("");
  client.Shutdown();
}

}  // namespace
}  // namespace rocketmq
