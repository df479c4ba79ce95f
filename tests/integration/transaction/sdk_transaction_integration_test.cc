// The SDK's TransactionProducer against the real namesrv and broker programs (BrokerCluster,
// loopback, ephemeral ports) with short transaction timings: commit, rollback, unknown then
// committed by the broker's check, a check answered by a new instance of the group after
// the producer that sent the half message restarted, and a check after a broker restart.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "broker/broker_cluster.h"
#include "common/clock.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"
#include "protocol/response_code.h"
#include "rocketmq/producer.h"
#include "rocketmq/transaction_producer.h"

namespace rocketmq {
namespace {

using std::chrono::milliseconds;
using testing::BrokerCluster;
namespace sf = protocol::MessageSysFlag;

constexpr char kTopic[] = "TxnItTopic";
constexpr char kGroup[] = "PG_TXN_IT";
constexpr int kQueues = 4;
// A check-back comes transactionTimeOut after the half message's birth, at the next check
// interval; leave room for a loaded machine.
constexpr milliseconds kCheckWait(20000);

// What checkers were asked; waits are bounded.
class CheckLog {
 public:
  TransactionChecker Checker(TransactionState answer) {
    return [this, answer](const MessageExt& m) {
      std::lock_guard<std::mutex> lock(mu_);
      ids_.push_back(m.msg_id());
      cv_.notify_all();
      return answer;
    };
  }
  bool WaitFor(const std::string& id, milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout,
                        [&] { return std::find(ids_.begin(), ids_.end(), id) != ids_.end(); });
  }
  bool Asked(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    return std::find(ids_.begin(), ids_.end(), id) != ids_.end();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> ids_;
};

LocalTransactionExecutor Answer(TransactionState state) {
  return [state](const Message&, const SendResult&) { return state; };
}

// One committed message as a consumer pulls it.
struct Delivered {
  std::string body;
  std::string uniq_key;
  int32_t sys_flag = 0;
};

class TransactionIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster =
        BrokerCluster::Start({"--transactionTimeOut=1000", "--transactionCheckInterval=300"});
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
    config_.namesrv_addr = cluster_->namesrv_addr();
    config_.group = kGroup;
    config_.heartbeat_broker_interval_ms = 1000;
    // The topic exists (created by a plain send through the TBW102 template) before the
    // first transaction, so every queue's next offset is known.
    ProducerConfig plain_config = config_;
    plain_config.group = "PG_TXN_IT_PLAIN";
    Producer plain(plain_config);
    ASSERT_TRUE(plain.Start().ok());
    auto warmup = plain.Send(Message(kTopic, "warmup"));
    ASSERT_TRUE(warmup.ok()) << warmup.status().ToString();
    next_offset_[warmup->queue.queue_id] = warmup->queue_offset + 1;
    plain.Shutdown();
  }

  // Waits until `queue_id` holds `count` messages past what the test has seen, bounded by
  // kCheckWait, and returns them.
  std::vector<Delivered> WaitForDelivered(int32_t queue_id, int count) {
    const int64_t from = next_offset_[queue_id];
    const auto deadline = clock::Deadline::After(kCheckWait);
    Status reached = Status::Timeout("not waited");
    while (!deadline.Expired()) {
      reached = cluster_->WaitForMaxOffset(kTopic, queue_id, from + count);
      if (reached.ok()) break;
    }
    EXPECT_TRUE(reached.ok()) << reached.ToString();
    if (!reached.ok()) return {};
    return Pull(queue_id);
  }

  // Everything in `queue_id` past what the test has seen (none when the queue has nothing).
  std::vector<Delivered> Pull(int32_t queue_id) {
    auto response = cluster_->Pull("CG_TXN_IT", kTopic, queue_id, next_offset_[queue_id]);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok() || response->code() != protocol::ResponseCode::kSuccess) return {};
    std::string storage;
    auto records = testing::PulledRecords(*response, &storage);
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    if (!records.ok()) return {};
    std::vector<Delivered> delivered;
    for (const auto& r : *records) {
      delivered.push_back(Delivered{std::string(r.body),
                                    protocol::DecodeMessageProperties(r.properties)["UNIQ_KEY"],
                                    r.sys_flag});
    }
    return delivered;
  }

  std::unique_ptr<BrokerCluster> cluster_;
  ProducerConfig config_;
  std::map<int32_t, int64_t> next_offset_;
  CheckLog checks_;
};

TEST_F(TransactionIntegrationTest, ACommittedTransactionIsDeliveredToItsTopic) {
  TransactionProducer producer(config_, checks_.Checker(TransactionState::kRollback));
  ASSERT_TRUE(producer.Start().ok());
  auto sent = producer.SendInTransaction(Message(kTopic, "TagA", "committed"),
                                         Answer(TransactionState::kCommit));
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->local_state, TransactionState::kCommit);
  EXPECT_EQ(sent->queue.topic, kTopic);

  auto delivered = WaitForDelivered(sent->queue.queue_id, 1);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].body, "committed");
  EXPECT_EQ(delivered[0].uniq_key, sent->message_id);
  EXPECT_EQ(sf::TransactionType(delivered[0].sys_flag), sf::kTransactionCommitType);
  EXPECT_FALSE(checks_.Asked(sent->message_id));
  EXPECT_TRUE(producer.Shutdown().ok());
}

TEST_F(TransactionIntegrationTest, ARolledBackTransactionIsNeverDeliveredNorChecked) {
  // Asked about the rolled-back message, this checker would commit it.
  TransactionProducer producer(config_, checks_.Checker(TransactionState::kCommit));
  ASSERT_TRUE(producer.Start().ok());
  auto rolled_back = producer.SendInTransaction(Message(kTopic, "TagA", "rolled back"),
                                                Answer(TransactionState::kRollback));
  ASSERT_TRUE(rolled_back.ok()) << rolled_back.status().ToString();
  // A later transaction resolved by a check: once it is delivered, the broker has run a
  // check pass after the rollback had been ended and its immunity had passed.
  auto later = producer.SendInTransaction(Message(kTopic, "TagA", "checked"),
                                          Answer(TransactionState::kUnknown));
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  ASSERT_TRUE(checks_.WaitFor(later->message_id, kCheckWait));
  auto delivered = WaitForDelivered(later->queue.queue_id, 1);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].body, "checked");

  EXPECT_FALSE(checks_.Asked(rolled_back->message_id));
  std::vector<std::string> bodies;
  for (int32_t q = 0; q < kQueues; ++q) {
    for (const auto& d : Pull(q)) bodies.push_back(d.body);
  }
  EXPECT_EQ(bodies, std::vector<std::string>{"checked"});
  EXPECT_TRUE(producer.Shutdown().ok());
}

TEST_F(TransactionIntegrationTest, AnUnknownTransactionIsCommittedByTheBrokersCheck) {
  TransactionProducer producer(config_, checks_.Checker(TransactionState::kCommit));
  ASSERT_TRUE(producer.Start().ok());
  auto sent = producer.SendInTransaction(Message(kTopic, "TagA", "decided later"),
                                         Answer(TransactionState::kUnknown));
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->local_state, TransactionState::kUnknown);
  // Nothing is delivered before the check.
  EXPECT_TRUE(Pull(sent->queue.queue_id).empty());

  ASSERT_TRUE(checks_.WaitFor(sent->message_id, kCheckWait));
  auto delivered = WaitForDelivered(sent->queue.queue_id, 1);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].body, "decided later");
  EXPECT_EQ(delivered[0].uniq_key, sent->message_id);
  EXPECT_EQ(sf::TransactionType(delivered[0].sys_flag), sf::kTransactionCommitType);
  EXPECT_TRUE(producer.Shutdown().ok());
}

TEST_F(TransactionIntegrationTest, TheCheckReachesANewInstanceOfTheGroupAfterARestart) {
  std::string id;
  int32_t queue_id = 0;
  {
    CheckLog first_checks;
    TransactionProducer first(config_, first_checks.Checker(TransactionState::kRollback));
    ASSERT_TRUE(first.Start().ok());
    auto sent = first.SendInTransaction(Message(kTopic, "TagA", "survives a restart"),
                                        Answer(TransactionState::kUnknown));
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    id = sent->message_id;
    queue_id = sent->queue.queue_id;
    // Gone before the broker's immunity time ends: the first check cannot reach it.
    ASSERT_TRUE(first.Shutdown().ok());
    EXPECT_FALSE(first_checks.Asked(id));
  }
  TransactionProducer second(config_, checks_.Checker(TransactionState::kCommit));
  ASSERT_TRUE(second.Start().ok());
  ASSERT_TRUE(checks_.WaitFor(id, kCheckWait));
  auto delivered = WaitForDelivered(queue_id, 1);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].body, "survives a restart");
  EXPECT_EQ(delivered[0].uniq_key, id);
  EXPECT_TRUE(second.Shutdown().ok());
}

TEST_F(TransactionIntegrationTest, AnUnknownTransactionIsCheckedAfterABrokerRestart) {
  // Routes are refreshed often, so that the producer finds the restarted broker's new port
  // and its heartbeats tell the broker about the group again.
  config_.poll_name_server_interval_ms = 300;
  TransactionProducer producer(config_, checks_.Checker(TransactionState::kCommit));
  ASSERT_TRUE(producer.Start().ok());
  auto sent = producer.SendInTransaction(Message(kTopic, "TagA", "across a broker restart"),
                                         Answer(TransactionState::kUnknown));
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  ASSERT_TRUE(cluster_->RestartBroker().ok());

  ASSERT_TRUE(checks_.WaitFor(sent->message_id, kCheckWait));
  auto delivered = WaitForDelivered(sent->queue.queue_id, 1);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].body, "across a broker restart");
  EXPECT_EQ(delivered[0].uniq_key, sent->message_id);
  EXPECT_TRUE(producer.Shutdown().ok());
}

}  // namespace
}  // namespace rocketmq
