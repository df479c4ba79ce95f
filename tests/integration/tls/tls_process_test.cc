// TLS on the namesrv and broker programs: each server mode, mutual authentication with
// certificates made at test time, the broker's own TLS client to the nameserver, and the
// rejections (plaintext on an enforcing port, TLS on a disabled one, missing, untrusted and
// mismatching certificates), each of which must end promptly with a clear error.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "protocol/admin_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "remoting/remoting_client.h"
#include "rocketmq/producer.h"
#include "support/child_process.h"
#include "support/temp_dir.h"
#include "test_pki.h"

namespace rocketmq {
namespace {

using namespace std::chrono_literals;
using remoting::RemotingClient;
using remoting::RemotingClientOptions;
using remoting::RemotingCommand;
using remoting::TlsMode;
using remoting::TlsOptions;
using testing::ChildProcess;

constexpr auto kStartTimeout = 15s;
// A refused connection must fail well before a request's own timeout.
constexpr auto kRpcTimeout = 8s;
constexpr auto kPromptFailure = 4s;

class TlsProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = testing::TempDir::Create("rmq-tls-it");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_ = std::make_unique<testing::TempDir>(std::move(*dir));
    auto pki = testing::MakeTestPki(dir_->path());
    ASSERT_TRUE(pki.ok()) << pki.status().ToString();
    pki_ = *pki;
  }

  void TearDown() override {
    for (auto& client : clients_) client->Shutdown();
    broker_.reset();
    namesrv_.reset();
  }

  // The tls.config.file of a cluster with certificates and mutual authentication.
  std::string MutualTlsFile() {
    const std::string path = dir_->File("tls.properties");
    const std::string text =
        "tls.test.mode.enable=false\n"
        "tls.server.need.client.auth=require\n"
        "tls.server.certPath=" +
        pki_.server_cert + "\n" + "tls.server.keyPath=" + pki_.server_key + "\n" +
        "tls.server.authClient=true\n"
        "tls.server.trustCertPath=" +
        pki_.ca_cert + "\n" + "tls.client.certPath=" + pki_.client_cert + "\n" +
        "tls.client.keyPath=" + pki_.client_key + "\n" +
        "tls.client.authServer=true\n"
        "tls.client.trustCertPath=" +
        pki_.ca_cert + "\n";
    EXPECT_TRUE(testing::WriteFile(path, text).ok());
    return path;
  }

  Result<std::unique_ptr<ChildProcess>> SpawnNamesrv(std::vector<std::string> extra) {
    std::vector<std::string> args = {"--listenPort=0", "--bindAddress=127.0.0.1",
                                     "--kvConfigPath=" + dir_->File("kv.json")};
    args.insert(args.end(), extra.begin(), extra.end());
    return ChildProcess::Spawn(NAMESRV_BIN, args);
  }

  void StartNamesrv(std::vector<std::string> extra) {
    auto ns = SpawnNamesrv(std::move(extra));
    ASSERT_TRUE(ns.ok()) << ns.status().ToString();
    namesrv_ = std::move(*ns);
    auto addr = namesrv_->WaitForListening(kStartTimeout);
    ASSERT_TRUE(addr.ok()) << addr.status().ToString();
    namesrv_addr_ = *addr;
  }

  Result<std::unique_ptr<ChildProcess>> SpawnBroker(std::vector<std::string> extra) {
    std::vector<std::string> args = {"-n",
                                     namesrv_addr_.empty() ? "127.0.0.1:1" : namesrv_addr_,
                                     "--listenPort=0",
                                     "--bindAddress=127.0.0.1",
                                     "--brokerIP1=127.0.0.1",
                                     "--brokerName=broker-tls",
                                     "--storePathRootDir=" + dir_->File("store"),
                                     "--mappedFileSizeCommitLog=8388608",
                                     "--mappedFileSizeConsumeQueue=60000",
                                     "--registerBrokerTimeoutMills=3000",
                                     "--diskSpaceCleanForciblyRatio=99",
                                     "--diskSpaceWarningLevelRatio=99"};
    args.insert(args.end(), extra.begin(), extra.end());
    return ChildProcess::Spawn(BROKER_BIN, args);
  }

  void StartBroker(std::vector<std::string> extra) {
    auto broker = SpawnBroker(std::move(extra));
    ASSERT_TRUE(broker.ok()) << broker.status().ToString();
    broker_ = std::move(*broker);
    auto addr = broker_->WaitForListening(kStartTimeout);
    ASSERT_TRUE(addr.ok()) << addr.status().ToString();
    broker_addr_ = *addr;
  }

  RemotingClient& Client(TlsOptions tls) {
    RemotingClientOptions options;
    options.tls = std::move(tls);
    clients_.push_back(std::make_unique<RemotingClient>(options));
    Status started = clients_.back()->Start();
    EXPECT_TRUE(started.ok()) << started.ToString();
    return *clients_.back();
  }

  TlsOptions MutualClientTls() const {
    TlsOptions tls;
    tls.mode = TlsMode::kEnforcing;
    tls.certificate_path = pki_.client_cert;
    tls.private_key_path = pki_.client_key;
    tls.trusted_ca_path = pki_.ca_cert;
    return tls;
  }

  static Result<RemotingCommand> ClusterInfo(RemotingClient& client, const std::string& addr) {
    return client.InvokeSync(
        addr, RemotingCommand::CreateRequest(protocol::RequestCode::kGetBrokerClusterInfo),
        kRpcTimeout);
  }

  // Waits (bounded) until the nameserver lists the broker: it registered.
  static bool WaitForRegistration(RemotingClient& client, const std::string& namesrv_addr) {
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      Result<RemotingCommand> info = ClusterInfo(client, namesrv_addr);
      if (info.ok() && info->body().owned().find("broker-tls") != std::string::npos) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  // Asks `addr` with `client` and expects a prompt network failure.
  static void ExpectRefused(RemotingClient& client, const std::string& addr) {
    const auto start = std::chrono::steady_clock::now();
    Result<RemotingCommand> response = ClusterInfo(client, addr);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.status().code(), ErrorCode::kNetwork) << response.status().ToString();
    EXPECT_LT(std::chrono::steady_clock::now() - start, kPromptFailure)
        << response.status().ToString();
  }

  std::unique_ptr<testing::TempDir> dir_;
  testing::TestPki pki_;
  std::unique_ptr<ChildProcess> namesrv_;
  std::unique_ptr<ChildProcess> broker_;
  std::string namesrv_addr_;
  std::string broker_addr_;
  std::vector<std::unique_ptr<RemotingClient>> clients_;
};

TEST_F(TlsProcessTest, MutualTlsClusterRegistersAndServesTheSdk) {
  const std::string file = MutualTlsFile();
  // Both spellings of a setting: Apache's -D system property and our --key=value.
  ASSERT_NO_FATAL_FAILURE(
      StartNamesrv({"-Dtls.server.mode=enforcing", "-Dtls.config.file=" + file}));
  ASSERT_NO_FATAL_FAILURE(
      StartBroker({"--tls.server.mode=enforcing", "--tls.config.file=" + file}));
  // The broker's client is TLS because its server is enforcing, and shows the client
  // certificate the nameserver requires.
  RemotingClient& secure = Client(MutualClientTls());
  ASSERT_TRUE(WaitForRegistration(secure, namesrv_addr_)) << broker_->StderrText();

  ProducerConfig config;
  config.namesrv_addr = namesrv_addr_;
  config.group = "PG_TLS_IT";
  config.tls_enable = true;
  config.tls_cert_path = pki_.client_cert;
  config.tls_key_path = pki_.client_key;
  config.tls_trust_cert_path = pki_.ca_cert;
  Producer producer(config);
  ASSERT_TRUE(producer.Start().ok());
  Result<SendResult> sent = producer.Send(Message("TlsTopic", "over mutual tls"));
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->status, SendStatus::kSendOk);
  producer.Shutdown();

  // Rejections, on both servers: plaintext, TLS without a client certificate, and a
  // certificate from a CA they do not trust.
  RemotingClient& plain = Client(TlsOptions{});
  TlsOptions anonymous;
  anonymous.mode = TlsMode::kEnforcing;
  RemotingClient& no_cert = Client(anonymous);
  TlsOptions stranger = MutualClientTls();
  stranger.certificate_path = pki_.stranger_cert;
  stranger.private_key_path = pki_.stranger_key;
  RemotingClient& untrusted = Client(stranger);
  for (const std::string& addr : {namesrv_addr_, broker_addr_}) {
    SCOPED_TRACE(addr);
    ExpectRefused(plain, addr);
    ExpectRefused(no_cert, addr);
    ExpectRefused(untrusted, addr);
  }
  // A client that does not trust the servers' CA refuses them.
  TlsOptions wary = MutualClientTls();
  wary.trusted_ca_path = pki_.stranger_cert;
  ExpectRefused(Client(wary), broker_addr_);

  // Nothing is left stuck: the servers still answer a good client.
  Result<RemotingCommand> info = ClusterInfo(secure, broker_addr_);
  EXPECT_TRUE(info.ok()) << info.status().ToString();
}

TEST_F(TlsProcessTest, PermissiveByDefaultTakesPlaintextAndTls) {
  ASSERT_NO_FATAL_FAILURE(StartNamesrv({}));
  ASSERT_NO_FATAL_FAILURE(StartBroker({}));
  RemotingClient& plain = Client(TlsOptions{});
  ASSERT_TRUE(WaitForRegistration(plain, namesrv_addr_));
  TlsOptions test_mode;
  test_mode.mode = TlsMode::kEnforcing;
  RemotingClient& secure = Client(test_mode);
  for (const std::string& addr : {namesrv_addr_, broker_addr_}) {
    SCOPED_TRACE(addr);
    Result<RemotingCommand> over_tls = ClusterInfo(secure, addr);
    EXPECT_TRUE(over_tls.ok()) << over_tls.status().ToString();
    Result<RemotingCommand> over_plain = ClusterInfo(plain, addr);
    EXPECT_TRUE(over_plain.ok()) << over_plain.status().ToString();
  }
}

TEST_F(TlsProcessTest, DisabledServerClosesTlsClients) {
  ASSERT_NO_FATAL_FAILURE(StartNamesrv({"--tls.server.mode=disabled"}));
  ASSERT_NO_FATAL_FAILURE(StartBroker({"--tls.server.mode=disabled", "--tls.enable=false"}));
  RemotingClient& plain = Client(TlsOptions{});
  ASSERT_TRUE(WaitForRegistration(plain, namesrv_addr_));
  TlsOptions test_mode;
  test_mode.mode = TlsMode::kEnforcing;
  RemotingClient& secure = Client(test_mode);
  for (const std::string& addr : {namesrv_addr_, broker_addr_}) {
    SCOPED_TRACE(addr);
    ExpectRefused(secure, addr);
    Result<RemotingCommand> over_plain = ClusterInfo(plain, addr);
    EXPECT_TRUE(over_plain.ok()) << over_plain.status().ToString();
  }
}

TEST_F(TlsProcessTest, BrokerWithoutTlsClientCannotRegisterWithEnforcingNamesrv) {
  ASSERT_NO_FATAL_FAILURE(StartNamesrv({"--tls.server.mode=enforcing"}));
  // Apache's tls.enable overrides the default taken from the broker's own server mode.
  ASSERT_NO_FATAL_FAILURE(StartBroker({"--tls.enable=false"}));
  auto refused =
      broker_->WaitForOutput(namesrv_addr_, ChildProcess::Stream::kStderr, kStartTimeout);
  EXPECT_TRUE(refused.ok()) << refused.status().ToString();
  // With tls.enable=true a permissive broker registers over TLS.
  broker_.reset();
  ASSERT_NO_FATAL_FAILURE(StartBroker({"--tls.enable=true"}));
  TlsOptions test_mode;
  test_mode.mode = TlsMode::kEnforcing;
  EXPECT_TRUE(WaitForRegistration(Client(test_mode), namesrv_addr_)) << broker_->StderrText();
}

// A slave syncs the master's metadata through the broker's own client, which uses TLS as
// Apache's does when the servers enforce it (replication itself, on the HA port, stays
// plaintext in Apache 4.9.7 and here).
TEST_F(TlsProcessTest, SlaveSyncsMetadataFromAnEnforcingMaster) {
  ASSERT_NO_FATAL_FAILURE(StartNamesrv({"--tls.server.mode=enforcing"}));
  ASSERT_NO_FATAL_FAILURE(StartBroker({"--tls.server.mode=enforcing"}));
  TlsOptions test_mode;
  test_mode.mode = TlsMode::kEnforcing;
  RemotingClient& client = Client(test_mode);
  protocol::CreateTopicRequestHeader create;
  create.topic = "SyncedOverTls";
  create.read_queue_nums = 2;
  create.write_queue_nums = 2;
  create.perm = 6;
  auto created = client.InvokeSync(
      broker_addr_,
      RemotingCommand::CreateRequest(protocol::RequestCode::kUpdateAndCreateTopic, create.Encode()),
      kRpcTimeout);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_EQ(created->code(), protocol::ResponseCode::kSuccess);

  auto slave = SpawnBroker({"--tls.server.mode=enforcing", "--brokerRole=SLAVE", "--brokerId=1",
                            "--storePathRootDir=" + dir_->File("slave-store")});
  ASSERT_TRUE(slave.ok()) << slave.status().ToString();
  auto slave_addr = (*slave)->WaitForListening(kStartTimeout);
  ASSERT_TRUE(slave_addr.ok()) << slave_addr.status().ToString();
  // The first sync runs 3 s after start.
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  bool synced = false;
  while (!synced && std::chrono::steady_clock::now() < deadline) {
    auto topics = client.InvokeSync(
        *slave_addr, RemotingCommand::CreateRequest(protocol::RequestCode::kGetAllTopicConfig),
        kRpcTimeout);
    synced = topics.ok() && topics->body().Flatten().find("\"SyncedOverTls\"") != std::string::npos;
    if (!synced) std::this_thread::sleep_for(200ms);
  }
  EXPECT_TRUE(synced) << (*slave)->StderrText();
}

// Each bad configuration stops the program at start with an error naming what is wrong.
TEST_F(TlsProcessTest, BadCertificateSettingsAreClearStartupErrors) {
  const std::string missing = dir_->File("missing.pem");
  const std::string certs = "--tls.test.mode.enable=false";
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  std::vector<Case> cases = {
      {{"--tls.server.mode=enforcing", certs, "--tls.server.certPath=" + missing,
        "--tls.server.keyPath=" + pki_.server_key},
       missing},
      {{"--tls.server.mode=permissive", certs, "--tls.server.certPath=" + pki_.server_cert,
        "--tls.server.keyPath=" + pki_.client_key},
       "does not match certificate " + pki_.server_cert},
      {{"--tls.server.mode=enforcing", certs}, "needs tls.server.certPath and tls.server.keyPath"},
      {{"--tls.config.file=" + missing}, "tls.config.file " + missing},
      {{"--tls.server.mode=strict"}, "tls.server.mode"},
      {{"--tls.server.mode=enforcing", certs, "--tls.server.certPath=" + pki_.server_cert,
        "--tls.server.keyPath=" + pki_.server_key, "--tls.server.authClient=true",
        "--tls.server.trustCertPath=" + missing},
       missing},
  };
  const std::vector<std::string> encrypted = {"--tls.server.mode=enforcing", certs,
                                              "--tls.server.certPath=" + pki_.server_cert,
                                              "--tls.server.keyPath=" + pki_.server_key_encrypted};
  std::vector<std::string> wrong_password = encrypted;
  wrong_password.push_back("--tls.server.keyPassword=wrong");
  cases.push_back({wrong_password, "cannot load TLS private key " + pki_.server_key_encrypted});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expected);
    auto ns = SpawnNamesrv(c.args);
    ASSERT_TRUE(ns.ok());
    auto code = (*ns)->WaitForExit(kStartTimeout);
    ASSERT_TRUE(code.ok()) << code.status().ToString();
    EXPECT_NE(*code, 0);
    EXPECT_NE((*ns)->StderrText().find(c.expected), std::string::npos) << (*ns)->StderrText();
  }
  // With its password, the encrypted key serves TLS.
  std::vector<std::string> right_password = encrypted;
  right_password.push_back(std::string("--tls.server.keyPassword=") +
                           testing::kEncryptedKeyPassword);
  ASSERT_NO_FATAL_FAILURE(StartNamesrv(right_password));
  RemotingClient& client = Client(MutualClientTls());
  Result<RemotingCommand> info = ClusterInfo(client, namesrv_addr_);
  EXPECT_TRUE(info.ok()) << info.status().ToString();

  // The broker shares the settings; one case shows it refuses to start the same way.
  auto broker =
      SpawnBroker({"--tls.server.mode=enforcing", certs, "--tls.server.certPath=" + missing,
                   "--tls.server.keyPath=" + pki_.server_key});
  ASSERT_TRUE(broker.ok());
  auto code = (*broker)->WaitForExit(kStartTimeout);
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_NE(*code, 0);
  EXPECT_NE((*broker)->StderrText().find(missing), std::string::npos) << (*broker)->StderrText();
}

}  // namespace
}  // namespace rocketmq
