// FakeTxnBroker: just enough of a broker for the SDK's transactional producer, on a real
// RemotingServer bound to 127.0.0.1 (ephemeral port). It stores sends (answering with an
// offset message id built from its own address and an increasing commit-log offset),
// records every END_TRANSACTION, and can push CHECK_TRANSACTION_STATE to the connection the
// producer last sent on, as a broker's check-back does.
#ifndef ROCKETMQ_TESTS_UNIT_TRANSACTION_SDK_FAKE_TXN_BROKER_H_
#define ROCKETMQ_TESTS_UNIT_TRANSACTION_SDK_FAKE_TXN_BROKER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "protocol/ext_fields.h"
#include "protocol/message_properties.h"
#include "protocol/transaction_headers.h"
#include "remoting/remoting_server.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace txntest {

struct StoredSend {
  protocol::ExtFields ext_fields;  // SEND_MESSAGE_V2 short names: "f" sysFlag, "i" properties
  std::string body;
  int64_t commit_log_offset = 0;
  int64_t queue_offset = 0;
};

struct ReceivedEnd {
  protocol::EndTransactionRequestHeader header;
  std::optional<std::string> remark;
  bool oneway = false;
};

class FakeTxnBroker {
 public:
  static constexpr int64_t kFirstCommitLogOffset = 4096;

  explicit FakeTxnBroker(std::string name) : name_(std::move(name)) {}
  ~FakeTxnBroker();
  FakeTxnBroker(const FakeTxnBroker&) = delete;
  FakeTxnBroker& operator=(const FakeTxnBroker&) = delete;

  Status Start();
  const std::string& name() const { return name_; }
  std::string address() const;

  // Sends are answered with this code (default SUCCESS) and, unless it is a stored code,
  // not stored.
  void SetSendCode(int32_t code);

  std::vector<StoredSend> sends() const;
  std::vector<ReceivedEnd> ends() const;
  // Waits, bounded by `timeout`, for at least `count` END_TRANSACTION requests.
  bool WaitForEnds(size_t count, std::chrono::milliseconds timeout);

  // CHECK_TRANSACTION_STATE (oneway) to the producer's connection; `body` is sent as is.
  Status SendCheck(const protocol::CheckTransactionStateRequestHeader& header, std::string body);
  // A half message as a CHECK_TRANSACTION_STATE body: CommitLog record form, stored by this
  // broker at `commit_log_offset`, with `properties` (PGROUP, UNIQ_KEY, ...).
  std::string EncodeCheckBody(const std::string& topic, const std::string& body,
                              const protocol::MessageProperties& properties,
                              int64_t commit_log_offset, int64_t queue_offset) const;

 private:
  remoting::ProcessResult OnSend(const std::shared_ptr<remoting::Connection>& connection,
                                 remoting::RemotingCommand& request);
  remoting::ProcessResult OnEnd(remoting::RemotingCommand& request);

  const std::string name_;
  std::unique_ptr<remoting::RemotingServer> server_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  int32_t send_code_ = 0;
  int64_t next_commit_log_offset_ = kFirstCommitLogOffset;
  int64_t next_queue_offset_ = 0;
  std::vector<StoredSend> sends_;
  std::vector<ReceivedEnd> ends_;
  std::shared_ptr<remoting::Connection> producer_;
};

}  // namespace txntest
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_UNIT_TRANSACTION_SDK_FAKE_TXN_BROKER_H_
