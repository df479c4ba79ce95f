// TransactionProducer against an in-process fake broker (sdk_fake_txn_broker.h) and the mock
// nameserver: half messages, END_TRANSACTION after the local transaction, and answers to
// the broker's checks.
#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "mock/mock_nameserver.h"
#include "producer/transaction_check_registry.h"
#include "producer/transaction_end.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"
#include "protocol/response_code.h"
#include "rocketmq/transaction_producer.h"
#include "sdk_fake_txn_broker.h"

namespace rocketmq {
namespace {

using std::chrono::milliseconds;
namespace mc = protocol::MessageConst;
namespace sf = protocol::MessageSysFlag;

constexpr char kTopic[] = "TopicTxn";
constexpr char kGroup[] = "PG_TXN";
constexpr milliseconds kWait(10000);

std::string ThreadName() {
  char name[32] = {};
  pthread_getname_np(pthread_self(), name, sizeof(name));
  return name;
}

// What the checker saw; waits are bounded.
class CheckLog {
 public:
  void Add(const MessageExt& message) {
    std::lock_guard<std::mutex> lock(mu_);
    messages_.push_back(message);
    threads_.push_back(ThreadName());
    cv_.notify_all();
  }
  bool WaitFor(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, kWait, [&] { return messages_.size() >= n; });
  }
  std::vector<MessageExt> messages() {
    std::lock_guard<std::mutex> lock(mu_);
    return messages_;
  }
  std::vector<std::string> threads() {
    std::lock_guard<std::mutex> lock(mu_);
    return threads_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<MessageExt> messages_;
  std::vector<std::string> threads_;
};

class TransactionProducerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.Start().ok());
    ASSERT_TRUE(nameserver_.Start().ok());
    nameserver_.SetRoute(kTopic, Route());
    config_.namesrv_addr = nameserver_.address();
    config_.group = kGroup;
    config_.send_timeout_ms = 2000;
  }

  protocol::TopicRouteData Route() const {
    protocol::TopicRouteData route;
    protocol::QueueData qd;
    qd.broker_name = broker_.name();
    qd.read_queue_nums = 4;
    qd.write_queue_nums = 4;
    qd.perm = 6;
    route.queue_datas.push_back(qd);
    protocol::BrokerData bd;
    bd.cluster = "FakeCluster";
    bd.broker_name = broker_.name();
    bd.broker_addrs[protocol::kMasterBrokerId] = broker_.address();
    route.broker_datas.push_back(bd);
    return route;
  }

  // A started producer whose checker records what it sees and answers `answer`.
  std::unique_ptr<TransactionProducer> Start(TransactionState answer = TransactionState::kCommit) {
    auto producer =
        std::make_unique<TransactionProducer>(config_, [this, answer](const MessageExt& m) {
          checks_.Add(m);
          return answer;
        });
    EXPECT_TRUE(producer->Start().ok());
    return producer;
  }

  // Sends one transaction whose executor answers `state`.
  Result<TransactionSendResult> SendOne(TransactionProducer& producer, TransactionState state) {
    return producer.SendInTransaction(Message(kTopic, "TagA", "order-1"),
                                      [state](const Message&, const SendResult&) { return state; });
  }

  // A check for the half message the producer stored first, with offsets of a re-appended
  // copy (not the send's), as a real broker sends it.
  Status SendCheckForFirstSend(const std::string& group, int64_t copy_commit_log_offset,
                               int64_t copy_queue_offset) {
    auto sends = broker_.sends();
    if (sends.empty()) return Status::IllegalState("nothing was sent");
    auto properties = protocol::DecodeMessageProperties(sends[0].ext_fields.at("i"));
    properties[mc::kPropertyProducerGroup] = group;
    protocol::CheckTransactionStateRequestHeader header;
    header.commit_log_offset = copy_commit_log_offset;
    header.tran_state_table_offset = copy_queue_offset;
    header.msg_id = properties[mc::kPropertyUniqClientMessageIdKeyidx];
    header.transaction_id = header.msg_id;
    header.offset_msg_id = "7F00000100002A9F0000000000009999";
    header.broker_name = broker_.name();
    return broker_.SendCheck(
        header, broker_.EncodeCheckBody(kTopic, sends[0].body, properties, copy_commit_log_offset,
                                        copy_queue_offset));
  }

  txntest::FakeTxnBroker broker_{"broker-txn"};
  mock::MockNameserver nameserver_;
  ProducerConfig config_;
  CheckLog checks_;
};

TEST_F(TransactionProducerTest, CommitSendsAPreparedHalfMessageThenEndTransactionCommit) {
  auto producer = Start();
  std::atomic<int> executed{0};
  std::string seen_group;
  std::string seen_tran_msg;
  auto result = producer->SendInTransaction(
      Message(kTopic, "TagA", "order-1"), [&](const Message& m, const SendResult& sent) {
        ++executed;
        seen_group = m.property(mc::kPropertyProducerGroup);
        seen_tran_msg = m.property(mc::kPropertyTransactionPrepared);
        EXPECT_EQ(sent.status, SendStatus::kSendOk);
        EXPECT_FALSE(sent.transaction_id.empty());
        return TransactionState::kCommit;
      });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(executed.load(), 1);
  EXPECT_EQ(seen_group, kGroup);
  EXPECT_EQ(seen_tran_msg, "true");
  EXPECT_EQ(result->local_state, TransactionState::kCommit);
  EXPECT_EQ(result->transaction_id, result->message_id);

  auto sends = broker_.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(std::stoi(sends[0].ext_fields.at("f")) & sf::kTransactionTypeMask,
            sf::kTransactionPreparedType);
  auto props = protocol::DecodeMessageProperties(sends[0].ext_fields.at("i"));
  EXPECT_EQ(props[mc::kPropertyTransactionPrepared], "true");
  EXPECT_EQ(props[mc::kPropertyProducerGroup], kGroup);
  EXPECT_EQ(props[mc::kPropertyUniqClientMessageIdKeyidx], result->message_id);

  ASSERT_TRUE(broker_.WaitForEnds(1, kWait));
  auto end = broker_.ends()[0];
  EXPECT_TRUE(end.oneway);
  EXPECT_EQ(end.header.commit_or_rollback, sf::kTransactionCommitType);
  EXPECT_EQ(end.header.commit_log_offset, sends[0].commit_log_offset);
  EXPECT_EQ(end.header.tran_state_table_offset, sends[0].queue_offset);
  EXPECT_EQ(end.header.tran_state_table_offset, result->queue_offset);
  EXPECT_FALSE(end.header.from_transaction_check);
  EXPECT_EQ(end.header.producer_group, kGroup);
  EXPECT_EQ(end.header.msg_id, result->message_id);
  EXPECT_EQ(end.header.broker_name.value_or(""), broker_.name());
  EXPECT_FALSE(end.remark.has_value());
  producer->Shutdown();
}

TEST_F(TransactionProducerTest, RollbackAndUnknownAreSentAsTheirTransactionTypes) {
  auto producer = Start();
  // The second transaction's offsets must be its own, not the first one's.
  auto rollback = SendOne(*producer, TransactionState::kRollback);
  auto unknown = SendOne(*producer, TransactionState::kUnknown);
  ASSERT_TRUE(rollback.ok() && unknown.ok());
  EXPECT_EQ(rollback->local_state, TransactionState::kRollback);
  EXPECT_EQ(unknown->local_state, TransactionState::kUnknown);
  ASSERT_TRUE(broker_.WaitForEnds(2, kWait));
  auto ends = broker_.ends();
  auto sends = broker_.sends();
  ASSERT_EQ(sends.size(), 2u);
  ASSERT_EQ(ends.size(), 2u);
  // The fake broker records oneway requests as its workers take them, in either order.
  if (ends[0].header.msg_id != rollback->message_id) std::swap(ends[0], ends[1]);
  EXPECT_EQ(ends[0].header.msg_id, rollback->message_id);
  EXPECT_EQ(ends[0].header.commit_or_rollback, sf::kTransactionRollbackType);
  EXPECT_EQ(ends[1].header.commit_or_rollback, sf::kTransactionNotType);
  EXPECT_EQ(ends[1].header.commit_log_offset, sends[1].commit_log_offset);
  EXPECT_EQ(ends[1].header.tran_state_table_offset, sends[1].queue_offset);
  EXPECT_EQ(ends[1].header.msg_id, unknown->message_id);
  producer->Shutdown();
}

TEST_F(TransactionProducerTest, AnExecutorThatThrowsEndsAsUnknownWithTheExceptionInTheRemark) {
  auto producer = Start();
  auto result = producer->SendInTransaction(
      Message(kTopic, "TagA", "x"), [](const Message&, const SendResult&) -> TransactionState {
        throw std::runtime_error("database unreachable");
      });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->local_state, TransactionState::kUnknown);
  ASSERT_TRUE(broker_.WaitForEnds(1, kWait));
  auto end = broker_.ends()[0];
  EXPECT_EQ(end.header.commit_or_rollback, sf::kTransactionNotType);
  ASSERT_TRUE(end.remark.has_value());
  EXPECT_NE(end.remark->find("database unreachable"), std::string::npos) << *end.remark;
  producer->Shutdown();
}

TEST_F(TransactionProducerTest, AFailedHalfSendNeitherExecutesNorEnds) {
  broker_.SetSendCode(protocol::ResponseCode::kMessageIllegal);
  auto producer = Start();
  bool executed = false;
  auto result = producer->SendInTransaction(Message(kTopic, "TagA", "x"),
                                            [&](const Message&, const SendResult&) {
                                              executed = true;
                                              return TransactionState::kCommit;
                                            });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kBrokerError) << result.status().ToString();
  EXPECT_NE(result.status().message().find("not executed"), std::string::npos);
  EXPECT_FALSE(executed);
  producer->Shutdown();
  EXPECT_TRUE(broker_.ends().empty());
}

TEST_F(TransactionProducerTest, AHalfMessageStoredUnsafelyIsRolledBackWithoutExecuting) {
  broker_.SetSendCode(protocol::ResponseCode::kFlushDiskTimeout);
  auto producer = Start();
  bool executed = false;
  auto result = producer->SendInTransaction(Message(kTopic, "TagA", "x"),
                                            [&](const Message&, const SendResult&) {
                                              executed = true;
                                              return TransactionState::kCommit;
                                            });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_FALSE(executed);
  EXPECT_EQ(result->status, SendStatus::kFlushDiskTimeout);
  EXPECT_EQ(result->local_state, TransactionState::kRollback);
  ASSERT_TRUE(broker_.WaitForEnds(1, kWait));
  EXPECT_EQ(broker_.ends()[0].header.commit_or_rollback, sf::kTransactionRollbackType);
  producer->Shutdown();
}

TEST_F(TransactionProducerTest, BadCallsAreRefusedWithoutSending) {
  TransactionProducer not_started(config_,
                                  [](const MessageExt&) { return TransactionState::kUnknown; });
  auto idle = SendOne(not_started, TransactionState::kCommit);
  EXPECT_EQ(idle.status().code(), ErrorCode::kIllegalState);

  TransactionProducer no_checker(config_, nullptr);
  EXPECT_EQ(no_checker.Start().code(), ErrorCode::kInvalidArgument);

  auto producer = Start();
  Message delayed(kTopic, "TagA", "x");
  delayed.set_delay_level(3);
  bool executed = false;
  auto result = producer->SendInTransaction(delayed, [&](const Message&, const SendResult&) {
    executed = true;
    return TransactionState::kCommit;
  });
  EXPECT_EQ(result.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("delay level 3"), std::string::npos)
      << result.status().ToString();
  EXPECT_FALSE(executed);

  auto no_executor = producer->SendInTransaction(Message(kTopic, "TagA", "x"), nullptr);
  EXPECT_EQ(no_executor.status().code(), ErrorCode::kInvalidArgument);
  auto empty_body = producer->SendInTransaction(
      Message(kTopic, "TagA", ""),
      [](const Message&, const SendResult&) { return TransactionState::kCommit; });
  EXPECT_EQ(empty_body.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(broker_.sends().empty());
  producer->Shutdown();
  EXPECT_EQ(SendOne(*producer, TransactionState::kCommit).status().code(),
            ErrorCode::kIllegalState);
}

TEST_F(TransactionProducerTest, ACheckIsAnsweredWithTheCheckHeadersOffsetsOffTheIoThread) {
  auto producer = Start(TransactionState::kCommit);
  auto sent = SendOne(*producer, TransactionState::kUnknown);
  ASSERT_TRUE(sent.ok());
  ASSERT_TRUE(broker_.WaitForEnds(1, kWait));

  ASSERT_TRUE(SendCheckForFirstSend(kGroup, 987654, 42).ok());
  ASSERT_TRUE(checks_.WaitFor(1));
  ASSERT_TRUE(broker_.WaitForEnds(2, kWait));

  auto seen = checks_.messages()[0];
  EXPECT_EQ(seen.topic(), kTopic);
  EXPECT_EQ(seen.body(), "order-1");
  EXPECT_EQ(seen.msg_id(), sent->message_id);
  EXPECT_EQ(seen.commit_log_offset(), 987654);
  EXPECT_EQ(checks_.threads()[0], "rmq-txn-check-0");

  auto answer = broker_.ends()[1];
  EXPECT_TRUE(answer.oneway);
  EXPECT_TRUE(answer.header.from_transaction_check);
  EXPECT_EQ(answer.header.commit_or_rollback, sf::kTransactionCommitType);
  EXPECT_EQ(answer.header.commit_log_offset, 987654);
  EXPECT_EQ(answer.header.tran_state_table_offset, 42);
  EXPECT_EQ(answer.header.msg_id, sent->message_id);
  EXPECT_EQ(answer.header.transaction_id.value_or(""), sent->message_id);
  EXPECT_EQ(answer.header.producer_group, kGroup);
  producer->Shutdown();
}

TEST_F(TransactionProducerTest, AThrowingCheckerAnswersUnknownWithTheExceptionInTheRemark) {
  TransactionProducer producer(config_, [](const MessageExt&) -> TransactionState {
    throw std::logic_error("ledger locked");
  });
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(SendOne(producer, TransactionState::kUnknown).ok());
  ASSERT_TRUE(SendCheckForFirstSend(kGroup, 5000, 7).ok());
  ASSERT_TRUE(broker_.WaitForEnds(2, kWait));
  auto answer = broker_.ends()[1];
  EXPECT_TRUE(answer.header.from_transaction_check);
  EXPECT_EQ(answer.header.commit_or_rollback, sf::kTransactionNotType);
  ASSERT_TRUE(answer.remark.has_value());
  EXPECT_NE(answer.remark->find("ledger locked"), std::string::npos) << *answer.remark;
  producer.Shutdown();
}

TEST_F(TransactionProducerTest, ChecksForOtherGroupsOrWithBadBodiesAreDropped) {
  auto producer = Start(TransactionState::kRollback);
  ASSERT_TRUE(SendOne(*producer, TransactionState::kUnknown).ok());
  ASSERT_TRUE(broker_.WaitForEnds(1, kWait));

  ASSERT_TRUE(SendCheckForFirstSend("SOME_OTHER_GROUP", 100, 1).ok());
  protocol::CheckTransactionStateRequestHeader header;
  header.commit_log_offset = 200;
  header.tran_state_table_offset = 2;
  ASSERT_TRUE(broker_.SendCheck(header, "not a commit-log record").ok());
  // Checks are dispatched in arrival order: once the last one is answered, the two before
  // it would have been answered too.
  ASSERT_TRUE(SendCheckForFirstSend(kGroup, 300, 3).ok());
  ASSERT_TRUE(broker_.WaitForEnds(2, kWait));
  producer->Shutdown();
  auto ends = broker_.ends();
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[1].header.commit_log_offset, 300);
  EXPECT_EQ(ends[1].header.commit_or_rollback, sf::kTransactionRollbackType);
  EXPECT_EQ(checks_.messages().size(), 1u);
}

TEST_F(TransactionProducerTest, ShutdownWaitsForTheRunningCheckAndDropsTheOthers) {
  // The running checker holds its answer for a while, so that Shutdown (called right after
  // the two further checks are queued) is under way when it returns: nothing outside the
  // producer can observe that moment, and releasing the checker any earlier would let the
  // queued checks legitimately run.
  constexpr auto kHold = std::chrono::seconds(2);
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false;
  TransactionProducer producer(config_, [&](const MessageExt& m) {
    checks_.Add(m);
    std::unique_lock<std::mutex> lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait_for(lock, kHold, [] { return false; });
    return TransactionState::kCommit;
  });
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(SendOne(producer, TransactionState::kUnknown).ok());
  ASSERT_TRUE(broker_.WaitForEnds(1, kWait));
  ASSERT_TRUE(SendCheckForFirstSend(kGroup, 100, 1).ok());
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, kWait, [&] { return entered; }));
  }
  ASSERT_TRUE(SendCheckForFirstSend(kGroup, 200, 2).ok());
  ASSERT_TRUE(SendCheckForFirstSend(kGroup, 300, 3).ok());
  ASSERT_TRUE(producer.Shutdown().ok());
  // The running check was answered before Shutdown returned (its unregister request
  // followed the answer on the same connection); the checks behind it were dropped.
  ASSERT_TRUE(broker_.WaitForEnds(2, kWait));
  auto ends = broker_.ends();
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[1].header.commit_log_offset, 100);
  EXPECT_EQ(checks_.messages().size(), 1u);
}

TEST_F(TransactionProducerTest,
       NamespacedGroupAndTopicAreWrappedOnTheWireAndUnwrappedForTheChecker) {
  config_.name_space = "ns1";
  nameserver_.SetRoute(std::string("ns1%") + kTopic, Route());
  auto producer = Start(TransactionState::kCommit);
  EXPECT_EQ(producer->config().group, std::string("ns1%") + kGroup);
  auto sent = SendOne(*producer, TransactionState::kUnknown);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->queue.topic, kTopic);
  ASSERT_TRUE(broker_.WaitForEnds(1, kWait));
  EXPECT_EQ(broker_.ends()[0].header.producer_group, std::string("ns1%") + kGroup);

  auto sends = broker_.sends();
  auto properties = protocol::DecodeMessageProperties(sends[0].ext_fields.at("i"));
  EXPECT_EQ(properties[mc::kPropertyProducerGroup], std::string("ns1%") + kGroup);
  protocol::CheckTransactionStateRequestHeader header;
  header.commit_log_offset = 11;
  header.tran_state_table_offset = 1;
  ASSERT_TRUE(broker_
                  .SendCheck(header, broker_.EncodeCheckBody(std::string("ns1%") + kTopic,
                                                             sends[0].body, properties, 11, 1))
                  .ok());
  ASSERT_TRUE(checks_.WaitFor(1));
  EXPECT_EQ(checks_.messages()[0].topic(), kTopic);
  ASSERT_TRUE(broker_.WaitForEnds(2, kWait));
  EXPECT_EQ(broker_.ends()[1].header.producer_group, std::string("ns1%") + kGroup);
  producer->Shutdown();
}

TEST(TransactionEndTest, HeadersForASendAndForACheck) {
  SendResult sent;
  sent.message_id = "UNIQ";
  sent.offset_message_id = "7F0000010000271100000000000012AB";
  sent.queue = MessageQueue{"T", "broker-a", 2};
  sent.queue_offset = 17;
  auto header = client::EndHeaderForSend(sent, "G", TransactionState::kRollback);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->commit_log_offset, 0x12AB);
  EXPECT_EQ(header->tran_state_table_offset, 17);
  EXPECT_EQ(header->commit_or_rollback, sf::kTransactionRollbackType);
  EXPECT_FALSE(header->transaction_id.has_value());
  EXPECT_EQ(header->broker_name.value_or(""), "broker-a");

  sent.offset_message_id = "not-an-id";
  auto bad = client::EndHeaderForSend(sent, "G", TransactionState::kCommit);
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("not-an-id"), std::string::npos);

  client::TransactionCheck check;
  check.header.commit_log_offset = 9;
  check.header.tran_state_table_offset = 8;
  check.header.transaction_id = "TX";
  check.message.offset_msg_id = "OFFSET_ID";
  auto answer = client::EndHeaderForCheck(check, "G", TransactionState::kUnknown);
  EXPECT_TRUE(answer.from_transaction_check);
  EXPECT_EQ(answer.commit_log_offset, 9);
  EXPECT_EQ(answer.tran_state_table_offset, 8);
  EXPECT_EQ(answer.msg_id, "OFFSET_ID");  // no UNIQ_KEY: the offset id, as Java
  EXPECT_EQ(answer.transaction_id.value_or(""), "TX");
  EXPECT_EQ(answer.commit_or_rollback, sf::kTransactionNotType);
  EXPECT_STREQ(TransactionStateName(TransactionState::kUnknown), "UNKNOW");
}

}  // namespace
}  // namespace rocketmq
