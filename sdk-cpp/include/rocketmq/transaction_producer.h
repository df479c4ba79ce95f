// TransactionProducer: messages that become visible only if a local transaction commits
// (Apache RocketMQ's transactional messages, TransactionMQProducer in Java).
//
// SendInTransaction first sends the message as a "half message": the broker stores it where
// no consumer sees it. Once it is stored, the local-transaction executor runs on the
// caller's thread and its answer ends the transaction: kCommit delivers the message to its
// topic, kRollback discards it, kUnknown leaves it pending. A pending half message (an
// unknown answer, or an answer lost with a crash) is resolved by the broker's check-back:
// after transactionTimeOut it asks a live producer of the same group — this one or another
// instance started later — and the checker answers from the local transaction's outcome.
// Checks keep coming every transactionCheckInterval until an answer is kCommit or
// kRollback, up to the broker's transactionCheckMax, after which it discards the message.
//
// Lifecycle: construct with a config and a checker, Start(), SendInTransaction(),
// Shutdown(). Start and Shutdown are not thread-safe with each other; SendInTransaction is
// thread-safe once started.
//
// Threading: the executor runs on the thread calling SendInTransaction. Checkers run one at
// a time on a thread the producer owns, never on an I/O thread; at most 2000 checks wait
// for it (more are dropped with a warning: the broker asks again). Shutdown stops taking
// checks, drops those still waiting and waits for a checker already running.
//
// Errors are returned, never thrown. An executor or checker that throws counts as kUnknown
// (the exception is logged and its text sent to the broker as the remark).
#ifndef ROCKETMQ_TRANSACTION_PRODUCER_H_
#define ROCKETMQ_TRANSACTION_PRODUCER_H_

#include <chrono>
#include <functional>
#include <memory>

#include "rocketmq/client_config.h"
#include "rocketmq/export.h"
#include "rocketmq/message.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/send_result.h"
#include "rocketmq/status.h"

namespace rocketmq {

// Java's LocalTransactionState. Stable values (they cross the C ABI).
enum class TransactionState : int {
  kCommit = 0,    // COMMIT_MESSAGE: deliver the message
  kRollback = 1,  // ROLLBACK_MESSAGE: discard it
  kUnknown = 2,   // UNKNOW: not decided yet; the broker checks back later
};

RMQ_EXPORT const char* TransactionStateName(TransactionState state);

// The half message's SendResult plus what the local transaction answered.
// `transaction_id` is the broker's when it sent one (5.x), otherwise the message's UNIQ_KEY
// (message_id), which is what every broker uses as the transaction id.
struct RMQ_EXPORT TransactionSendResult : SendResult {
  // kRollback without running the executor when the broker stored the half message but
  // reported a flush or replication problem (status != kSendOk), as Java does.
  TransactionState local_state = TransactionState::kUnknown;
};

// Runs the local transaction. `message` is what was sent (with the TRAN_MSG and PGROUP
// properties the producer added); `result` says where the half message was stored and
// carries its ids.
using LocalTransactionExecutor =
    std::function<TransactionState(const Message& message, const SendResult& result)>;

// Answers a broker's check of a pending half message: `message` is the half message as the
// broker stored it, under its real topic; message.msg_id() is the UNIQ_KEY, the id the
// executor saw as SendResult::message_id.
using TransactionChecker = std::function<TransactionState(const MessageExt& message)>;

class RMQ_EXPORT TransactionProducer {
 public:
  // `checker` must not be empty (Start fails with InvalidArgument otherwise).
  TransactionProducer(ProducerConfig config, TransactionChecker checker);
  // A producer still running is shut down with a short bounded timeout and a warning is
  // logged: call Shutdown() yourself to choose the timeout.
  ~TransactionProducer();
  TransactionProducer(TransactionProducer&&) noexcept;
  TransactionProducer& operator=(TransactionProducer&&) noexcept;
  TransactionProducer(const TransactionProducer&) = delete;
  TransactionProducer& operator=(const TransactionProducer&) = delete;

  Status Start();
  Status Shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(3));

  // Sends `message` as a half message (with the sync send's retries), runs `execute` once
  // the broker stored it, then ends the transaction with the answer (END_TRANSACTION, one
  // way, to the master of the broker that stored it). Errors: InvalidArgument for a bad
  // message, an empty executor or a delay level (transactional messages cannot be delayed);
  // IllegalState when not started; otherwise the send's error — the executor did not run
  // and nothing was stored. A failure to deliver END_TRANSACTION is only logged: the
  // broker's check-back resolves the transaction then.
  Result<TransactionSendResult> SendInTransaction(const Message& message,
                                                  const LocalTransactionExecutor& execute);

  // The configuration; after Start, `group` is the one sent to brokers (namespace applied).
  const ProducerConfig& config() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_TRANSACTION_PRODUCER_H_
