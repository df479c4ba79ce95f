// TransactionalMessageService: the broker side of transactional messages (protocol.md §8.7;
// Apache EndTransactionProcessor, TransactionalMessageServiceImpl,
// TransactionalMessageCheckService and the check listeners).
//
// State lives in the store only, so it survives restarts:
//   - half messages in RMQ_SYS_TRANS_HALF_TOPIC queue 0 (written by the send path through
//     ToHalfMessage, and re-appended here by the check);
//   - op messages in RMQ_SYS_TRANS_OP_HALF_TOPIC queue 0, one per finished half message;
//   - how far the check has scanned: offsets of group CID_RMQ_SYS_TRANS on both queues,
//     in consumerOffset.json.
// Load() reads every op message into an OpIndex; from then on EndTransaction and the check
// thread both consult it, so a half message is committed at most once, even when the
// producer's own END_TRANSACTION and its answer to a check-back both arrive, or when it
// answers the check of an older copy. Every copy the check re-appends carries
// TRAN_PREPARED_QUEUE_OFFSET = the first half message's queue offset (its "origin"); ending
// a copy writes op messages for the copy (what Apache's scan matches) and for the origin.
//
// Threads: one check thread, started by Start() and joined by Stop(); EndTransaction runs
// on the caller's (an executor of the broker).
#ifndef ROCKETMQ_BROKER_TRANSACTION_TRANSACTIONAL_MESSAGE_SERVICE_H_
#define ROCKETMQ_BROKER_TRANSACTION_TRANSACTIONAL_MESSAGE_SERVICE_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "broker/transaction/op_index.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/transaction_headers.h"
#include "remoting/remoting_command.h"
#include "rocketmq/status.h"
#include "store/put_message_result.h"

namespace rocketmq {
namespace broker {

class BrokerController;

namespace transaction {

// What one check round did (logged; tests read it).
struct CheckRoundStats {
  int64_t half_offset_before = 0;
  int64_t half_offset_after = 0;
  int32_t finished = 0;     // skipped: an op message exists
  int32_t checked = 0;      // re-appended and asked to a producer
  int32_t no_producer = 0;  // of those, no live producer of the group to ask
  int32_t immune = 0;       // re-appended under CHECK_IMMUNITY_TIME_IN_SECONDS
  int32_t discarded = 0;    // moved to TRANS_CHECK_MAX_TIME_TOPIC
};

class TransactionalMessageService {
 public:
  explicit TransactionalMessageService(BrokerController* broker);
  // Stop()s.
  ~TransactionalMessageService();
  TransactionalMessageService(const TransactionalMessageService&) = delete;
  TransactionalMessageService& operator=(const TransactionalMessageService&) = delete;

  // Reads the op queue into the index. Call after the store started and before
  // END_TRANSACTION is served. Unreadable op messages are logged and skipped (the half
  // messages they finish may then be checked again), so the broker still starts.
  Status Load();
  // Starts the check thread: a round every transactionCheckInterval (masters only).
  void Start();
  // Ends the current round at the next half message and joins the thread. Idempotent.
  void Stop();

  // END_TRANSACTION. nullopt means no answer, as Apache: an unknown (NOT_TYPE) state or an
  // unknown commitOrRollback value. Errors (no half message at the offset, wrong producer
  // group or offsets, already finished, store failure) are answered with Apache's codes and
  // a remark naming the half message, and logged.
  std::optional<remoting::RemotingCommand> EndTransaction(
      const protocol::EndTransactionRequestHeader& header, const std::string& peer);

  // One scan of the half queue now, on the calling thread (what the thread runs).
  CheckRoundStats CheckOnce();

 private:
  struct HalfMessage;

  void Run();
  Result<HalfMessage> ReadHalfMessage(int64_t commit_log_offset) const;
  // Appends and waits for the store's acknowledgement (bounded).
  Result<store::PutMessageResult> Put(std::string record);
  // Writes the op messages finishing `half` and records them in the index.
  void WriteOpMessages(int64_t half_offset, int64_t origin_offset);
  // Re-appends `half` with `properties`, then asks a producer of its group. False when the
  // copy could not be stored (the scan stops there and retries next round).
  bool PutBackAndCheck(const protocol::MessageRecord& half,
                       const protocol::MessageProperties& properties, bool* producer_found);
  bool PutBackImmune(const protocol::MessageRecord& half,
                     const protocol::MessageProperties& properties);
  void Discard(const protocol::MessageRecord& half);
  // CHECK_TRANSACTION_STATE to one live producer of `group`; false if there is none.
  bool SendCheck(const std::string& group, const protocol::MessageRecord& copy);
  int64_t ConsumeOffset(const std::string& topic) const;

  BrokerController* const broker_;

  std::mutex mu_;
  OpIndex index_;
  // Origin offsets an END_TRANSACTION is finishing right now.
  std::set<int64_t> in_flight_;
  // Queue minimums the index was last pruned to.
  int64_t pruned_op_min_ = 0;
  int64_t pruned_half_min_ = 0;

  std::mutex thread_mu_;
  std::condition_variable thread_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TRANSACTION_TRANSACTIONAL_MESSAGE_SERVICE_H_
