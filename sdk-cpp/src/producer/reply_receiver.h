// ReplyReceiver: the requester's half of request-reply in a client instance — the table of
// requests waiting for a reply, the processor of PUSH_REPLY_MESSAGE_TO_CLIENT (326) that
// brokers send over this client's connections, and the sweep that fails expired requests
// (Java's RequestFutureHolder and ClientRemotingProcessor.receiveReplyMessage).
//
// Threads: the processor runs on the remoting client's processor thread (it only decodes and
// looks up); every request callback runs on the receiver's own executor
// (ClientConfig::callback_threads threads, created at the first completion, so that clients
// that never make a request start none), never on an I/O thread or the timer thread; Sweep
// only takes expired requests out and hands their callbacks there. Shutdown fails whatever
// still waits with Cancelled on the calling thread, then joins.
//
// A reply matching no waiting request (it came after its timeout, or twice) is logged at
// debug and answered SUCCESS, as Java does.
#ifndef ROCKETMQ_PRODUCER_REPLY_RECEIVER_H_
#define ROCKETMQ_PRODUCER_REPLY_RECEIVER_H_

#include <memory>
#include <mutex>
#include <string>

#include "common/thread_pool.h"
#include "producer/request_future_table.h"
#include "remoting/request_processor.h"

namespace rocketmq {
namespace client {

class ReplyReceiver : public std::enable_shared_from_this<ReplyReceiver> {
 public:
  RequestFutureTable& table() { return table_; }

  // Allows the executor (`threads`, at least 1) to be created when first needed.
  void Start(size_t threads);
  // Cancels every waiting request (callbacks run here), then joins the executor.
  void Shutdown();

  // The processor for RequestCode::kPushReplyMessageToClient; it keeps the receiver alive.
  std::shared_ptr<remoting::RequestProcessor> AsProcessor();

  // Completes `entry` with `result` on the executor (on the calling thread once shut down).
  void Complete(RequestFutureTable::Entry entry, Result<MessageExt> result);
  // Fails every request past its deadline with Timeout.
  void Sweep();

  // Decodes one pushed reply and completes its request; the answer to the broker.
  remoting::ProcessResult OnPushedReply(const std::string& broker_address,
                                        const remoting::RemotingCommand& request);

 private:
  RequestFutureTable table_;
  // The executor, created on first use between Start and Shutdown; null otherwise.
  std::shared_ptr<ThreadPool> Executor();

  std::mutex mu_;
  size_t threads_ = 0;                    // guarded by mu_; 0 before Start and after Shutdown
  std::shared_ptr<ThreadPool> executor_;  // guarded by mu_
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_REPLY_RECEIVER_H_
