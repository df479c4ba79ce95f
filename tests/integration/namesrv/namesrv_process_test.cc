// Process-level tests of the `namesrv` program: real processes on 127.0.0.1 with ephemeral
// ports, spoken to with the project's remoting client exactly as a broker or client would.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <json/json.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "protocol/data_version.h"
#include "protocol/kv_table.h"
#include "protocol/namesrv_headers.h"
#include "protocol/register_broker_body.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/topic_route_data.h"
#include "remoting/remoting_client.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace {

namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;
using remoting::RemotingCommand;
using std::chrono::milliseconds;
using testing::ChildProcess;
using testing::TempDir;

constexpr milliseconds kStartTimeout{10000};
constexpr milliseconds kRpcTimeout{3000};

protocol::RegisterBrokerBody BrokerBody(const std::vector<std::string>& topics, int64_t counter) {
  protocol::RegisterBrokerBody body;
  auto& wrapper = body.topic_config_serialize_wrapper;
  wrapper.data_version.counter = counter;
  wrapper.data_version.timestamp = 1700000000000 + counter;
  for (const auto& name : topics) {
    protocol::TopicConfig config;
    config.topic_name = name;
    config.read_queue_nums = config.write_queue_nums = 4;
    wrapper.topic_config_table[name] = config;
  }
  return body;
}

RemotingCommand RegisterRequest(const std::string& broker_name, int64_t broker_id,
                                const std::string& broker_addr,
                                const std::vector<std::string>& topics) {
  protocol::RegisterBrokerRequestHeader header;
  header.broker_name = broker_name;
  header.broker_addr = broker_addr;
  header.cluster_name = "DefaultCluster";
  header.ha_server_addr = broker_addr + "1";
  header.broker_id = broker_id;
  auto request = RemotingCommand::CreateRequest(RequestCode::kRegisterBroker, header.Encode());
  request.set_version(409);
  request.set_body(BrokerBody(topics, 1).Encode());
  return request;
}

RemotingCommand RouteRequest(const std::string& topic) {
  protocol::GetRouteInfoRequestHeader header;
  header.topic = topic;
  return RemotingCommand::CreateRequest(RequestCode::kGetRouteinfoByTopic, header.Encode());
}

class NamesrvProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::Create("rmq-namesrv-it");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_.emplace(std::move(*dir));
    client_ = NewClient();
  }

  // Every test ends with a clean stop: exit status 0 after SIGTERM (a sanitizer report in
  // the server would make it non-zero).
  void TearDown() override {
    if (client_) client_->Shutdown();
    if (namesrv_ && namesrv_->Running()) {
      auto status = namesrv_->Stop(milliseconds(5000));
      ASSERT_TRUE(status.ok()) << status.status().ToString();
      EXPECT_EQ(*status, 0) << namesrv_->StderrText();
    }
  }

  std::unique_ptr<remoting::RemotingClient> NewClient(
      remoting::SerializeType type = remoting::SerializeType::kJson) {
    remoting::RemotingClientOptions options;
    options.serialize_type = type;
    auto client = std::make_unique<remoting::RemotingClient>(options);
    EXPECT_TRUE(client->Start().ok());
    return client;
  }

  std::vector<std::string> Args(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"--listenPort=0", "--bindAddress=127.0.0.1",
                                     "--kvConfigPath=" + dir_->File("kvConfig.json")};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  // Starts namesrv; returns its address.
  std::string StartNamesrv(std::vector<std::string> extra = {}) {
    auto process = ChildProcess::Spawn(NAMESRV_BIN, Args(std::move(extra)));
    EXPECT_TRUE(process.ok()) << process.status().ToString();
    if (!process.ok()) return std::string();
    namesrv_ = std::move(*process);
    auto addr = namesrv_->WaitForListening(kStartTimeout);
    EXPECT_TRUE(addr.ok()) << addr.status().ToString();
    return addr.ok() ? *addr : std::string();
  }

  RemotingCommand Call(const std::string& addr, RemotingCommand request,
                       remoting::RemotingClient* client = nullptr) {
    auto response = (client != nullptr ? client : client_.get())
                        ->InvokeSync(addr, std::move(request), kRpcTimeout);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok()) return RemotingCommand::CreateResponse(-1);
    return std::move(*response);
  }

  // Polls the route of `topic` until its response code is `code`; bounded by `timeout`.
  bool AwaitRouteCode(const std::string& addr, const std::string& topic, int32_t code,
                      milliseconds timeout) {
    const auto deadline = clock::Deadline::After(timeout);
    while (!deadline.Expired()) {
      if (Call(addr, RouteRequest(topic)).code() == code) return true;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return false;
  }

  std::optional<TempDir> dir_;
  std::unique_ptr<ChildProcess> namesrv_;
  std::unique_ptr<remoting::RemotingClient> client_;
};

TEST_F(NamesrvProcessTest, PrintsBootLineAndStopsCleanlyOnSigterm) {
  const auto started = std::chrono::steady_clock::now();
  const std::string addr = StartNamesrv();
  const auto boot_ms =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started).count();
  ASSERT_FALSE(addr.empty());
  RecordProperty("boot_ms", static_cast<int>(boot_ms));
  EXPECT_NE(namesrv_->StdoutText().find(
                "The Name Server boot success. serializeType=JSON listening on " + addr),
            std::string::npos);
  EXPECT_EQ(addr.rfind("127.0.0.1:", 0), 0u);
  EXPECT_NE(addr, "127.0.0.1:0");
  auto status = namesrv_->Stop(milliseconds(5000));
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(*status, 0) << namesrv_->StderrText();
}

TEST_F(NamesrvProcessTest, SigintAlsoStopsCleanly) {
  ASSERT_FALSE(StartNamesrv().empty());
  namesrv_->Signal(SIGINT);
  auto status = namesrv_->WaitForExit(milliseconds(5000));
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(*status, 0);
}

TEST_F(NamesrvProcessTest, RegisteredBrokerServesRoutes) {
  const std::string addr = StartNamesrv();
  ASSERT_FALSE(addr.empty());
  auto reg = Call(addr, RegisterRequest("broker-a", 0, "127.0.0.1:10911", {"TopicA", "TopicB"}));
  ASSERT_EQ(reg.code(), ResponseCode::kSuccess) << reg.remark().value_or("");

  auto route = Call(addr, RouteRequest("TopicA"));
  ASSERT_EQ(route.code(), ResponseCode::kSuccess) << route.remark().value_or("");
  auto data = protocol::TopicRouteData::Decode(route.body().owned());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->queue_datas.size(), 1u);
  EXPECT_EQ(data->queue_datas[0].broker_name, "broker-a");
  EXPECT_EQ(data->queue_datas[0].write_queue_nums, 4);
  ASSERT_EQ(data->broker_datas.size(), 1u);
  EXPECT_EQ(data->broker_datas[0].broker_addrs.at(0), "127.0.0.1:10911");
  // Clients from V4_9_4 on get standard JSON: the broker id key is quoted.
  EXPECT_NE(route.body().owned().find(R"("0":"127.0.0.1:10911")"), std::string::npos);

  auto missing = Call(addr, RouteRequest("NoSuchTopic"));
  EXPECT_EQ(missing.code(), ResponseCode::kTopicNotExist);
  EXPECT_NE(missing.remark().value_or("").find("NoSuchTopic"), std::string::npos);

  auto info = Call(addr, RemotingCommand::CreateRequest(RequestCode::kGetBrokerClusterInfo));
  EXPECT_NE(info.body().owned().find(R"("DefaultCluster":["broker-a"])"), std::string::npos);
}

TEST_F(NamesrvProcessTest, BinaryHeaderRequestsAreAnsweredInKind) {
  const std::string addr = StartNamesrv();
  ASSERT_FALSE(addr.empty());
  auto binary = NewClient(remoting::SerializeType::kRocketMQ);
  auto reg =
      Call(addr, RegisterRequest("broker-b", 0, "127.0.0.1:10921", {"TopicBin"}), binary.get());
  ASSERT_EQ(reg.code(), ResponseCode::kSuccess);
  EXPECT_EQ(reg.serialize_type(), remoting::SerializeType::kRocketMQ);
  EXPECT_EQ(Call(addr, RouteRequest("TopicBin"), binary.get()).code(), ResponseCode::kSuccess);
  binary->Shutdown();
}

TEST_F(NamesrvProcessTest, SilentBrokerExpires) {
  const std::string addr =
      StartNamesrv({"--scanNotActiveBrokerInterval=50", "--brokerChannelExpiredTime=300"});
  ASSERT_FALSE(addr.empty());
  // Expiry also closes the broker's connection, so the broker has its own.
  auto broker = NewClient();
  ASSERT_EQ(Call(addr, RegisterRequest("broker-a", 0, "127.0.0.1:10911", {"TopicA"}), broker.get())
                .code(),
            ResponseCode::kSuccess);
  ASSERT_EQ(Call(addr, RouteRequest("TopicA")).code(), ResponseCode::kSuccess);
  EXPECT_TRUE(AwaitRouteCode(addr, "TopicA", ResponseCode::kTopicNotExist, milliseconds(5000)));
  broker->Shutdown();
}

TEST_F(NamesrvProcessTest, ClosedBrokerConnectionDropsBrokerAtOnce) {
  const std::string addr = StartNamesrv();
  ASSERT_FALSE(addr.empty());
  auto broker = NewClient();
  ASSERT_EQ(Call(addr, RegisterRequest("broker-a", 0, "127.0.0.1:10911", {"TopicA"}), broker.get())
                .code(),
            ResponseCode::kSuccess);
  ASSERT_EQ(Call(addr, RouteRequest("TopicA")).code(), ResponseCode::kSuccess);
  broker->Shutdown();
  // The default expiry is 120 s: only the connection close can explain a quick removal.
  EXPECT_TRUE(AwaitRouteCode(addr, "TopicA", ResponseCode::kTopicNotExist, milliseconds(5000)));
}

TEST_F(NamesrvProcessTest, MasterLeavingIsVisibleInRoutesAtOnce) {
  const std::string addr = StartNamesrv();
  ASSERT_FALSE(addr.empty());
  auto master = NewClient();
  ASSERT_EQ(Call(addr, RegisterRequest("broker-a", 0, "127.0.0.1:10911", {"TopicA"}), master.get())
                .code(),
            ResponseCode::kSuccess);
  auto slave = Call(addr, RegisterRequest("broker-a", 1, "127.0.0.1:10912", {"TopicA"}));
  ASSERT_EQ(slave.code(), ResponseCode::kSuccess);
  ASSERT_NE(slave.FindExtField("masterAddr"), nullptr);
  EXPECT_EQ(*slave.FindExtField("masterAddr"), "127.0.0.1:10911");
  master->Shutdown();

  const auto deadline = clock::Deadline::After(milliseconds(5000));
  bool master_gone = false;
  while (!deadline.Expired() && !master_gone) {
    auto route =
        protocol::TopicRouteData::Decode(Call(addr, RouteRequest("TopicA")).body().owned());
    ASSERT_TRUE(route.ok());
    master_gone = route->broker_datas.size() == 1 &&
                  route->broker_datas[0].broker_addrs.count(0) == 0 &&
                  route->broker_datas[0].broker_addrs.count(1) == 1;
    if (!master_gone) std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(master_gone);
}

TEST_F(NamesrvProcessTest, KvConfigSurvivesRestart) {
  std::string addr = StartNamesrv();
  ASSERT_FALSE(addr.empty());
  protocol::PutKVConfigRequestHeader put;
  put.namespace_ = "ORDER_TOPIC_CONFIG";
  put.key = "OrderTopic";
  put.value = "broker-a:4";
  ASSERT_EQ(
      Call(addr, RemotingCommand::CreateRequest(RequestCode::kPutKvConfig, put.Encode())).code(),
      ResponseCode::kSuccess);
  ASSERT_EQ(*namesrv_->Stop(milliseconds(5000)), 0);
  client_->CloseConnection(addr);

  addr = StartNamesrv();
  ASSERT_FALSE(addr.empty());
  protocol::GetKVConfigRequestHeader get;
  get.namespace_ = "ORDER_TOPIC_CONFIG";
  get.key = "OrderTopic";
  auto value = Call(addr, RemotingCommand::CreateRequest(RequestCode::kGetKvConfig, get.Encode()));
  ASSERT_EQ(value.code(), ResponseCode::kSuccess) << value.remark().value_or("");
  EXPECT_EQ(*value.FindExtField("value"), "broker-a:4");

  // A registering broker gets the order topic table back.
  auto reg = Call(addr, RegisterRequest("broker-a", 0, "127.0.0.1:10911", {"OrderTopic"}));
  auto table = protocol::KVTable::Decode(reg.body().owned());
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->table.at("OrderTopic"), "broker-a:4");
}

TEST_F(NamesrvProcessTest, BadRequestsGetErrorsAndServerKeepsServing) {
  const std::string addr = StartNamesrv();
  ASSERT_FALSE(addr.empty());

  auto no_topic = Call(addr, RemotingCommand::CreateRequest(RequestCode::kGetRouteinfoByTopic,
                                                            protocol::ExtFields{}));
  EXPECT_EQ(no_topic.code(), ResponseCode::kSystemError);
  EXPECT_NE(no_topic.remark().value_or("").find("topic"), std::string::npos);

  auto garbage = RegisterRequest("broker-a", 0, "127.0.0.1:10911", {"TopicA"});
  garbage.set_body("{\"filterServerList\":[");
  auto response = Call(addr, std::move(garbage));
  EXPECT_EQ(response.code(), ResponseCode::kSystemError);
  EXPECT_NE(response.remark().value_or("").find("RegisterBrokerBody"), std::string::npos);

  auto unknown = Call(addr, RemotingCommand::CreateRequest(4242));
  EXPECT_EQ(unknown.code(), ResponseCode::kRequestCodeNotSupported);

  // A peer sending bytes that are not a frame loses its own connection only.
  const size_t colon = addr.rfind(':');
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(std::stoi(addr.substr(colon + 1))));
  ASSERT_EQ(inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr), 1);
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), 0);
  const char junk[] = "\xff\xff\xff\xff garbage that is no frame";
  ASSERT_GT(write(fd, junk, sizeof(junk)), 0);
  char buf[64];
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  EXPECT_EQ(read(fd, buf, sizeof(buf)), 0) << "the server should close a garbage connection";
  close(fd);

  EXPECT_EQ(Call(addr, RegisterRequest("broker-a", 0, "127.0.0.1:10911", {"TopicA"})).code(),
            ResponseCode::kSuccess);
  EXPECT_EQ(Call(addr, RouteRequest("TopicA")).code(), ResponseCode::kSuccess);
  EXPECT_TRUE(namesrv_->Running());
}

// Starts namesrv expecting it to fail; returns its stderr after checking a non-zero exit.
std::string ExpectStartFailure(const std::vector<std::string>& args) {
  auto process = ChildProcess::Spawn(NAMESRV_BIN, args);
  EXPECT_TRUE(process.ok()) << process.status().ToString();
  if (!process.ok()) return std::string();
  auto status = (*process)->WaitForExit(milliseconds(5000));
  EXPECT_TRUE(status.ok()) << status.status().ToString();
  if (status.ok()) {
    EXPECT_NE(*status, 0);
  }
  return (*process)->StderrText();
}

TEST_F(NamesrvProcessTest, ConfigErrorsExitNonZeroNamingTheKey) {
  EXPECT_NE(ExpectStartFailure({"--listenPort=abc"}).find("listenPort"), std::string::npos);
  EXPECT_NE(ExpectStartFailure({"--noSuchSetting=1"}).find("noSuchSetting"), std::string::npos);
  EXPECT_NE(ExpectStartFailure({"-x"}).find("-x"), std::string::npos);

  const std::string conf = dir_->File("namesrv.conf");
  ASSERT_TRUE(testing::WriteFile(conf,
                                 "# comment\nlistenPort=0\nbindAddress=127.0.0.1\n"
                                 "scanNotActiveBrokerInterval=-5\n")
                  .ok());
  const std::string err = ExpectStartFailure({"-c", conf});
  EXPECT_NE(err.find("scanNotActiveBrokerInterval"), std::string::npos) << err;
  EXPECT_NE(err.find("namesrv.conf:4"), std::string::npos) << err;

  EXPECT_NE(ExpectStartFailure({"-c", dir_->File("missing.conf")}).find("missing.conf"),
            std::string::npos);

  const std::string bad_kv = dir_->File("kv-bad.json");
  ASSERT_TRUE(testing::WriteFile(bad_kv, "{broken").ok());
  EXPECT_NE(
      ExpectStartFailure({"--listenPort=0", "--bindAddress=127.0.0.1", "--kvConfigPath=" + bad_kv})
          .find("kv-bad.json"),
      std::string::npos);
}

TEST_F(NamesrvProcessTest, TakenPortIsAClearError) {
  const std::string addr = StartNamesrv();
  ASSERT_FALSE(addr.empty());
  const std::string port = addr.substr(addr.rfind(':') + 1);
  const std::string err = ExpectStartFailure({"--listenPort=" + port, "--bindAddress=127.0.0.1",
                                              "--kvConfigPath=" + dir_->File("other.json")});
  EXPECT_NE(err.find(addr), std::string::npos) << err;
  EXPECT_TRUE(namesrv_->Running());
}

TEST_F(NamesrvProcessTest, PrintConfigAndHelpExitZero) {
  auto print = ChildProcess::Spawn(NAMESRV_BIN, {"-p", "--listenPort=1234"});
  ASSERT_TRUE(print.ok());
  ASSERT_EQ(*(*print)->WaitForExit(milliseconds(5000)), 0);
  EXPECT_NE((*print)->StdoutText().find("listenPort=1234"), std::string::npos);
  auto help = ChildProcess::Spawn(NAMESRV_BIN, {"-h"});
  ASSERT_TRUE(help.ok());
  ASSERT_EQ(*(*help)->WaitForExit(milliseconds(5000)), 0);
  EXPECT_NE((*help)->StdoutText().find("scanNotActiveBrokerInterval"), std::string::npos);
}

}  // namespace
}  // namespace rocketmq
