#include "ha_cluster.h"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>

#include "common/clock.h"
#include "protocol/message_properties.h"
#include "protocol/request_code.h"
#include "protocol/send_headers.h"

namespace rocketmq {
namespace testing {

namespace {

constexpr std::chrono::milliseconds kStartTimeout{10000};
// Small files: replication crosses file ends (and their BLANK fillers) within a test.
constexpr int64_t kCommitLogFileSize = 1024 * 1024;

}  // namespace

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = clock::Deadline::After(timeout);
  while (!deadline.Expired()) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

std::vector<std::string> HaCluster::BaseArgs(const std::string& store) const {
  return {"-n", namesrv_addr_, "--listenPort=0", "--bindAddress=127.0.0.1", "--brokerIP1=127.0.0.1",
          "--brokerName=broker-ha", "--storePathRootDir=" + store,
          "--mappedFileSizeCommitLog=" + std::to_string(kCommitLogFileSize),
          "--maxMessageSize=65536", "--mappedFileSizeConsumeQueue=60000",
          "--registerBrokerTimeoutMills=3000",
          // A few MB of store: how full the (shared) disk is must not delete or refuse them.
          "--diskSpaceCleanForciblyRatio=99", "--diskSpaceWarningLevelRatio=99"};
}

Result<std::unique_ptr<HaCluster>> HaCluster::Start(Options options) {
  std::unique_ptr<HaCluster> cluster(new HaCluster());
  cluster->options_ = std::move(options);
  auto dir = TempDir::Create("rmq-ha-it");
  if (!dir.ok()) return dir.status();
  cluster->dir_ = std::make_unique<TempDir>(std::move(*dir));
  cluster->master_store_ = cluster->dir_->File("master");
  cluster->slave_store_ = cluster->dir_->File("slave");

  auto ns = ChildProcess::Spawn(NAMESRV_BIN, {"--listenPort=0", "--bindAddress=127.0.0.1",
                                              "--kvConfigPath=" + cluster->dir_->File("kv.json")});
  if (!ns.ok()) return ns.status();
  cluster->namesrv_ = std::move(*ns);
  auto ns_addr = cluster->namesrv_->WaitForListening(kStartTimeout);
  if (!ns_addr.ok()) return ns_addr.status().WithContext("namesrv");
  cluster->namesrv_addr_ = *ns_addr;

  cluster->client_ = std::make_unique<remoting::RemotingClient>(remoting::RemotingClientOptions{});
  RMQ_RETURN_IF_ERROR(cluster->client_->Start());
  RMQ_RETURN_IF_ERROR(cluster->StartMaster());
  RMQ_RETURN_IF_ERROR(cluster->StartSlave());
  RMQ_RETURN_IF_ERROR(cluster->WaitForSlaveLinks(1));
  return cluster;
}

Status HaCluster::StartMaster() {
  std::vector<std::string> args = BaseArgs(master_store_);
  args.push_back("--brokerRole=" + options_.master_role);
  args.insert(args.end(), options_.master_args.begin(), options_.master_args.end());
  auto master = ChildProcess::Spawn(BROKER_BIN, args);
  if (!master.ok()) return master.status();
  master_ = std::move(*master);
  auto addr = master_->WaitForListening(kStartTimeout);
  if (!addr.ok()) return addr.status().WithContext("master");
  master_addr_ = *addr;
  auto line = master_->WaitForOutput("accepts HA slaves on port ", ChildProcess::Stream::kStdout,
                                     kStartTimeout);
  if (!line.ok()) return line.status().WithContext("master HA port");
  master_ha_port_ = static_cast<uint16_t>(
      std::stoi(line->substr(line->find("on port ") + std::string("on port ").size())));
  return Status::OK();
}

Status HaCluster::StartSlave() {
  std::vector<std::string> args = BaseArgs(slave_store_);
  for (const char* arg : {"--brokerRole=SLAVE", "--brokerId=1", "--slaveReadEnable=true"}) {
    args.emplace_back(arg);
  }
  args.insert(args.end(), options_.slave_args.begin(), options_.slave_args.end());
  auto slave = ChildProcess::Spawn(BROKER_BIN, args);
  if (!slave.ok()) return slave.status();
  slave_ = std::move(*slave);
  auto addr = slave_->WaitForListening(kStartTimeout);
  if (!addr.ok()) return addr.status().WithContext("slave");
  slave_addr_ = *addr;
  return Status::OK();
}

namespace {
Status KillAndReap(ChildProcess* process, int signal) {
  process->Signal(signal);
  auto rc = process->WaitForExit(std::chrono::seconds(10));
  if (!rc.ok()) return rc.status();
  if (signal == SIGKILL && *rc != 128 + SIGKILL) {
    return Status::Internal("exited with " + std::to_string(*rc) + ", not by SIGKILL");
  }
  if (signal == SIGTERM && *rc != 0) return Status::Internal("exited with " + std::to_string(*rc));
  return Status::OK();
}
}  // namespace

Status HaCluster::KillSlave() {
  client_->CloseConnection(slave_addr_);
  return KillAndReap(slave_.get(), SIGKILL);
}

Status HaCluster::KillMaster() {
  client_->CloseConnection(master_addr_);
  return KillAndReap(master_.get(), SIGKILL);
}

Status HaCluster::StopMaster() {
  client_->CloseConnection(master_addr_);
  return KillAndReap(master_.get(), SIGTERM);
}

HaCluster::~HaCluster() {
  if (client_) client_->Shutdown();
  // A test may leave the slave stopped: let it run to its SIGTERM.
  if (slave_ && slave_->Running()) slave_->Signal(SIGCONT);
  slave_.reset();
  master_.reset();
  namesrv_.reset();
}

Result<remoting::RemotingCommand> HaCluster::Call(const std::string& addr,
                                                  remoting::RemotingCommand request,
                                                  std::chrono::milliseconds timeout) {
  return client_->InvokeSync(addr, std::move(request), timeout);
}

Result<remoting::RemotingCommand> HaCluster::Send(const std::string& topic, const std::string& body,
                                                  int32_t queue_id, int delay_level) {
  protocol::SendMessageRequestHeader header;
  header.producer_group = "PG";
  header.topic = topic;
  header.queue_id = queue_id;
  header.born_timestamp = clock::WallMillis();
  std::string props;
  protocol::AppendProperty(&props, "WAIT", "true");
  if (delay_level > 0) protocol::AppendProperty(&props, "DELAY", std::to_string(delay_level));
  header.properties = props;
  auto request = remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kSendMessageV2,
                                                          header.EncodeV2());
  request.set_body(body);
  return Call(master_addr_, std::move(request), std::chrono::seconds(10));
}

Result<protocol::KVTable> HaCluster::RuntimeInfo(const std::string& addr) {
  auto response = Call(
      addr, remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kGetBrokerRuntimeInfo));
  if (!response.ok()) return response.status();
  return protocol::KVTable::Decode(response->body().Flatten());
}

Result<int64_t> HaCluster::MaxPhyOffset(const std::string& addr) {
  auto info = RuntimeInfo(addr);
  if (!info.ok()) return info.status();
  return std::stoll(info->table["commitLogMaxOffset"]);
}

Status HaCluster::WaitForSlaveLinks(int count, std::chrono::milliseconds timeout) {
  std::string seen = "?";
  const bool linked = WaitFor(
      [&] {
        auto info = RuntimeInfo(master_addr_);
        if (!info.ok()) return false;
        seen = info->table["haSlaveCount"];
        return seen == std::to_string(count);
      },
      timeout);
  if (linked) return Status::OK();
  return Status::Timeout("the master counts " + seen + " slave links, not " +
                         std::to_string(count));
}

Status HaCluster::WaitForSlaveToCatchUp(std::chrono::milliseconds timeout) {
  int64_t master = -1;
  int64_t slave = -1;
  const bool caught_up = WaitFor(
      [&] {
        auto m = MaxPhyOffset(master_addr_);
        auto s = MaxPhyOffset(slave_addr_);
        if (!m.ok() || !s.ok()) return false;
        master = *m;
        slave = *s;
        return master == slave;
      },
      timeout);
  if (caught_up) return Status::OK();
  return Status::Timeout("the slave's CommitLog ends at " + std::to_string(slave) +
                         ", the master's at " + std::to_string(master));
}

Result<std::string> HaCluster::ReadCommitLog(const std::string& store, int64_t from,
                                             int64_t to) const {
  std::string out;
  for (int64_t at = from; at < to;) {
    const int64_t file_start = at - at % kCommitLogFileSize;
    char name[32];
    std::snprintf(name, sizeof name, "%020lld", static_cast<long long>(file_start));
    std::ifstream in(store + "/commitlog/" + name, std::ios::binary);
    if (!in) return Status::NotFound(store + "/commitlog/" + name + " cannot be opened");
    const int64_t n = std::min(to, file_start + kCommitLogFileSize) - at;
    std::string chunk(static_cast<size_t>(n), '\0');
    in.seekg(at - file_start);
    in.read(chunk.data(), n);
    if (in.gcount() != n) return Status::IoError("short read of " + std::string(name));
    out += chunk;
    at += n;
  }
  return out;
}

}  // namespace testing
}  // namespace rocketmq
