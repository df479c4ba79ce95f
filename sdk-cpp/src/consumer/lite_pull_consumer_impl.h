// LitePullConsumerImpl: everything behind rocketmq::LitePullConsumer.
//
// Subscribe mode rebalances like the push consumer (on the timer thread, every
// rebalance_interval_ms and on NOTIFY_CONSUMER_IDS_CHANGED) and assigns the result;
// assign mode takes the application's queues.
//
// Each assigned queue has at most one PULL_MESSAGE in flight (long polling; responses run on
// the client instance's callback threads) whose messages go to that queue's buffer; Poll
// takes from the buffers round robin. A Seek bumps the queue's generation so that a
// response of a pull issued before it is discarded.
#ifndef ROCKETMQ_CONSUMER_LITE_PULL_CONSUMER_IMPL_H_
#define ROCKETMQ_CONSUMER_LITE_PULL_CONSUMER_IMPL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client/client_instance.h"
#include "client/scheduler.h"
#include "consumer/allocate_strategy.h"
#include "consumer/offset_store.h"
#include "consumer/pull_request_fields.h"
#include "producer/trace_dispatcher.h"
#include "protocol/consumer_running_info.h"
#include "protocol/heartbeat_data.h"
#include "rocketmq/lite_pull_consumer.h"

namespace rocketmq {
namespace consumer {

class LitePullConsumerImpl : public std::enable_shared_from_this<LitePullConsumerImpl> {
 public:
  LitePullConsumerImpl(ConsumerConfig config, bool auto_commit);
  ~LitePullConsumerImpl();

  Status Start();
  Status Shutdown(std::chrono::milliseconds timeout);
  bool running() const { return state_.load() == State::kRunning; }

  Result<std::vector<MessageQueue>> FetchMessageQueues(const std::string& topic);
  Status Subscribe(const std::string& topic, const std::string& expression,
                   ExpressionType type = ExpressionType::kTag);
  Status Assign(const std::vector<MessageQueue>& queues);
  Result<std::vector<MessageExt>> Poll(std::chrono::milliseconds timeout);
  Status Seek(const MessageQueue& queue, int64_t offset);
  Status Commit();
  Status CommitAsync(std::function<void(const Status&)> done);

  const ConsumerConfig& config() const { return config_; }

 private:
  enum class State { kCreated, kRunning, kStopped };
  struct QueueState {
    int64_t next_pull_offset = 0;
    // One past the last message Poll returned; what a commit records.
    int64_t consumed_offset = -1;
    uint64_t generation = 0;
    bool in_flight = false;
    // The broker id the last pull response suggested for the next pull.
    int64_t broker_id = 0;
    std::deque<MessageExt> buffer;
    // The queue's pull header, encoded once (again after Subscribe changes the topic's
    // subscription): each pull writes only its offset into the bytes, as the push consumer's
    // do, instead of building and copying the ExtFields map.
    std::optional<PullRequestFields> pull_fields;
  };

  Status CheckRunning() const;
  // The answer to GET_CONSUMER_RUNNING_INFO.
  protocol::ConsumerRunningInfo RunningInfo() const;
  // Topics as the servers know them ("<namespace>%<name>") and as the user does.
  std::string WithNamespace(const std::string& topic) const;
  MessageQueue WithNamespace(MessageQueue queue) const;
  // Makes `queues` the assigned set (both modes).
  Status AssignQueues(const std::vector<MessageQueue>& queues);
  bool subscribed() const;
  void SendHeartbeats(bool wait);
  void Rebalance();
  void ScheduleRebalanceNow();
  // SubBefore and SubAfter records of the messages of one pull (enable_msg_trace).
  void TracePulled(const std::vector<MessageExt>& messages);
  // Starts a pull for `queue` if none is in flight and its buffer has room. Caller holds mu_.
  void MaybePullLocked(const MessageQueue& queue, QueueState& state);
  void OnPullResponse(const MessageQueue& queue, uint64_t generation,
                      Result<remoting::RemotingCommand> response);
  // Retries a failed pull later (on the timer thread).
  void RetryLater(const MessageQueue& queue, uint64_t generation);
  // Records consumed offsets in the offset store's memory. Caller holds mu_.
  void CommitLocked();
  // The queues this consumer holds now. Caller holds mu_.
  std::vector<MessageQueue> AssignedQueuesLocked() const;
  // Persists every queue's offset and answers the CommitAsync callbacks waiting for it.
  void PersistForAsyncCommits();
  static void AnswerCommits(std::vector<std::function<void(const Status&)>> waiting,
                            const Status& outcome);

  // Changed only by Start(), before any other thread runs: the group gets its namespace.
  ConsumerConfig config_;
  const bool auto_commit_;
  std::shared_ptr<client::ClientInstance> instance_;
  std::unique_ptr<OffsetStore> offsets_;
  // Set by Start when enable_msg_trace is on.
  std::unique_ptr<client::TraceDispatcher> tracer_;
  std::unique_ptr<AllocateStrategy> allocate_;
  client::Scheduler scheduler_;
  std::atomic<State> state_{State::kCreated};
  int64_t start_wall_ms_ = 0;

  mutable std::mutex mu_;
  std::condition_variable arrived_;
  std::map<MessageQueue, QueueState> queues_;
  // CommitAsync callbacks whose persist has not run yet (Shutdown answers the rest).
  std::vector<std::function<void(const Status&)>> async_commits_;
  std::map<std::string, protocol::SubscriptionData> subscriptions_;
  bool assigned_by_application_ = false;
  // Where the next Poll starts its round.
  size_t next_queue_ = 0;
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_LITE_PULL_CONSUMER_IMPL_H_
