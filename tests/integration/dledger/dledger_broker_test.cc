// Three brokers in DLedger mode (one Raft group, one broker name) and a nameserver as
// processes on loopback, under a steady producer of our SDK and a push consumer: the leader
// is killed with SIGKILL five times (issue #22); each time a new leader becomes master and
// takes sends within 10 s, and the killed member restarts from its store and catches up
// before the next kill. Then the leader is stopped (SIGSTOP) until another one serves, and
// when it resumes it steps down to slave. At the end every acknowledged message was consumed,
// and no message is twice in the log (each attempt sends a distinct body, without SDK
// retries).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "protocol/admin_headers.h"
#include "protocol/kv_table.h"
#include "protocol/message_id.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "remoting/remoting_client.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"
#include "support/child_process.h"
#include "support/free_port.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr char kTopic[] = "DLedgerFailoverTopic";
constexpr int kMembers = 3;
constexpr int kKillRounds = 5;

bool WaitUntil(const std::function<bool()>& condition, milliseconds timeout) {
  const auto deadline = steady_clock::now() + timeout;
  while (steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return condition();
}

class DLedgerBrokerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::Create("rmq-dledger-broker");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_ = std::make_unique<TempDir>(std::move(*dir));
    auto ns = ChildProcess::Spawn(NAMESRV_BIN, {"--listenPort=0", "--bindAddress=127.0.0.1",
                                                "--kvConfigPath=" + dir_->File("kv.json")});
    ASSERT_TRUE(ns.ok()) << ns.status().ToString();
    namesrv_ = std::move(*ns);
    auto addr = namesrv_->WaitForListening(std::chrono::seconds(10));
    ASSERT_TRUE(addr.ok()) << addr.status().ToString();
    namesrv_addr_ = *addr;
    for (int i = 0; i < kMembers; ++i) {
      const int port = testing::FreeLoopbackPort();
      ASSERT_GT(port, 0);
      peers_ += "n" + std::to_string(i) + "-127.0.0.1:" + std::to_string(port) + ";";
    }
    brokers_.resize(kMembers);
    addrs_.resize(kMembers);
    for (int i = 0; i < kMembers; ++i) StartBroker(i);
    ASSERT_TRUE(client_.Start().ok());
  }
  void TearDown() override { client_.Shutdown(); }

  void StartBroker(int i) {
    auto broker = ChildProcess::Spawn(
        BROKER_BIN,
        {"-n", namesrv_addr_, "--listenPort=0", "--bindAddress=127.0.0.1", "--brokerIP1=127.0.0.1",
         "--brokerName=broker-dl", "--storePathRootDir=" + dir_->File("n" + std::to_string(i)),
         "--mappedFileSizeCommitLog=4194304", "--maxMessageSize=65536",
         "--mappedFileSizeConsumeQueue=60000", "--registerBrokerTimeoutMills=3000",
         "--diskSpaceCleanForciblyRatio=99", "--diskSpaceWarningLevelRatio=99",
         "--enableDLegerCommitLog=true", "--dLegerGroup=broker-dl", "--dLegerPeers=" + peers_,
         "--dLegerSelfId=n" + std::to_string(i), "--dLegerHeartBeatTimeIntervalMs=300",
         "--dLegerMappedFileSizeForEntryIndex=1048576"});
    ASSERT_TRUE(broker.ok()) << broker.status().ToString();
    brokers_[static_cast<size_t>(i)] = std::move(*broker);
    auto addr = brokers_[static_cast<size_t>(i)]->WaitForListening(std::chrono::seconds(10));
    ASSERT_TRUE(addr.ok()) << addr.status().ToString();
    addrs_[static_cast<size_t>(i)] = *addr;
  }

  std::map<std::string, std::string> RuntimeInfo(int i) {
    auto response = client_.InvokeSync(
        addrs_[static_cast<size_t>(i)],
        remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kGetBrokerRuntimeInfo),
        std::chrono::seconds(2));
    if (!response.ok() || response->code() != protocol::ResponseCode::kSuccess) return {};
    auto table = protocol::KVTable::Decode(response->body().Flatten());
    return table.ok() ? table->table : std::map<std::string, std::string>{};
  }

  // The live member that acts as master (-1 if none does).
  int Master(const std::vector<bool>& alive) {
    for (int i = 0; i < kMembers; ++i) {
      if (alive[static_cast<size_t>(i)] && RuntimeInfo(i)["brokerRole"] == "SYNC_MASTER") return i;
    }
    return -1;
  }

  void CreateTopic(int i) {
    protocol::CreateTopicRequestHeader create;
    create.topic = kTopic;
    create.read_queue_nums = 4;
    create.write_queue_nums = 4;
    create.perm = 6;
    auto created =
        client_.InvokeSync(addrs_[static_cast<size_t>(i)],
                           remoting::RemotingCommand::CreateRequest(
                               protocol::RequestCode::kUpdateAndCreateTopic, create.Encode()),
                           std::chrono::seconds(5));
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ASSERT_EQ(created->code(), protocol::ResponseCode::kSuccess);
  }

  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<ChildProcess> namesrv_;
  std::string namesrv_addr_;
  std::string peers_;
  std::vector<std::unique_ptr<ChildProcess>> brokers_;
  std::vector<std::string> addrs_;
  remoting::RemotingClient client_{remoting::RemotingClientOptions{}};
};

TEST_F(DLedgerBrokerTest, KillingTheLeaderThreeTimesLosesAndDuplicatesNothingAcknowledged) {
  std::vector<bool> alive(kMembers, true);
  int master = -1;
  ASSERT_TRUE(WaitUntil([&] { return (master = Master(alive)) >= 0; }, std::chrono::seconds(15)))
      << "no member became master";
  for (int i = 0; i < kMembers; ++i) CreateTopic(i);
  {
    // The followers refuse sends as Apache's slaves do, and name the group in runtime info.
    auto info = RuntimeInfo((master + 1) % kMembers);
    EXPECT_EQ(info["brokerRole"], "SLAVE");
    EXPECT_EQ(info["dLedgerRole"], "FOLLOWER");
    EXPECT_EQ(info["dLedgerLeaderId"], "n" + std::to_string(master));
    EXPECT_EQ(RuntimeInfo(master)["dLedgerRole"], "LEADER");
  }

  // Each message: its (queue, offset) deliveries.
  std::mutex mu;
  std::map<std::string, std::set<std::pair<int32_t, int64_t>>> consumed;
  ConsumerConfig consumer_config;
  consumer_config.namesrv_addr = namesrv_addr_;
  consumer_config.poll_name_server_interval_ms = 300;
  consumer_config.heartbeat_broker_interval_ms = 500;
  consumer_config.group = "CG_DLEDGER";
  consumer_config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  consumer_config.rebalance_interval_ms = 500;
  consumer_config.broker_suspend_max_time_ms = 2000;
  PushConsumer consumer(consumer_config);
  ASSERT_TRUE(consumer.Subscribe(kTopic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& m : messages) consumed[m.body()].insert({m.queue_id(), m.queue_offset()});
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());

  ProducerConfig producer_config;
  producer_config.namesrv_addr = namesrv_addr_;
  producer_config.poll_name_server_interval_ms = 300;
  producer_config.group = "PG_DLEDGER";
  producer_config.retry_times_when_send_failed = 0;  // one attempt per body: see the top
  producer_config.send_timeout_ms = 2000;
  Producer producer(producer_config);
  ASSERT_TRUE(producer.Start().ok());
  {
    // A batch is one entry per message: each message id names where its record starts.
    std::vector<Message> batch;
    for (int i = 0; i < 3; ++i) batch.emplace_back(kTopic, "batch-" + std::to_string(i));
    auto sent = producer.SendBatch(batch);
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    std::vector<std::string> ids;
    for (size_t from = 0; from <= sent->offset_message_id.size();) {
      size_t comma = sent->offset_message_id.find(',', from);
      if (comma == std::string::npos) comma = sent->offset_message_id.size();
      ids.push_back(sent->offset_message_id.substr(from, comma - from));
      from = comma + 1;
    }
    ASSERT_EQ(ids.size(), 3u) << sent->offset_message_id;
    for (size_t i = 0; i < ids.size(); ++i) {
      auto id = protocol::DecodeOffsetMessageId(ids[i]);
      ASSERT_TRUE(id.ok()) << ids[i];
      protocol::ViewMessageRequestHeader view;
      view.offset = id->commit_log_offset;
      auto viewed = client_.InvokeSync(addrs_[static_cast<size_t>(master)],
                                       remoting::RemotingCommand::CreateRequest(
                                           protocol::RequestCode::kViewMessageById, view.Encode()),
                                       std::chrono::seconds(5));
      ASSERT_TRUE(viewed.ok());
      ASSERT_EQ(viewed->code(), protocol::ResponseCode::kSuccess) << ids[i];
      EXPECT_NE(viewed->body().Flatten().find("batch-" + std::to_string(i)), std::string::npos);
    }
  }
  std::set<std::string> acked;
  std::atomic<int64_t> acked_count{0};
  std::atomic<int64_t> last_ack_ms{0};
  std::atomic<bool> stop{false};
  const auto t0 = steady_clock::now();
  auto since_start = [&] {
    return std::chrono::duration_cast<milliseconds>(steady_clock::now() - t0).count();
  };
  std::thread sender([&] {
    for (int64_t seq = 0; !stop; ++seq) {
      const std::string body = "m-" + std::to_string(seq);
      auto sent = producer.Send(Message(kTopic, body));
      if (sent.ok() && sent->status == SendStatus::kSendOk) {
        std::lock_guard<std::mutex> lock(mu);
        acked.insert(body);
        acked_count++;
        last_ack_ms = since_start();
      } else {
        std::this_thread::sleep_for(milliseconds(20));  // an election is under way
      }
    }
  });
  // Waits (10 s from `since`) until a live member is master and then acknowledges a send
  // (an acknowledgement in flight from the old master does not count); records the time.
  auto ServedByNewMaster = [&](int64_t since, const std::vector<bool>& live, int* now_master,
                               std::vector<int64_t>* times, std::chrono::seconds limit) {
    const auto deadline = t0 + milliseconds(since) + limit;
    auto left = [&] {
      return std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
    };
    if (!WaitUntil([&] { return (*now_master = Master(live)) >= 0; }, left())) return false;
    const int64_t promoted = since_start();
    if (!WaitUntil([&] { return last_ack_ms > promoted; }, left())) return false;
    times->push_back(last_ack_ms - since);
    return true;
  };
  auto acks_grow_by = [&](int64_t n, milliseconds timeout) {
    const int64_t target = acked_count + n;
    return WaitUntil([&] { return acked_count >= target; }, timeout);
  };
  EXPECT_TRUE(acks_grow_by(50, std::chrono::seconds(15)));

  std::vector<int64_t> failover_ms;
  std::vector<int64_t> stop_failover_ms;
  for (int round = 0; round < kKillRounds && !HasFatalFailure(); ++round) {
    const int old = master;
    brokers_[static_cast<size_t>(old)]->Signal(SIGKILL);
    ASSERT_TRUE(brokers_[static_cast<size_t>(old)]->WaitForExit(std::chrono::seconds(5)).ok());
    alive[static_cast<size_t>(old)] = false;
    const int64_t killed = since_start();
    ASSERT_TRUE(ServedByNewMaster(killed, alive, &master, &failover_ms, std::chrono::seconds(10)))
        << "round " << round << ": no new master took a send within 10 s of the leader's kill";
    EXPECT_NE(master, old);

    // The killed member comes back from its store as a follower and catches up.
    StartBroker(old);
    alive[static_cast<size_t>(old)] = true;
    EXPECT_TRUE(acks_grow_by(20, std::chrono::seconds(10)));
    EXPECT_TRUE(WaitUntil(
        [&] {
          auto leader = RuntimeInfo(master);
          auto back = RuntimeInfo(old);
          return !leader.empty() && !back.empty() && back["dLedgerRole"] == "FOLLOWER" &&
                 std::stoll(back["dLedgerCommittedIndex"]) >=
                     std::stoll(leader["dLedgerCommittedIndex"]) - 50;
        },
        std::chrono::seconds(10)))
        << "n" << old << " did not catch up";
  }
  EXPECT_EQ(RuntimeInfo(master)["dLedgerPeerLag"].empty(), false);

  // A leader cut off (SIGSTOP) is replaced; when it returns it steps down to slave, drops
  // whatever it appended alone, and follows the new leader.
  if (!HasFatalFailure()) {
    const int old = master;
    brokers_[static_cast<size_t>(old)]->Signal(SIGSTOP);
    alive[static_cast<size_t>(old)] = false;
    const int64_t stopped = since_start();
    // Issue #22's 10 s is for a dead leader. A stopped one still holds its connections: the
    // producer's send to it runs into its timeout, and under load (CI runs suites side by
    // side) the whole hand-over took longer than 10 s once.
    EXPECT_TRUE(
        ServedByNewMaster(stopped, alive, &master, &stop_failover_ms, std::chrono::seconds(20)))
        << "no new master took a send within 20 s of the leader's SIGSTOP";
    brokers_[static_cast<size_t>(old)]->Signal(SIGCONT);
    alive[static_cast<size_t>(old)] = true;
    EXPECT_TRUE(WaitUntil(
        [&] {
          auto back = RuntimeInfo(old);
          return back["dLedgerRole"] == "FOLLOWER" && back["brokerRole"] == "SLAVE";
        },
        std::chrono::seconds(10)))
        << "n" << old << " did not step down";
    EXPECT_TRUE(acks_grow_by(20, std::chrono::seconds(10)));
  }
  stop = true;
  sender.join();
  ASSERT_TRUE(producer.Shutdown().ok());

  // Everything acknowledged reaches the consumer, each message from one place in the log.
  EXPECT_TRUE(WaitUntil(
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        return std::all_of(acked.begin(), acked.end(),
                           [&](const std::string& body) { return consumed.count(body) > 0; });
      },
      std::chrono::seconds(30)));
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  std::lock_guard<std::mutex> lock(mu);
  int missing = 0;
  for (const auto& body : acked) missing += consumed.count(body) == 0 ? 1 : 0;
  int twice = 0;
  for (const auto& [body, places] : consumed) twice += places.size() > 1 ? 1 : 0;
  std::set<int64_t> lost;
  for (const auto& body : acked) {
    if (consumed.count(body) == 0) lost.insert(std::stoll(body.substr(2)));
  }
  std::string gaps;
  for (auto it = lost.begin(); it != lost.end() && gaps.size() < 400;) {
    int64_t first = *it, last = *it;
    while (++it != lost.end() && *it == last + 1) last = *it;
    gaps += std::to_string(first) + "-" + std::to_string(last) + " ";
  }
  EXPECT_EQ(missing, 0) << "of " << acked.size() << " acknowledged: " << gaps;
  EXPECT_EQ(twice, 0);
  // And no place in the log holds two messages (a queue offset handed out twice).
  std::map<std::pair<int32_t, int64_t>, std::string> at;
  int shared = 0;
  for (const auto& [body, places] : consumed) {
    for (const auto& place : places) shared += at.emplace(place, body).second ? 0 : 1;
  }
  EXPECT_EQ(shared, 0);
  std::string times;
  for (int64_t ms : failover_ms) times += std::to_string(ms) + " ms ";
  times += "/ stopped:";
  for (int64_t ms : stop_failover_ms) times += " " + std::to_string(ms) + " ms";
  std::printf(
      "%zu acknowledged, %zu consumed; leader killed (x5), stopped (x1) -> next acknowledged send: "
      "%s\n",
      acked.size(), consumed.size(), times.c_str());
  for (int64_t ms : failover_ms) EXPECT_LT(ms, 10000);
  for (int64_t ms : stop_failover_ms) EXPECT_LT(ms, 20000);
}

}  // namespace
}  // namespace testing
}  // namespace rocketmq
