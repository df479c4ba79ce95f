#include "broker_cluster.h"

#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <thread>

#include "common/clock.h"
#include "protocol/message_properties.h"
#include "protocol/namesrv_headers.h"
#include "protocol/offset_headers.h"
#include "protocol/pull_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"

namespace rocketmq {
namespace testing {

std::vector<std::string> BrokerArgs(const std::string& namesrv_addr, const std::string& store_dir) {
  return {"-n", namesrv_addr, "--listenPort=0", "--bindAddress=127.0.0.1", "--brokerIP1=127.0.0.1",
          "--brokerName=broker-it", "--storePathRootDir=" + store_dir,
          "--mappedFileSizeCommitLog=8388608", "--mappedFileSizeConsumeQueue=60000",
          "--registerBrokerTimeoutMills=3000",
          // A few MB of store: how full the (shared) disk is must not delete or refuse them.
          "--diskSpaceCleanForciblyRatio=99", "--diskSpaceWarningLevelRatio=99",
          // Ephemeral, also when a restart reuses the listen port: listenPort + 1, Apache's
          // default, may be some other socket's ephemeral port by then.
          "--haListenPort=0", std::string("--messageDelayLevel=") + kTestMessageDelayLevel};
}

Result<std::unique_ptr<BrokerCluster>> BrokerCluster::Start(std::vector<std::string> extra,
                                                            std::vector<std::string> wrapper) {
  std::unique_ptr<BrokerCluster> cluster(new BrokerCluster());
  auto dir = TempDir::Create("rmq-broker-it");
  if (!dir.ok()) return dir.status();
  cluster->dir_ = std::make_unique<TempDir>(std::move(*dir));
  cluster->store_dir_ = cluster->dir_->File("store");
  cluster->extra_ = std::move(extra);
  cluster->wrapper_ = std::move(wrapper);

  auto ns = ChildProcess::Spawn(NAMESRV_BIN, {"--listenPort=0", "--bindAddress=127.0.0.1",
                                              "--kvConfigPath=" + cluster->dir_->File("kv.json")});
  if (!ns.ok()) return ns.status();
  cluster->namesrv_ = std::move(*ns);
  auto ns_addr = cluster->namesrv_->WaitForListening(kStartTimeout);
  if (!ns_addr.ok()) return ns_addr.status().WithContext("namesrv");
  cluster->namesrv_addr_ = *ns_addr;

  cluster->client_ = std::make_unique<remoting::RemotingClient>(remoting::RemotingClientOptions{});
  RMQ_RETURN_IF_ERROR(cluster->client_->Start());
  RMQ_RETURN_IF_ERROR(cluster->StartBroker());
  return cluster;
}

Status BrokerCluster::StartBroker(const std::string& port) {
  std::vector<std::string> args = BrokerArgs(namesrv_addr_, store_dir_);
  args.insert(args.end(), extra_.begin(), extra_.end());
  // The last value of a setting wins.
  if (!port.empty()) args.push_back("--listenPort=" + port);
  std::string program = BROKER_BIN;
  if (!wrapper_.empty()) {
    if (mkdir(store_dir_.c_str(), 0755) != 0 && errno != EEXIST) {
      return Status::IoError("cannot create " + store_dir_);
    }
    std::vector<std::string> wrapped;
    for (size_t i = 1; i < wrapper_.size(); ++i) {
      wrapped.push_back(wrapper_[i] == "{store}" ? store_dir_ : wrapper_[i]);
    }
    wrapped.push_back(program);
    wrapped.insert(wrapped.end(), args.begin(), args.end());
    program = wrapper_[0];
    args = std::move(wrapped);
  }
  auto broker = ChildProcess::Spawn(program, args);
  if (!broker.ok()) return broker.status();
  broker_ = std::move(*broker);
  auto addr = broker_->WaitForListening(kStartTimeout);
  if (!addr.ok()) return addr.status().WithContext("broker");
  broker_addr_ = *addr;
  return Status::OK();
}

BrokerCluster::~BrokerCluster() {
  if (client_) client_->Shutdown();
  broker_.reset();
  namesrv_.reset();
}

Result<int> BrokerCluster::StopBroker() {
  auto rc = broker_->Stop(std::chrono::seconds(10));
  client_->CloseConnection(broker_addr_);
  return rc;
}

std::string BrokerCluster::BrokerPort() const {
  return broker_addr_.substr(broker_addr_.rfind(':') + 1);
}

Status BrokerCluster::RestartBroker(bool same_port) {
  const std::string port = same_port ? BrokerPort() : "";
  auto rc = StopBroker();
  if (!rc.ok()) return rc.status();
  if (*rc != 0) return Status::Internal("the broker exited with " + std::to_string(*rc));
  return StartBroker(port);
}

Status BrokerCluster::KillAndRestartBroker(bool same_port) {
  const std::string port = same_port ? BrokerPort() : "";
  broker_->Signal(SIGKILL);
  auto rc = broker_->WaitForExit(std::chrono::seconds(10));
  client_->CloseConnection(broker_addr_);
  if (!rc.ok()) return rc.status();
  if (*rc != 128 + SIGKILL) {
    return Status::Internal("the broker exited with " + std::to_string(*rc) + ", not by SIGKILL");
  }
  return StartBroker(port);
}

Status BrokerCluster::KillAndRestartNamesrv() {
  namesrv_->Signal(SIGKILL);
  auto rc = namesrv_->WaitForExit(std::chrono::seconds(10));
  client_->CloseConnection(namesrv_addr_);
  if (!rc.ok()) return rc.status();
  const std::string port = namesrv_addr_.substr(namesrv_addr_.rfind(':') + 1);
  auto ns = ChildProcess::Spawn(NAMESRV_BIN, {"--listenPort=" + port, "--bindAddress=127.0.0.1",
                                              "--kvConfigPath=" + dir_->File("kv.json")});
  if (!ns.ok()) return ns.status();
  namesrv_ = std::move(*ns);
  auto addr = namesrv_->WaitForListening(kStartTimeout);
  if (!addr.ok()) return addr.status().WithContext("restarted namesrv");
  if (*addr != namesrv_addr_) {
    return Status::Internal("the nameserver came back on " + *addr + ", not " + namesrv_addr_);
  }
  return Status::OK();
}

Result<remoting::RemotingCommand> BrokerCluster::Call(remoting::RemotingCommand request,
                                                      const std::string& addr) {
  return client_->InvokeSync(addr.empty() ? broker_addr_ : addr, std::move(request), kRpcTimeout);
}

Result<remoting::RemotingCommand> BrokerCluster::Send(const std::string& topic,
                                                      const std::string& body,
                                                      const std::string& tags, int32_t queue_id) {
  protocol::SendMessageRequestHeader header;
  header.producer_group = "PG";
  header.topic = topic;
  header.queue_id = queue_id;
  header.born_timestamp = clock::WallMillis();
  std::string props;
  if (!tags.empty()) protocol::AppendProperty(&props, "TAGS", tags);
  protocol::AppendProperty(&props, "WAIT", "true");
  header.properties = props;
  auto request = remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kSendMessageV2,
                                                          header.EncodeV2());
  request.set_body(body);
  return Call(std::move(request));
}

Status BrokerCluster::WaitForMaxOffset(const std::string& topic, int32_t queue_id, int64_t offset) {
  protocol::GetMaxOffsetRequestHeader header;
  header.topic = topic;
  header.queue_id = queue_id;
  const auto deadline = clock::Deadline::After(std::chrono::milliseconds(5000));
  int64_t seen = -1;
  while (!deadline.Expired()) {
    auto response = Call(remoting::RemotingCommand::CreateRequest(
        protocol::RequestCode::kGetMaxOffset, header.Encode()));
    if (response.ok()) {
      auto answer = protocol::OffsetResponseHeader::Decode(response->ext_fields());
      if (answer.ok()) seen = answer->offset;
      if (seen >= offset) return Status::OK();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return Status::Timeout(topic + " queue " + std::to_string(queue_id) + " reached offset " +
                         std::to_string(seen) + ", not " + std::to_string(offset));
}

Status BrokerCluster::WaitForRoute(const std::string& topic) {
  protocol::GetRouteInfoRequestHeader header;
  header.topic = topic;
  const auto deadline = clock::Deadline::After(std::chrono::milliseconds(5000));
  while (!deadline.Expired()) {
    auto response = Call(remoting::RemotingCommand::CreateRequest(
                             protocol::RequestCode::kGetRouteinfoByTopic, header.Encode()),
                         namesrv_addr_);
    if (response.ok() && response->code() == protocol::ResponseCode::kSuccess) return Status::OK();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status::Timeout("the nameserver has no route for " + topic);
}

remoting::RemotingCommand BrokerCluster::PullRequest(const std::string& group,
                                                     const std::string& topic, int32_t queue_id,
                                                     int64_t offset, int64_t suspend_ms,
                                                     const std::string& subscription) {
  protocol::PullMessageRequestHeader header;
  header.consumer_group = group;
  header.topic = topic;
  header.queue_id = queue_id;
  header.queue_offset = offset;
  header.max_msg_nums = 32;
  header.sys_flag = 0x4 | (suspend_ms > 0 ? 0x2 : 0);
  header.suspend_timeout_millis = suspend_ms;
  header.subscription = subscription;
  header.expression_type = "TAG";
  header.sub_version = 1;
  return remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kPullMessage,
                                                  header.Encode());
}

Result<remoting::RemotingCommand> BrokerCluster::Pull(const std::string& group,
                                                      const std::string& topic, int32_t queue_id,
                                                      int64_t offset,
                                                      const std::string& subscription) {
  return Call(PullRequest(group, topic, queue_id, offset, 0, subscription));
}

Result<std::vector<protocol::MessageRecord>> PulledRecords(
    const remoting::RemotingCommand& response, std::string* storage) {
  *storage = response.body().Flatten();
  return protocol::DecodeMessageRecords(*storage, true);
}

}  // namespace testing
}  // namespace rocketmq
