// Process tests of the broker's transactional messages (protocol.md §8.7), driven with raw
// remoting: half messages sent as Apache's TransactionMQProducer sends them, END_TRANSACTION,
// and a fake producer that heartbeats for its group and answers CHECK_TRANSACTION_STATE.
// Brokers of the check tests run with transactionCheckInterval=100 and
// transactionTimeOut=300 (ms) so that check-backs come within a second.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "broker/broker_cluster.h"
#include "common/clock.h"
#include "protocol/client_headers.h"
#include "protocol/heartbeat_data.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "protocol/transaction_headers.h"

namespace rocketmq {
namespace {

namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;
namespace sysflag = protocol::MessageSysFlag;
using remoting::RemotingCommand;
using std::chrono::milliseconds;
using testing::BrokerCluster;

const std::vector<std::string> kFastCheck = {"--transactionCheckInterval=100",
                                             "--transactionTimeOut=300"};
constexpr milliseconds kWait{10000};

// What the broker answered to a half message.
struct HalfSend {
  std::string uniq_key;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;  // in the half queue
  int64_t commit_log_offset = 0;
};

Result<HalfSend> SendHalf(BrokerCluster* cluster, const std::string& topic,
                          const std::string& group, const std::string& body, int32_t queue_id = 0,
                          const protocol::MessageProperties& extra = {}) {
  static std::atomic<int> counter{0};
  HalfSend sent;
  sent.uniq_key = "7F0000010000TXN" + std::to_string(clock::WallMillis()) + "-" +
                  std::to_string(counter.fetch_add(1));
  protocol::SendMessageRequestHeader header;
  header.producer_group = group;
  header.topic = topic;
  header.queue_id = queue_id;
  header.sys_flag = sysflag::kTransactionPreparedType;
  header.born_timestamp = clock::WallMillis();
  std::string props;
  protocol::AppendProperty(&props, "TRAN_MSG", "true");
  protocol::AppendProperty(&props, "PGROUP", group);
  protocol::AppendProperty(&props, "UNIQ_KEY", sent.uniq_key);
  protocol::AppendProperty(&props, "TAGS", "txn");
  protocol::AppendProperty(&props, "WAIT", "true");
  for (const auto& [name, value] : extra) protocol::AppendProperty(&props, name, value);
  header.properties = props;
  auto request = RemotingCommand::CreateRequest(RequestCode::kSendMessageV2, header.EncodeV2());
  request.set_body(body);
  auto response = cluster->Call(std::move(request));
  if (!response.ok()) return response.status();
  if (response->code() != ResponseCode::kSuccess) {
    return Status::BrokerError("half message refused: " + std::to_string(response->code()) + " " +
                               response->remark().value_or(""));
  }
  auto answer = protocol::SendMessageResponseHeader::Decode(response->ext_fields());
  if (!answer.ok()) return answer.status();
  auto id = protocol::DecodeOffsetMessageId(answer->msg_id);
  if (!id.ok()) return id.status();
  sent.queue_id = answer->queue_id;
  sent.queue_offset = answer->queue_offset;
  sent.commit_log_offset = id->commit_log_offset;
  return sent;
}

RemotingCommand EndTransactionRequest(const std::string& group, const std::string& msg_id,
                                      int64_t queue_offset, int64_t commit_log_offset,
                                      int32_t state, bool from_check) {
  protocol::EndTransactionRequestHeader header;
  header.producer_group = group;
  header.tran_state_table_offset = queue_offset;
  header.commit_log_offset = commit_log_offset;
  header.commit_or_rollback = state;
  header.from_transaction_check = from_check;
  header.msg_id = msg_id;
  header.transaction_id = msg_id;
  return RemotingCommand::CreateRequest(RequestCode::kEndTransaction, header.Encode());
}

// END_TRANSACTION awaiting the broker's answer (Java sends it oneway; the answer shows what
// the broker decided).
Result<RemotingCommand> EndTransaction(BrokerCluster* cluster, const std::string& group,
                                       const HalfSend& half, int32_t state) {
  return cluster->Call(EndTransactionRequest(group, half.uniq_key, half.queue_offset,
                                             half.commit_log_offset, state, false));
}

// Every message of topic/queue from offset 0 (empty when the queue has none).
std::vector<std::string> PullAll(BrokerCluster* cluster, const std::string& topic, int32_t queue_id,
                                 std::vector<protocol::MessageRecord>* records,
                                 std::string* storage) {
  std::vector<std::string> bodies;
  auto response = cluster->Pull("txn-it-consumer", topic, queue_id, 0);
  if (!response.ok() || response->code() != ResponseCode::kSuccess) return bodies;
  auto decoded = testing::PulledRecords(*response, storage);
  if (!decoded.ok()) return bodies;
  for (const auto& r : *decoded) bodies.emplace_back(r.body);
  *records = std::move(*decoded);
  return bodies;
}

std::vector<std::string> PullBodies(BrokerCluster* cluster, const std::string& topic,
                                    int32_t queue_id = 0) {
  std::vector<protocol::MessageRecord> records;
  std::string storage;
  return PullAll(cluster, topic, queue_id, &records, &storage);
}

// A producer of `group` as the broker sees one: it heartbeats and answers
// CHECK_TRANSACTION_STATE with END_TRANSACTION (oneway, fromTransactionCheck=true) in the
// state `decide` returns for the n-th check (1-based).
class FakeProducer {
 public:
  struct Check {
    protocol::CheckTransactionStateRequestHeader header;
    std::string body;
  };
  using Decide = std::function<int32_t(int n, const Check& check)>;

  FakeProducer(std::string group, Decide decide)
      : group_(std::move(group)), decide_(std::move(decide)) {
    client_ = std::make_unique<remoting::RemotingClient>(remoting::RemotingClientOptions{});
    client_->RegisterProcessor(
        RequestCode::kCheckTransactionState,
        [this](const std::shared_ptr<remoting::Connection>&, RemotingCommand& request) {
          OnCheck(request);
          return remoting::ProcessResult::Deferred();
        });
  }
  ~FakeProducer() { client_->Shutdown(); }

  Status Start() { return client_->Start(); }

  // Registers with the broker at `addr` (again after a broker restart).
  Status Heartbeat(const std::string& addr) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      broker_addr_ = addr;
    }
    protocol::HeartbeatData data;
    data.client_id = "127.0.0.1@fake-" + group_;
    data.producer_data_set.push_back({group_});
    auto request = RemotingCommand::CreateRequest(RequestCode::kHeartBeat);
    request.set_body(data.Encode());
    auto response = client_->InvokeSync(addr, std::move(request), testing::kRpcTimeout);
    if (!response.ok()) return response.status();
    if (response->code() != ResponseCode::kSuccess) return Status::BrokerError("heartbeat refused");
    return Status::OK();
  }

  // Waits (bounded) until `n` checks arrived.
  bool WaitForChecks(size_t n, milliseconds timeout = kWait) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return checks_.size() >= n; });
  }
  std::vector<Check> checks() const {
    std::lock_guard<std::mutex> lock(mu_);
    return checks_;
  }

 private:
  void OnCheck(RemotingCommand& request) {
    Check check;
    auto header = protocol::CheckTransactionStateRequestHeader::Decode(request.ext_fields());
    if (!header.ok()) return;
    check.header = *header;
    check.body = request.body().Flatten();
    std::string addr;
    int n = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      checks_.push_back(check);
      n = static_cast<int>(checks_.size());
      addr = broker_addr_;
    }
    const int32_t state = decide_(n, check);
    auto answer = EndTransactionRequest(group_, check.header.msg_id.value_or(""),
                                        check.header.tran_state_table_offset,
                                        check.header.commit_log_offset, state, true);
    client_->InvokeOneway(addr, std::move(answer));
    cv_.notify_all();
  }

  const std::string group_;
  const Decide decide_;
  std::unique_ptr<remoting::RemotingClient> client_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string broker_addr_;
  std::vector<Check> checks_;
};

std::unique_ptr<BrokerCluster> StartCluster(std::vector<std::string> extra = {}) {
  auto cluster = BrokerCluster::Start(std::move(extra));
  EXPECT_TRUE(cluster.ok()) << cluster.status().ToString();
  return cluster.ok() ? std::move(*cluster) : nullptr;
}

TEST(BrokerTransaction, CommitMakesTheHalfMessageVisibleOnce) {
  auto cluster = StartCluster();
  ASSERT_TRUE(cluster);
  auto half = SendHalf(cluster.get(), "TxnCommit", "PG-commit", "order-1");
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_EQ(half->queue_id, 0);

  // Invisible: a plain message sent afterwards is the only one in the queue.
  ASSERT_TRUE(cluster->Send("TxnCommit", "marker-1").ok());
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnCommit", 0, 1).ok());
  EXPECT_EQ(PullBodies(cluster.get(), "TxnCommit"), (std::vector<std::string>{"marker-1"}));

  auto committed =
      EndTransaction(cluster.get(), "PG-commit", *half, sysflag::kTransactionCommitType);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(committed->code(), ResponseCode::kSuccess) << committed->remark().value_or("");

  // A second commit (or a rollback) of the finished half message does nothing.
  auto again = EndTransaction(cluster.get(), "PG-commit", *half, sysflag::kTransactionCommitType);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->code(), ResponseCode::kSystemError);
  EXPECT_NE(again->remark().value_or("").find("already"), std::string::npos);
  auto rollback =
      EndTransaction(cluster.get(), "PG-commit", *half, sysflag::kTransactionRollbackType);
  ASSERT_TRUE(rollback.ok());
  EXPECT_EQ(rollback->code(), ResponseCode::kSystemError);

  ASSERT_TRUE(cluster->Send("TxnCommit", "marker-2").ok());
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnCommit", 0, 3).ok());
  std::vector<protocol::MessageRecord> records;
  std::string storage;
  EXPECT_EQ(PullAll(cluster.get(), "TxnCommit", 0, &records, &storage),
            (std::vector<std::string>{"marker-1", "order-1", "marker-2"}));
  ASSERT_EQ(records.size(), 3u);
  const protocol::MessageRecord& msg = records[1];
  EXPECT_EQ(sysflag::TransactionType(msg.sys_flag), sysflag::kTransactionCommitType);
  EXPECT_EQ(msg.prepared_transaction_offset, half->commit_log_offset);
  auto props = protocol::DecodeMessageProperties(msg.properties);
  EXPECT_EQ(props["UNIQ_KEY"], half->uniq_key);
  EXPECT_EQ(props["PGROUP"], "PG-commit");
  // As Apache 4.9 stores it: the half message's properties, TRAN_MSG included.
  EXPECT_EQ(props["TRAN_MSG"], "true");
  EXPECT_EQ(props["REAL_TOPIC"], "TxnCommit");

  // The op message names the half queue offset.
  ASSERT_TRUE(cluster->WaitForMaxOffset("RMQ_SYS_TRANS_OP_HALF_TOPIC", 0, 1).ok());
  EXPECT_EQ(PullBodies(cluster.get(), "RMQ_SYS_TRANS_OP_HALF_TOPIC"),
            (std::vector<std::string>{std::to_string(half->queue_offset)}));
}

TEST(BrokerTransaction, TranMsgWithoutThePreparedBitsStillMakesAHalfMessage) {
  // Apache takes TRAN_MSG=true alone as a prepared message; the send path's fast property
  // rewrite must hand such a message to the transactional one.
  auto cluster = StartCluster();
  ASSERT_TRUE(cluster);
  protocol::SendMessageRequestHeader header;
  header.producer_group = "PG-flagless";
  header.topic = "TxnFlagless";
  header.queue_id = 0;
  header.born_timestamp = clock::WallMillis();
  std::string props;
  protocol::AppendProperty(&props, "PGROUP", "PG-flagless");
  protocol::AppendProperty(&props, "TRAN_MSG", "true");
  header.properties = props;
  auto request = RemotingCommand::CreateRequest(RequestCode::kSendMessageV2, header.EncodeV2());
  request.set_body("half");
  auto response = cluster->Call(std::move(request));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(response->code(), ResponseCode::kSuccess) << response->remark().value_or("");
  ASSERT_TRUE(cluster->WaitForMaxOffset("RMQ_SYS_TRANS_HALF_TOPIC", 0, 1).ok());
  ASSERT_TRUE(cluster->Send("TxnFlagless", "marker").ok());
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnFlagless", 0, 1).ok());
  EXPECT_EQ(PullBodies(cluster.get(), "TxnFlagless"), (std::vector<std::string>{"marker"}));
}

TEST(BrokerTransaction, RollbackIsNeverVisible) {
  auto cluster = StartCluster();
  ASSERT_TRUE(cluster);
  auto half = SendHalf(cluster.get(), "TxnRollback", "PG-rb", "never");
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  auto rolled = EndTransaction(cluster.get(), "PG-rb", *half, sysflag::kTransactionRollbackType);
  ASSERT_TRUE(rolled.ok());
  EXPECT_EQ(rolled->code(), ResponseCode::kSuccess) << rolled->remark().value_or("");
  auto commit = EndTransaction(cluster.get(), "PG-rb", *half, sysflag::kTransactionCommitType);
  ASSERT_TRUE(commit.ok());
  EXPECT_EQ(commit->code(), ResponseCode::kSystemError);

  ASSERT_TRUE(cluster->Send("TxnRollback", "marker").ok());
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnRollback", 0, 1).ok());
  EXPECT_EQ(PullBodies(cluster.get(), "TxnRollback"), (std::vector<std::string>{"marker"}));
}

TEST(BrokerTransaction, BadEndTransactionsAreRefused) {
  auto cluster = StartCluster();
  ASSERT_TRUE(cluster);
  auto half = SendHalf(cluster.get(), "TxnBad", "PG-bad", "x");
  ASSERT_TRUE(half.ok()) << half.status().ToString();

  auto refused = [&](const std::string& group, int64_t queue_offset, int64_t cl_offset) {
    auto r = cluster->Call(EndTransactionRequest(group, half->uniq_key, queue_offset, cl_offset,
                                                 sysflag::kTransactionCommitType, false));
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->code() * 1000 + (r->remark() ? 1 : 0) : -1;
  };
  const int kErrorWithRemark = ResponseCode::kSystemError * 1000 + 1;
  EXPECT_EQ(refused("PG-bad", half->queue_offset, 987654321), kErrorWithRemark);  // unknown
  EXPECT_EQ(refused("PG-other", half->queue_offset, half->commit_log_offset), kErrorWithRemark);
  EXPECT_EQ(refused("PG-bad", half->queue_offset + 5, half->commit_log_offset), kErrorWithRemark);
  EXPECT_EQ(refused("PG-bad", half->queue_offset, -8), kErrorWithRemark);
  EXPECT_EQ(refused("PG-bad", half->queue_offset, half->commit_log_offset + 1), kErrorWithRemark);
  // A header without its required fields.
  auto malformed = cluster->Call(RemotingCommand::CreateRequest(RequestCode::kEndTransaction));
  ASSERT_TRUE(malformed.ok());
  EXPECT_EQ(malformed->code(), ResponseCode::kSystemError);

  // A plain message's offset is not a half message.
  auto plain = cluster->Send("TxnBad", "plain");
  ASSERT_TRUE(plain.ok());
  auto plain_header = protocol::SendMessageResponseHeader::Decode(plain->ext_fields());
  ASSERT_TRUE(plain_header.ok());
  auto plain_id = protocol::DecodeOffsetMessageId(plain_header->msg_id);
  ASSERT_TRUE(plain_id.ok());
  EXPECT_EQ(refused("PG-bad", plain_header->queue_offset, plain_id->commit_log_offset),
            kErrorWithRemark);

  // Unknown state (0) is not answered and changes nothing; the real commit still works.
  ASSERT_TRUE(cluster->client()
                  .InvokeOneway(cluster->broker_addr(),
                                EndTransactionRequest("PG-bad", half->uniq_key, half->queue_offset,
                                                      half->commit_log_offset, 0, false))
                  .ok());
  auto commit = EndTransaction(cluster.get(), "PG-bad", *half, sysflag::kTransactionCommitType);
  ASSERT_TRUE(commit.ok());
  EXPECT_EQ(commit->code(), ResponseCode::kSuccess) << commit->remark().value_or("");
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnBad", 0, 2).ok());
  EXPECT_EQ(PullBodies(cluster.get(), "TxnBad"), (std::vector<std::string>{"plain", "x"}));
}

TEST(BrokerTransaction, RejectTransactionMessageRefusesHalfMessages) {
  auto cluster = StartCluster({"--rejectTransactionMessage=true"});
  ASSERT_TRUE(cluster);
  auto half = SendHalf(cluster.get(), "TxnRejected", "PG-rej", "x");
  ASSERT_FALSE(half.ok());
  EXPECT_NE(half.status().message().find("forbidden"), std::string::npos);
}

TEST(BrokerTransaction, UnknownThenCommitThroughTheCheckBack) {
  auto cluster = StartCluster(kFastCheck);
  ASSERT_TRUE(cluster);
  // First check: unknown; second: commit.
  FakeProducer producer("PG-check", [](int n, const FakeProducer::Check&) {
    return n == 1 ? sysflag::kTransactionNotType : sysflag::kTransactionCommitType;
  });
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(producer.Heartbeat(cluster->broker_addr()).ok());

  auto half = SendHalf(cluster.get(), "TxnCheck", "PG-check", "checked", 1);
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_EQ(half->queue_id, 1);  // the real queue, as Apache answers
  ASSERT_TRUE(producer.WaitForChecks(2));
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnCheck", 1, 1).ok());
  {
    std::vector<protocol::MessageRecord> records;
    std::string storage;
    EXPECT_EQ(PullAll(cluster.get(), "TxnCheck", 1, &records, &storage),
              (std::vector<std::string>{"checked"}));
    ASSERT_EQ(records.size(), 1u);
    // Committed from the second copy: its check count, none of our origin bookkeeping.
    auto props = protocol::DecodeMessageProperties(records[0].properties);
    EXPECT_EQ(props["TRANSACTION_CHECK_TIMES"], "2");
    EXPECT_EQ(props.count("TRAN_PREPARED_QUEUE_OFFSET"), 0u);
    EXPECT_EQ(props["TRAN_MSG"], "true");
  }

  const std::vector<FakeProducer::Check> checks = producer.checks();
  ASSERT_GE(checks.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const auto& h = checks[i].header;
    EXPECT_EQ(h.msg_id.value_or(""), half->uniq_key);
    EXPECT_EQ(h.transaction_id.value_or(""), half->uniq_key);
    // The offsets are those of the re-appended copy, not of the first half message.
    EXPECT_GT(h.tran_state_table_offset, half->queue_offset);
    EXPECT_GT(h.commit_log_offset, half->commit_log_offset);
    auto id = protocol::DecodeOffsetMessageId(h.offset_msg_id.value_or(""));
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id->commit_log_offset, h.commit_log_offset);
    auto body = protocol::DecodeMessageRecord(checks[i].body, true);
    ASSERT_TRUE(body.ok()) << body.status().ToString();
    EXPECT_EQ(body->topic, "TxnCheck");
    EXPECT_EQ(body->queue_id, 1);
    EXPECT_EQ(body->body, "checked");
    EXPECT_EQ(body->queue_offset, h.tran_state_table_offset);
    EXPECT_EQ(body->physical_offset, h.commit_log_offset);
    auto props = protocol::DecodeMessageProperties(body->properties);
    EXPECT_EQ(props["TRANSACTION_CHECK_TIMES"], std::to_string(i + 1));
    EXPECT_EQ(props["UNIQ_KEY"], half->uniq_key);
  }

  // Once committed, the first message is left alone: a later half message is checked and
  // committed, and the topic holds each exactly once.
  auto later = SendHalf(cluster.get(), "TxnCheck", "PG-check", "later", 1);
  ASSERT_TRUE(later.ok());
  ASSERT_TRUE(producer.WaitForChecks(3));
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnCheck", 1, 2).ok());
  int first_checks = 0;
  for (const auto& c : producer.checks()) {
    if (c.header.msg_id == half->uniq_key) ++first_checks;
  }
  // Twice, or once more if a round re-checked it while the commit answer was on its way
  // (that third answer is refused: committed once is what matters, below).
  EXPECT_GE(first_checks, 2);
  // The producer's own late commit of the first half message changes nothing.
  auto late = EndTransaction(cluster.get(), "PG-check", *half, sysflag::kTransactionCommitType);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->code(), ResponseCode::kSystemError);
  EXPECT_EQ(PullBodies(cluster.get(), "TxnCheck", 1),
            (std::vector<std::string>{"checked", "later"}));
}

TEST(BrokerTransaction, AGoneProducerIsAskedAgainWhenItComesBack) {
  auto cluster = StartCluster(kFastCheck);
  ASSERT_TRUE(cluster);
  auto half = SendHalf(cluster.get(), "TxnGone", "PG-gone", "late");
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  // Nobody of PG-gone is connected: rounds pass and re-append the half message. Wait until
  // the half queue shows at least two such copies before a producer shows up.
  ASSERT_TRUE(
      cluster->WaitForMaxOffset("RMQ_SYS_TRANS_HALF_TOPIC", 0, half->queue_offset + 3).ok());
  FakeProducer producer(
      "PG-gone", [](int, const FakeProducer::Check&) { return sysflag::kTransactionCommitType; });
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(producer.Heartbeat(cluster->broker_addr()).ok());
  ASSERT_TRUE(producer.WaitForChecks(1));
  auto props = protocol::DecodeMessageProperties(
      protocol::DecodeMessageRecord(producer.checks()[0].body)->properties);
  // The second copy is in the queue before the producer exists, but its check may still be
  // on its way (the thread asks right after appending): the first check this producer
  // sees counts at least 2, so at least the first one found nobody.
  const std::string times = props["TRANSACTION_CHECK_TIMES"];
  ASSERT_FALSE(times.empty());
  EXPECT_GE(std::atoi(times.c_str()), 2);
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnGone", 0, 1).ok());
  EXPECT_EQ(PullBodies(cluster.get(), "TxnGone"), (std::vector<std::string>{"late"}));
}

TEST(BrokerTransaction, DiscardedAfterTransactionCheckMax) {
  std::vector<std::string> args = kFastCheck;
  args.push_back("--transactionCheckMax=2");
  auto cluster = StartCluster(args);
  ASSERT_TRUE(cluster);
  FakeProducer producer(
      "PG-max", [](int, const FakeProducer::Check&) { return sysflag::kTransactionNotType; });
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(producer.Heartbeat(cluster->broker_addr()).ok());
  auto half = SendHalf(cluster.get(), "TxnMax", "PG-max", "given-up");
  ASSERT_TRUE(half.ok()) << half.status().ToString();

  ASSERT_TRUE(cluster->WaitForMaxOffset("TRANS_CHECK_MAX_TIME_TOPIC", 0, 1).ok());
  std::vector<protocol::MessageRecord> records;
  std::string storage;
  EXPECT_EQ(PullAll(cluster.get(), "TRANS_CHECK_MAX_TIME_TOPIC", 0, &records, &storage),
            (std::vector<std::string>{"given-up"}));
  ASSERT_EQ(records.size(), 1u);
  auto props = protocol::DecodeMessageProperties(records[0].properties);
  EXPECT_EQ(props["REAL_TOPIC"], "TxnMax");
  EXPECT_EQ(props["TRANSACTION_CHECK_TIMES"], "2");
  ASSERT_TRUE(producer.WaitForChecks(2));
  EXPECT_EQ(producer.checks().size(), 2u);
  EXPECT_TRUE(PullBodies(cluster.get(), "TxnMax").empty());
}

TEST(BrokerTransaction, ADelayedMessageIsDelayedAfterItsCommit) {
  auto cluster = StartCluster();  // one-second delay levels
  ASSERT_TRUE(cluster);
  auto half = SendHalf(cluster.get(), "TxnDelay", "PG-delay", "delayed", 0, {{"DELAY", "1"}});
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  auto committed =
      EndTransaction(cluster.get(), "PG-delay", *half, sysflag::kTransactionCommitType);
  ASSERT_TRUE(committed.ok());
  ASSERT_EQ(committed->code(), ResponseCode::kSuccess) << committed->remark().value_or("");
  const int64_t committed_at = clock::WallMillis();
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnDelay", 0, 1).ok());
  EXPECT_GE(clock::WallMillis() - committed_at, 500);
  // Only the committed message went through the schedule topic, not the half message.
  ASSERT_TRUE(cluster->WaitForMaxOffset("SCHEDULE_TOPIC_XXXX", 0, 1).ok());
  EXPECT_EQ(PullBodies(cluster.get(), "SCHEDULE_TOPIC_XXXX"),
            (std::vector<std::string>{"delayed"}));
  std::vector<protocol::MessageRecord> records;
  std::string storage;
  EXPECT_EQ(PullAll(cluster.get(), "TxnDelay", 0, &records, &storage),
            (std::vector<std::string>{"delayed"}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(sysflag::TransactionType(records[0].sys_flag), sysflag::kTransactionCommitType);
}

TEST(BrokerTransaction, CommitAfterABrokerRestart) {
  auto cluster = StartCluster();
  ASSERT_TRUE(cluster);
  auto half = SendHalf(cluster.get(), "TxnRestart", "PG-restart", "survives");
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  auto rolled_half = SendHalf(cluster.get(), "TxnRestart", "PG-restart", "rolled");
  ASSERT_TRUE(rolled_half.ok());
  auto rolled =
      EndTransaction(cluster.get(), "PG-restart", *rolled_half, sysflag::kTransactionRollbackType);
  ASSERT_TRUE(rolled.ok());
  ASSERT_EQ(rolled->code(), ResponseCode::kSuccess);

  ASSERT_TRUE(cluster->RestartBroker().ok());

  auto committed =
      EndTransaction(cluster.get(), "PG-restart", *half, sysflag::kTransactionCommitType);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(committed->code(), ResponseCode::kSuccess) << committed->remark().value_or("");
  // What was rolled back before the restart stays rolled back.
  auto late =
      EndTransaction(cluster.get(), "PG-restart", *rolled_half, sysflag::kTransactionCommitType);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->code(), ResponseCode::kSystemError);
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnRestart", 0, 1).ok());
  EXPECT_EQ(PullBodies(cluster.get(), "TxnRestart"), (std::vector<std::string>{"survives"}));
}

TEST(BrokerTransaction, CheckBackFindsTheHalfMessageAfterARestart) {
  auto cluster = StartCluster({"--transactionCheckInterval=100", "--transactionTimeOut=2000"});
  ASSERT_TRUE(cluster);
  auto half = SendHalf(cluster.get(), "TxnRestartCheck", "PG-rc", "found");
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  ASSERT_TRUE(cluster->RestartBroker().ok());

  FakeProducer producer(
      "PG-rc", [](int, const FakeProducer::Check&) { return sysflag::kTransactionCommitType; });
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(producer.Heartbeat(cluster->broker_addr()).ok());
  ASSERT_TRUE(producer.WaitForChecks(1));
  EXPECT_EQ(producer.checks()[0].header.msg_id.value_or(""), half->uniq_key);
  ASSERT_TRUE(cluster->WaitForMaxOffset("TxnRestartCheck", 0, 1).ok());
  EXPECT_EQ(PullBodies(cluster.get(), "TxnRestartCheck"), (std::vector<std::string>{"found"}));
}

}  // namespace
}  // namespace rocketmq
