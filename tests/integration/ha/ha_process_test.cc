// Master/slave replication between real broker processes (namesrv + master + slave on
// loopback): byte-identical CommitLogs, SYNC_MASTER acknowledgements, a stopped or killed
// slave, garbage on the HA port, and consumers reading the slave while the master is gone.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "common/clock.h"
#include "ha_cluster.h"
#include "protocol/cluster_info.h"
#include "protocol/message_record.h"
#include "protocol/namesrv_headers.h"
#include "protocol/offset_headers.h"
#include "protocol/pull_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "protocol/topic_route_data.h"

namespace rocketmq {
namespace testing {
namespace {

namespace rc = protocol::ResponseCode;
namespace rq = protocol::RequestCode;
using Options = HaCluster::Options;

constexpr char kTopic[] = "HaTopic";

std::unique_ptr<HaCluster> StartCluster(Options options = {}) {
  auto cluster = HaCluster::Start(std::move(options));
  EXPECT_TRUE(cluster.ok()) << cluster.status().ToString();
  return cluster.ok() ? std::move(*cluster) : nullptr;
}

std::string Body(int i, size_t size = 600) {
  std::string body = "message-" + std::to_string(i) + "-";
  body.resize(size, static_cast<char>('a' + i % 26));
  return body;
}

// Sends `count` messages to queue 0 and expects SUCCESS for each.
void SendMany(HaCluster* cluster, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    auto response = cluster->Send(kTopic, Body(i));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    ASSERT_EQ(response->code(), rc::kSuccess) << response->remark().value_or("");
  }
}

void ExpectIdenticalCommitLogs(HaCluster* cluster) {
  auto end = cluster->MaxPhyOffset(cluster->master_addr());
  ASSERT_TRUE(end.ok()) << end.status().ToString();
  auto master = cluster->ReadCommitLog(cluster->master_store(), 0, *end);
  auto slave = cluster->ReadCommitLog(cluster->slave_store(), 0, *end);
  ASSERT_TRUE(master.ok()) << master.status().ToString();
  ASSERT_TRUE(slave.ok()) << slave.status().ToString();
  EXPECT_EQ(master->size(), static_cast<size_t>(*end));
  if (*master != *slave) {
    size_t at = 0;
    while (at < master->size() && at < slave->size() && (*master)[at] == (*slave)[at]) ++at;
    ADD_FAILURE() << "the CommitLogs (" << *end << " bytes) differ first at offset " << at;
  }
}

// Every body pulled from queue 0 of `addr`, from offset 0 on.
std::vector<std::string> PullAll(HaCluster* cluster, const std::string& addr) {
  std::vector<std::string> bodies;
  int64_t offset = 0;
  for (int rounds = 0; rounds < 100000; ++rounds) {
    protocol::PullMessageRequestHeader header;
    header.consumer_group = "CG";
    header.topic = kTopic;
    header.queue_id = 0;
    header.queue_offset = offset;
    header.max_msg_nums = 32;
    header.sys_flag = 0x4;
    header.subscription = "*";
    header.expression_type = "TAG";
    header.sub_version = 1;
    auto response = cluster->Call(
        addr, remoting::RemotingCommand::CreateRequest(rq::kPullMessage, header.Encode()));
    if (!response.ok()) {
      ADD_FAILURE() << "pull at " << offset << ": " << response.status().ToString();
      break;
    }
    if (response->code() == rc::kPullNotFound) break;  // the end of the queue
    if (response->code() != rc::kSuccess) {
      ADD_FAILURE() << "pull at " << offset << " answered " << response->code() << " "
                    << response->remark().value_or("");
      break;
    }
    auto answer = protocol::PullMessageResponseHeader::Decode(response->ext_fields());
    if (!answer.ok()) break;
    const std::string storage = response->body().Flatten();
    auto records = protocol::DecodeMessageRecords(storage, true);
    if (!records.ok()) break;
    for (const auto& r : *records) bodies.emplace_back(r.body);
    offset = answer->next_begin_offset;
  }
  return bodies;
}

// The slave serves a topic once its metadata sync (every 10 s, first 3 s after start) has
// brought the master's topic table.
bool WaitForSlaveTopic(HaCluster* cluster) {
  return WaitFor(
      [&] {
        auto topics =
            cluster->Call(cluster->slave_addr(),
                          remoting::RemotingCommand::CreateRequest(rq::kGetAllTopicConfig));
        return topics.ok() && topics->body().Flatten().find(std::string("\"") + kTopic + "\"") !=
                                  std::string::npos;
      },
      std::chrono::seconds(15));
}

// SIGSTOP takes effect asynchronously: waits until the kernel reports the process stopped.
void StopProcess(ChildProcess* process) {
  process->Signal(SIGSTOP);
  const std::string stat = "/proc/" + std::to_string(process->pid()) + "/stat";
  EXPECT_TRUE(WaitFor(
      [&] {
        std::ifstream in(stat);
        std::stringstream buffer;
        buffer << in.rdbuf();
        const std::string text = buffer.str();
        const size_t paren = text.rfind(')');
        return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'T';
      },
      std::chrono::seconds(5)));
}

// Compares without printing thousands of bodies.
void ExpectBodies(const std::vector<std::string>& pulled, int first, int count) {
  ASSERT_EQ(pulled.size(), static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE(pulled[static_cast<size_t>(i)] == Body(first + i)) << "message " << first + i;
  }
}

// Wrong role combinations stop the broker at start with a message naming the keys.
TEST(HaProcessTest, ASlaveNeedsABrokerIdAndOnlyASlaveHasAMaster) {
  auto dir = TempDir::Create("rmq-ha-conf");
  ASSERT_TRUE(dir.ok());
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--brokerRole=SLAVE", "--brokerId=0"}, "brokerId"},
      {{"--brokerRole=SYNC_MASTER", "--haMasterAddress=127.0.0.1:10912"}, "haMasterAddress"},
      {{"--brokerRole=LEADER"}, "brokerRole"},
      {{"--brokerRole=SLAVE", "--brokerId=1", "--haMasterAddress=nowhere"}, "haMasterAddress"}};
  for (const auto& [flags, key] : cases) {
    std::vector<std::string> args = {"--listenPort=0", "--bindAddress=127.0.0.1",
                                     "--storePathRootDir=" + dir->File("store")};
    args.insert(args.end(), flags.begin(), flags.end());
    auto broker = ChildProcess::Spawn(BROKER_BIN, args);
    ASSERT_TRUE(broker.ok());
    auto rc = (*broker)->WaitForExit(std::chrono::seconds(10));
    ASSERT_TRUE(rc.ok()) << flags[0];
    EXPECT_NE(*rc, 0) << flags[0];
    EXPECT_NE((*broker)->StderrText().find(key), std::string::npos) << (*broker)->StderrText();
  }
}

TEST(HaProcessTest, AsyncMasterReplicatesByteIdenticalCommitLog) {
  auto cluster = StartCluster();
  ASSERT_NE(cluster, nullptr);
  // Over 2 MiB with 1 MiB files: the transfer crosses file ends and their fillers.
  SendMany(cluster.get(), 0, 4000);
  ASSERT_TRUE(cluster->WaitForSlaveToCatchUp().ok());
  ExpectIdenticalCommitLogs(cluster.get());

  // The slave dispatched its own ConsumeQueue and serves reads.
  ASSERT_TRUE(WaitForSlaveTopic(cluster.get()));
  ExpectBodies(PullAll(cluster.get(), cluster->slave_addr()), 0, 4000);

  // An ASYNC_MASTER reads the slave's last report at its next push or tick, not on arrival.
  EXPECT_TRUE(WaitFor(
      [&] {
        auto info = cluster->RuntimeInfo(cluster->master_addr());
        return info.ok() && info->table["haSlaveFallBehindBytes"] == "0";
      },
      std::chrono::seconds(5)));
  auto info = cluster->RuntimeInfo(cluster->master_addr());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->table["haSlaveCount"], "1");
  auto slave_info = cluster->RuntimeInfo(cluster->slave_addr());
  ASSERT_TRUE(slave_info.ok());
  EXPECT_EQ(slave_info->table["brokerRole"], "SLAVE");
  EXPECT_EQ(slave_info->table["haConnected"], "true");
  EXPECT_EQ(slave_info->table["haMasterAddress"],
            "127.0.0.1:" + std::to_string(cluster->master_ha_port()));
}

TEST(HaProcessTest, SlaveRefusesSendsAndSyncsTheMastersMetadata) {
  auto cluster = StartCluster();
  ASSERT_NE(cluster, nullptr);
  SendMany(cluster.get(), 0, 1);  // auto-creates the topic on the master

  protocol::SendMessageRequestHeader header;
  header.producer_group = "PG";
  header.topic = kTopic;
  header.born_timestamp = clock::WallMillis();
  auto request = remoting::RemotingCommand::CreateRequest(rq::kSendMessageV2, header.EncodeV2());
  request.set_body("to the slave");
  auto refused = cluster->Call(cluster->slave_addr(), std::move(request));
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->code(), rc::kServiceNotAvailable);

  // Metadata the master holds before the slave's first sync (3 s after its start): a
  // consumer offset, and the subscription group a pull auto-creates.
  protocol::UpdateConsumerOffsetRequestHeader commit;
  commit.consumer_group = "CG";
  commit.topic = kTopic;
  commit.queue_id = 0;
  commit.commit_offset = 1;
  auto committed = cluster->Call(
      cluster->master_addr(),
      remoting::RemotingCommand::CreateRequest(rq::kUpdateConsumerOffset, commit.Encode()));
  ASSERT_TRUE(committed.ok());
  ASSERT_EQ(committed->code(), rc::kSuccess);
  ASSERT_FALSE(PullAll(cluster.get(), cluster->master_addr()).empty());

  EXPECT_TRUE(WaitForSlaveTopic(cluster.get()));
  // The same round brought the offsets, the groups and the delay offsets.
  protocol::QueryConsumerOffsetRequestHeader query;
  query.consumer_group = "CG";
  query.topic = kTopic;
  query.queue_id = 0;
  EXPECT_TRUE(WaitFor(
      [&] {
        auto offset = cluster->Call(
            cluster->slave_addr(),
            remoting::RemotingCommand::CreateRequest(rq::kQueryConsumerOffset, query.Encode()));
        if (!offset.ok() || offset->code() != rc::kSuccess) return false;
        auto answer = protocol::QueryConsumerOffsetResponseHeader::Decode(offset->ext_fields());
        return answer.ok() && answer->offset == 1;
      },
      std::chrono::seconds(12)));
  EXPECT_TRUE(WaitFor(
      [&] {
        auto groups = cluster->Call(cluster->slave_addr(), remoting::RemotingCommand::CreateRequest(
                                                               rq::kGetAllSubscriptionGroupConfig));
        return groups.ok() && groups->body().Flatten().find("\"CG\"") != std::string::npos;
      },
      std::chrono::seconds(12)));
  auto delay = cluster->Call(cluster->master_addr(),
                             remoting::RemotingCommand::CreateRequest(rq::kGetAllDelayOffset));
  ASSERT_TRUE(delay.ok());
  ASSERT_EQ(delay->code(), rc::kSuccess);
  EXPECT_TRUE(WaitFor(
      [&] {
        std::ifstream synced(cluster->slave_store() + "/config/delayOffset.json");
        std::stringstream text;
        text << synced.rdbuf();
        return text.str() == delay->body().Flatten();
      },
      std::chrono::seconds(12)));

  // Both ids of the broker name are in the topic's route.
  protocol::GetRouteInfoRequestHeader route_header;
  route_header.topic = kTopic;
  auto route = cluster->Call(
      cluster->namesrv_addr(),
      remoting::RemotingCommand::CreateRequest(rq::kGetRouteinfoByTopic, route_header.Encode()));
  ASSERT_TRUE(route.ok());
  ASSERT_EQ(route->code(), rc::kSuccess);
  auto data = protocol::TopicRouteData::Decode(route->body().Flatten());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->broker_datas.size(), 1u);
  EXPECT_EQ(data->broker_datas[0].broker_addrs.at(0), cluster->master_addr());
  EXPECT_EQ(data->broker_datas[0].broker_addrs.at(1), cluster->slave_addr());

  // And in the cluster info.
  auto clusters = cluster->Call(
      cluster->namesrv_addr(), remoting::RemotingCommand::CreateRequest(rq::kGetBrokerClusterInfo));
  ASSERT_TRUE(clusters.ok());
  auto info = protocol::ClusterInfo::Decode(clusters->body().Flatten());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  const auto& group = info->broker_addr_table.at("broker-ha").broker_addrs;
  EXPECT_EQ(group.at(0), cluster->master_addr());
  EXPECT_EQ(group.at(1), cluster->slave_addr());
}

TEST(HaProcessTest, SyncMasterAnswersOnlyOnceTheSlaveHasTheBytes) {
  auto cluster = StartCluster(Options{"SYNC_MASTER", {}, {}});
  ASSERT_NE(cluster, nullptr);
  // SLAVE_NOT_AVAILABLE until the slave is connected: wait for the first success.
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = cluster->Send(kTopic, Body(0));
        return r.ok() && r->code() == rc::kSuccess;
      },
      std::chrono::seconds(10)));
  for (int i = 1; i <= 50; ++i) {
    auto response = cluster->Send(kTopic, Body(i));
    ASSERT_TRUE(response.ok());
    ASSERT_EQ(response->code(), rc::kSuccess) << response->remark().value_or("");
    // Sends are sequential: the master's end is this message's end, which the slave held
    // before the answer left.
    auto master = cluster->MaxPhyOffset(cluster->master_addr());
    auto slave = cluster->MaxPhyOffset(cluster->slave_addr());
    ASSERT_TRUE(master.ok() && slave.ok());
    ASSERT_GE(*slave, *master) << "message " << i << " was acknowledged before the slave had it";
  }
  ExpectIdenticalCommitLogs(cluster.get());
}

TEST(HaProcessTest, SyncFlushAndSyncMasterCombine) {
  auto cluster = StartCluster(
      Options{"SYNC_MASTER", {"--flushDiskType=SYNC_FLUSH", "--syncFlushTimeout=1000"}, {}});
  ASSERT_NE(cluster, nullptr);
  for (int i = 0; i < 20; ++i) {
    auto response = cluster->Send(kTopic, Body(i));
    ASSERT_TRUE(response.ok());
    ASSERT_EQ(response->code(), rc::kSuccess) << response->remark().value_or("");
    auto master = cluster->MaxPhyOffset(cluster->master_addr());
    auto slave = cluster->MaxPhyOffset(cluster->slave_addr());
    ASSERT_TRUE(master.ok() && slave.ok());
    ASSERT_GE(*slave, *master);
  }
  // The slave stops: the disk still answers in time, the slave does not.
  StopProcess(&cluster->slave());
  auto response = cluster->Send(kTopic, Body(20));
  cluster->slave().Signal(SIGCONT);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->code(), rc::kFlushSlaveTimeout);
}

TEST(HaProcessTest, EveryMessageASyncMasterAcknowledgedSurvivesItsKill) {
  auto cluster = StartCluster(Options{"SYNC_MASTER", {}, {}});
  ASSERT_NE(cluster, nullptr);
  // Two senders keep the master busy; the master is killed under them.
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> next{0};
  auto sender = [&] {
    while (!stop.load()) {
      const int i = next.fetch_add(1);
      auto response = cluster->Send(kTopic, Body(i));
      if (response.ok() && response->code() == rc::kSuccess) {
        std::lock_guard<std::mutex> lock(mu);
        acknowledged.insert(Body(i));
      }
    }
  };
  // The slave serves the topic only once its metadata sync copied it (as Apache's would).
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = cluster->Send(kTopic, Body(-1));
        return r.ok() && r->code() == rc::kSuccess;
      },
      std::chrono::seconds(10)));
  ASSERT_TRUE(WaitForSlaveTopic(cluster.get()));
  std::thread a(sender);
  std::thread b(sender);
  WaitFor(
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        return acknowledged.size() >= 300;
      },
      std::chrono::seconds(15));
  const Status killed = cluster->KillMaster();
  stop = true;
  a.join();
  b.join();
  ASSERT_TRUE(killed.ok()) << killed.ToString();
  ASSERT_GE(acknowledged.size(), 300u);

  const std::vector<std::string> pulled = PullAll(cluster.get(), cluster->slave_addr());
  const std::set<std::string> on_slave(pulled.begin(), pulled.end());
  EXPECT_EQ(on_slave.size(), pulled.size()) << "the slave holds a message twice";
  size_t missing = 0;
  for (const auto& body : acknowledged) missing += on_slave.count(body) == 0 ? 1 : 0;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged messages";
}

TEST(HaProcessTest, SyncMasterWithAStoppedSlaveTimesOutThenRefusesThenRecovers) {
  auto cluster = StartCluster(
      Options{"SYNC_MASTER", {"--syncFlushTimeout=1000", "--haSlaveFallbehindMax=4096"}, {}});
  ASSERT_NE(cluster, nullptr);
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = cluster->Send(kTopic, Body(0));
        return r.ok() && r->code() == rc::kSuccess;
      },
      std::chrono::seconds(10)));

  StopProcess(&cluster->slave());
  // The slave is connected and close enough: the master waits syncFlushTimeout for it.
  auto started = clock::Monotonic::now();
  auto timed_out = cluster->Send(kTopic, Body(1));
  auto waited = clock::Monotonic::now() - started;
  ASSERT_TRUE(timed_out.ok());
  EXPECT_EQ(timed_out->code(), rc::kFlushSlaveTimeout);
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::milliseconds(2500));
  // This one would put the master more than haSlaveFallbehindMax ahead of the slave's
  // acknowledgement: refused without waiting.
  started = clock::Monotonic::now();
  auto refused = cluster->Send(kTopic, Body(2, 5000));
  waited = clock::Monotonic::now() - started;
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->code(), rc::kSlaveNotAvailable);
  EXPECT_LT(waited, std::chrono::milliseconds(500));
  // A delayed message goes through the same acknowledgement point.
  auto delayed = cluster->Send(kTopic, Body(3), 0, 2);
  ASSERT_TRUE(delayed.ok());
  EXPECT_EQ(delayed->code(), rc::kSlaveNotAvailable);

  cluster->slave().Signal(SIGCONT);
  EXPECT_TRUE(WaitFor(
      [&] {
        auto r = cluster->Send(kTopic, Body(3));
        return r.ok() && r->code() == rc::kSuccess;
      },
      std::chrono::seconds(10)));
  ASSERT_TRUE(cluster->WaitForSlaveToCatchUp().ok());
  ExpectIdenticalCommitLogs(cluster.get());
}

TEST(HaProcessTest, SyncMasterWithoutSlaveAnswersSlaveNotAvailable) {
  auto cluster = StartCluster(Options{"SYNC_MASTER", {}, {}});
  ASSERT_NE(cluster, nullptr);
  ASSERT_TRUE(cluster->KillSlave().ok());
  // The master notices the dead link at once (the kernel resets it).
  EXPECT_TRUE(WaitFor(
      [&] {
        auto info = cluster->RuntimeInfo(cluster->master_addr());
        return info.ok() && info->table["haSlaveCount"] == "0";
      },
      std::chrono::seconds(10)));
  const auto started = clock::Monotonic::now();
  auto response = cluster->Send(kTopic, Body(0));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->code(), rc::kSlaveNotAvailable);
  // Without waiting for a slave: a master that waited would answer after syncFlushTimeout
  // (5 s by default). Half of it leaves room for a loaded machine (ASan, ctest -j2), which
  // 500 ms hardly did.
  EXPECT_LT(clock::Monotonic::now() - started, std::chrono::milliseconds(2500));
}

// A slave killed with SIGKILL again and again while it catches up and while the master keeps
// taking messages: whatever reached its files is kept, a torn tail is cut by its recovery, it
// resumes from its own end, and at last holds the master's bytes exactly. The kills land at
// different moments of the slave's life: during its start and recovery, right after its link
// comes up, and in the middle of a transfer.
TEST(HaProcessTest, KilledSlaveResumesWithoutDuplicatedOrLostBytes) {
  auto cluster = StartCluster();
  ASSERT_NE(cluster, nullptr);
  SendMany(cluster.get(), 0, 1500);
  ASSERT_TRUE(cluster->WaitForSlaveToCatchUp().ok());
  ASSERT_TRUE(cluster->KillSlave().ok());

  std::atomic<bool> stop{false};
  std::atomic<int> sent{1500};
  std::string send_error;
  // Joined on every way out of the test, a failed assertion included.
  struct Joiner {
    std::atomic<bool>* stop;
    std::thread thread;
    ~Joiner() {
      stop->store(true);
      if (thread.joinable()) thread.join();
    }
  } sender{&stop, std::thread([&] {
             while (!stop.load()) {
               const int i = sent.load();
               auto response = cluster->Send(kTopic, Body(i));
               if (!response.ok() || response->code() != rc::kSuccess) {
                 send_error = response.ok() ? response->remark().value_or("?")
                                            : response.status().ToString();
                 return;
               }
               sent.store(i + 1);
             }
           })};
  const int kill_after_ms[] = {0, 30, 0, 120, 60, 10};
  for (int delay : kill_after_ms) {
    // Some backlog for each restart to catch up on.
    const int target = sent.load() + 400;
    WaitFor([&] { return sent.load() >= target || !send_error.empty(); }, std::chrono::seconds(10));
    Status started = cluster->StartSlave();
    ASSERT_TRUE(started.ok()) << started.ToString();
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ASSERT_TRUE(cluster->KillSlave().ok());
  }
  stop.store(true);
  sender.thread.join();
  ASSERT_TRUE(send_error.empty()) << send_error;

  Status started = cluster->StartSlave();
  ASSERT_TRUE(started.ok()) << started.ToString();
  ASSERT_TRUE(cluster->WaitForSlaveToCatchUp(std::chrono::seconds(20)).ok());
  ExpectIdenticalCommitLogs(cluster.get());
  ASSERT_TRUE(WaitForSlaveTopic(cluster.get()));
  ExpectBodies(PullAll(cluster.get(), cluster->slave_addr()), 0, sent.load());
}

TEST(HaProcessTest, GarbageOnTheHaPortClosesOnlyThatConnection) {
  auto cluster = StartCluster();
  ASSERT_NE(cluster, nullptr);
  SendMany(cluster.get(), 0, 10);
  ASSERT_TRUE(cluster->WaitForSlaveToCatchUp().ok());

  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(cluster->master_ha_port());
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const char garbage[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_GT(write(fd, garbage, sizeof garbage - 1), 0);
  // The master closes it: the read ends (EOF or reset) within a bound.
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 5000), 1);
  char buf[64];
  EXPECT_LE(read(fd, buf, sizeof buf), 0);
  close(fd);

  // The real slave still replicates.
  SendMany(cluster.get(), 10, 10);
  ASSERT_TRUE(cluster->WaitForSlaveToCatchUp().ok());
  ExpectIdenticalCommitLogs(cluster.get());
  auto info = cluster->RuntimeInfo(cluster->master_addr());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->table["haSlaveCount"], "1");
}

protocol::PullMessageResponseHeader PullHeaderOf(HaCluster* cluster, const std::string& addr,
                                                 int32_t* code) {
  protocol::PullMessageRequestHeader header;
  header.consumer_group = "CG";
  header.topic = kTopic;
  header.queue_id = 0;
  header.queue_offset = 0;
  header.max_msg_nums = 1;
  header.sys_flag = 0x4;
  header.subscription = "*";
  header.expression_type = "TAG";
  header.sub_version = 1;
  auto response = cluster->Call(
      addr, remoting::RemotingCommand::CreateRequest(rq::kPullMessage, header.Encode()));
  EXPECT_TRUE(response.ok());
  if (!response.ok()) return {};
  *code = response->code();
  auto answer = protocol::PullMessageResponseHeader::Decode(response->ext_fields());
  EXPECT_TRUE(answer.ok());
  return answer.ok() ? *answer : protocol::PullMessageResponseHeader{};
}

TEST(HaProcessTest, MasterSuggestsTheSlaveForColdReadsAndAClosedSlaveSendsBack) {
  // With no share of memory counting as hot, every read but the newest is cold.
  auto cluster =
      StartCluster(Options{"ASYNC_MASTER",
                           {"--slaveReadEnable=true", "--accessMessageInMemoryMaxRatio=0"},
                           {"--slaveReadEnable=false"}});
  ASSERT_NE(cluster, nullptr);
  SendMany(cluster.get(), 0, 3);
  ASSERT_TRUE(cluster->WaitForSlaveToCatchUp().ok());
  ASSERT_TRUE(WaitForSlaveTopic(cluster.get()));
  int32_t code = -1;
  auto from_master = PullHeaderOf(cluster.get(), cluster->master_addr(), &code);
  EXPECT_EQ(code, rc::kSuccess);
  EXPECT_EQ(from_master.suggest_which_broker_id, 1);  // whichBrokerWhenConsumeSlowly
  // A slave without slaveReadEnable sends the consumer back to the master, as Apache 4.9's.
  auto from_slave = PullHeaderOf(cluster.get(), cluster->slave_addr(), &code);
  EXPECT_EQ(code, rc::kPullRetryImmediately);
  EXPECT_EQ(from_slave.suggest_which_broker_id, 0);
}

TEST(HaProcessTest, ConsumersReadTheSlaveWhileTheMasterIsDown) {
  auto cluster = StartCluster();
  ASSERT_NE(cluster, nullptr);
  SendMany(cluster.get(), 0, 200);
  ASSERT_TRUE(cluster->WaitForSlaveToCatchUp().ok());
  ASSERT_TRUE(WaitForSlaveTopic(cluster.get()));
  ASSERT_TRUE(cluster->StopMaster().ok());

  ExpectBodies(PullAll(cluster.get(), cluster->slave_addr()), 0, 200);
  // The route keeps the slave after the master unregistered.
  protocol::GetRouteInfoRequestHeader route_header;
  route_header.topic = kTopic;
  auto route = cluster->Call(
      cluster->namesrv_addr(),
      remoting::RemotingCommand::CreateRequest(rq::kGetRouteinfoByTopic, route_header.Encode()));
  ASSERT_TRUE(route.ok());
  ASSERT_EQ(route->code(), rc::kSuccess);
  auto data = protocol::TopicRouteData::Decode(route->body().Flatten());
  ASSERT_TRUE(data.ok());
  ASSERT_EQ(data->broker_datas.size(), 1u);
  EXPECT_EQ(data->broker_datas[0].broker_addrs.count(0), 0u);
  EXPECT_EQ(data->broker_datas[0].broker_addrs.at(1), cluster->slave_addr());
}

}  // namespace
}  // namespace testing
}  // namespace rocketmq
