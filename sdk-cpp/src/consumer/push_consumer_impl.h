// PushConsumerImpl: everything behind rocketmq::PushConsumer (clustering, concurrent
// listener), after Java's DefaultMQPushConsumerImpl.
//
// Rebalance (on the consumer's timer thread, every rebalance_interval_ms and on
// NOTIFY_CONSUMER_IDS_CHANGED): for each subscribed topic, the readable queues from the
// route and the group's consumer ids from a broker, both sorted, go through the allocation
// strategy; queues gained get a ProcessQueue, a starting offset (the committed one, else
// per consume_from_where) and a pull chain; queues lost are dropped and their offsets
// committed.
//
// Pull chain, one per assigned queue: PULL_MESSAGE with long polling (InvokeAsync; the
// response runs on the client instance's callback threads) -> messages into the
// ProcessQueue -> batches to the consume pool -> the next pull, delayed while the queue is
// over its flow-control thresholds or after an error.
//
// Consume: the listener on a consume thread (with consume_on_io_thread, on the I/O thread
// that read the pull, before the next pull leaves with the read's other frames); success
// commits (in memory) the ProcessQueue's smallest offset still in flight; RECONSUME_LATER
// or a throw sends each message back (CONSUMER_SEND_MSG_BACK, else a local send to the
// retry topic, else consumed again here after 5 s). Offsets go to the broker every
// persist_consumer_offset_interval_ms, with every pull, when a queue is lost and at
// shutdown.
//
// Server requests (NOTIFY_CONSUMER_IDS_CHANGED, GET_CONSUMER_RUNNING_INFO,
// CONSUME_MESSAGE_DIRECTLY, RESET_CONSUMER_CLIENT_OFFSET, GET_CONSUMER_STATUS_FROM_CLIENT)
// reach the consumer through the instance's ConsumerRequestRegistry, by group.
#ifndef ROCKETMQ_CONSUMER_PUSH_CONSUMER_IMPL_H_
#define ROCKETMQ_CONSUMER_PUSH_CONSUMER_IMPL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/client_instance.h"
#include "client/scheduler.h"
#include "common/thread_pool.h"
#include "consumer/allocate_strategy.h"
#include "consumer/consumer_stats.h"
#include "consumer/offset_store.h"
#include "consumer/process_queue.h"
#include "consumer/pull_request_fields.h"
#include "consumer/pulled_messages.h"
#include "consumer/run_workers.h"
#include "producer/trace_dispatcher.h"
#include "protocol/consumer_running_info.h"
#include "protocol/heartbeat_data.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace client {
class ProducerImpl;
}  // namespace client

namespace consumer {

class PushConsumerImpl : public std::enable_shared_from_this<PushConsumerImpl> {
 public:
  explicit PushConsumerImpl(ConsumerConfig config);
  ~PushConsumerImpl();

  Status Subscribe(const std::string& topic, const std::string& expression,
                   ExpressionType type = ExpressionType::kTag);
  Status Unsubscribe(const std::string& topic);
  void RegisterMessageListener(MessageListener listener);
  void RegisterOrderlyListener(OrderlyMessageListener listener);

  Status Start();
  Status Shutdown(std::chrono::milliseconds timeout);
  void Suspend();
  void Resume();
  bool running() const { return state_.load() == State::kRunning; }

  const ConsumerConfig& config() const { return config_; }
  // The queues currently assigned to this consumer (for tests and tools).
  std::vector<MessageQueue> AssignedQueues() const;
  // The client instance the consumer runs on (for tests and tools); null before Start().
  client::ClientInstance* instance() const { return instance_.get(); }

 private:
  enum class State { kCreated, kRunning, kStopped };
  struct PullRequest {
    MessageQueue queue;
    std::shared_ptr<ProcessQueue> process_queue;
    int64_t next_offset = 0;
    // The broker id the last pull response suggested for the next pull.
    int64_t broker_id = 0;
    // When the pull in flight was sent (monotonic ms).
    int64_t pull_started_ms = 0;
    // The queue's topic's subscription as of subscriptions_version_ `subscription_version`
    // (0: never looked up): each pull and its answer used to look it up, a lock and a search
    // by topic each.
    std::shared_ptr<const protocol::SubscriptionData> subscription;
    uint64_t subscription_version = 0;
    // The queue's pull header as encoded for `subscription` (a subscription changed by
    // Subscribe is a new object): each pull writes only the offsets and flags into its bytes
    // (a pull, its sending included, cost 9.7k instructions encoding the header each time,
    // 7.0k copying the encoded map: callgrind at 2000 msgs/s, about one pull per message).
    struct EncodedHeader {
      std::shared_ptr<const protocol::SubscriptionData> subscription;
      std::optional<PullRequestFields> fields;
    } encoded_header;
  };

  // Message traces around a listener call: SubBefore for each traced message, returning the
  // request id the SubAfter records of the same call share; SubAfter with the call's time
  // divided among the messages and Java's ConsumeReturnType ordinal.
  std::string TraceBefore(const std::vector<MessageExt>& batch);
  void TraceAfter(const std::string& request_id, const std::vector<MessageExt>& batch,
                  int64_t cost_ms, bool success, int context_code);

  bool clustering() const { return config_.message_model == MessageModel::kClustering; }
  bool orderly() const { return static_cast<bool>(orderly_listener_); }
  std::optional<std::string> MasterAddress(const std::string& broker_name) const;
  // Shared, not copied: every pull and pull response looks its topic's subscription up.
  std::shared_ptr<const protocol::SubscriptionData> FindSubscription(
      const std::string& topic) const;
  // FindSubscription for `request`'s queue, looked up again only when the subscriptions
  // changed since its last pull. Called only by the queue's pull chain.
  const std::shared_ptr<const protocol::SubscriptionData>& PullSubscription(
      PullRequest* request) const;
  // Topics and groups as the servers know them ("<namespace>%<name>") and as the user does.
  std::string WithNamespace(const std::string& name) const;
  // The user's view of pulled messages: topics without the namespace.
  void RemoveNamespace(std::vector<MessageExt>* messages) const;

  // Requests brokers send to this consumer (push_consumer_requests.cc).
  remoting::ProcessResult HandleServerRequest(remoting::RemotingCommand& request);
  protocol::ConsumerRunningInfo RunningInfo() const;
  remoting::ProcessResult ConsumeDirectly(const remoting::RemotingCommand& request);
  remoting::ProcessResult ResetOffsets(const remoting::RemotingCommand& request);
  remoting::ProcessResult ConsumerStatus(const remoting::RemotingCommand& request);

  // CHECK_CLIENT_CONFIG of the SQL92 subscriptions (consumer/group_membership.h).
  Status CheckSubscriptionsInBroker();
  // Timer tasks.
  void SendHeartbeats(bool wait);
  void Rebalance();
  void RebalanceTopic(const std::string& topic);
  void PersistOffsets(std::chrono::milliseconds timeout);
  void ScheduleRebalanceNow();

  void UpdateProcessQueues(const std::string& topic, const std::vector<MessageQueue>& assigned);

  // Pull chain. The responses of concurrent consumption's pulls come on the I/O thread that
  // read them (remoting::CallbackThread::kIoThread): they are only checked and scanned there
  // and handed to the consume pool, and the next pull leaves from there too, so that a pull
  // costs one thread hand-off (to the consume pool) rather than two. What may take long
  // there (inflating compressed bodies, connecting) goes to a callback thread.
  void Pull(const std::shared_ptr<PullRequest>& request, bool on_io_thread = false);
  void PullLater(const std::shared_ptr<PullRequest>& request, std::chrono::milliseconds delay);
  void OnPullResponse(const std::shared_ptr<PullRequest>& request,
                      Result<remoting::RemotingCommand> response);
  // A successful pull's messages to the process queue and the consume pool, then the next pull.
  void DeliverPulled(const std::shared_ptr<PullRequest>& request, ScannedPull scanned,
                     const protocol::SubscriptionData& subscription, int64_t next_offset,
                     bool on_io_thread);
  // Runs `task` on one of the client instance's callback threads while the consumer lives.
  void RunOnCallbackThread(std::function<void(PushConsumerImpl*)> task);
  void OnOffsetMoved(const std::shared_ptr<PullRequest>& request);

  // Consumption.
  struct ConsumeRun;
  void SubmitConsume(std::vector<MessageExt> messages, const std::shared_ptr<ProcessQueue>& pq,
                     const MessageQueue& queue);
  // The same for a pull not decoded yet: each batch is decoded by the thread that consumes it.
  void SubmitScanned(ScannedPull pull, const std::shared_ptr<ProcessQueue>& pq,
                     const MessageQueue& queue);
  // A run of a pull not decoded yet; one `on_io_thread` is drained by the caller alone.
  std::shared_ptr<ConsumeRun> ScannedRun(ScannedPull pull, const std::shared_ptr<ProcessQueue>& pq,
                                         const MessageQueue& queue, bool on_io_thread);
  // Queues `run` for the consume threads (runs_).
  void EnqueueRun(std::shared_ptr<ConsumeRun> run);
  // A consume thread's work: the batches of queued runs, oldest run first, until none is left.
  void WorkRuns();
  // A thread's share of a run: listener calls for its batches until none is left.
  void DrainRun(const std::shared_ptr<ConsumeRun>& run);
  // Submits WorkRuns to the consume pool for a thread run_workers_ asked for.
  void StartRunWorker();
  // One more consume thread for the queued runs, if run_workers_ wants one.
  void RequestRunWorker();
  // What a consume thread's listener calls of one run leave for the offset store and the
  // stats: gathered and passed on together (at the end of the run, after a failed call, or
  // kTallyFlushMs after the first), since a lock and a map lookup in each per message cost
  // as much as the rest of a quick listener call.
  struct RunTally {
    int64_t commit_offset = -1;
    int64_t calls = 0;
    int64_t rt_ms = 0;
    int64_t ok = 0;
    int64_t failed = 0;
    int64_t since_ms = -1;  // monotonic start of the first call gathered
    // CONSUME_START_TIME's text for the wall millisecond it was formatted at: the calls of
    // a drained run mostly start within one (to_string cost ~260 instructions a message).
    int64_t start_text_ms = -1;
    std::string start_text;
    void Flush(PushConsumerImpl* self, const ProcessQueue& pq, const MessageQueue& queue);
  };
  // A listener call for `*batch`, whose messages it may move away.
  void Consume(std::vector<MessageExt>* batch, const std::shared_ptr<ProcessQueue>& pq,
               const MessageQueue& queue, RunTally* tally);
  // Sends `message` back for redelivery: CONSUMER_SEND_MSG_BACK, else a re-send to the retry
  // topic. False when both failed. delay_level 0 lets the broker choose (3 + reconsume
  // times).
  bool SendBack(const MessageExt& message, const MessageQueue& queue, int32_t delay_level = 0);
  // The messages of a refused listener call: sent back, those that could not be are
  // consumed here again later.
  void SendBackRefused(std::vector<MessageExt> batch, const std::shared_ptr<ProcessQueue>& pq,
                       const MessageQueue& queue);
  // CONSUMER_SEND_MSG_BACK alone; delay_level -1 sends the message to the DLQ.
  Status SendMessageBack(const MessageExt& message, const MessageQueue& queue, int32_t delay_level,
                         int32_t max_reconsume);
  // Sends back the messages whose listener call exceeded consume_timeout_minutes, so that
  // a stuck call does not hold back its queue's offset forever.
  void CleanExpiredMessages();
  // Sends `message` to the group's retry topic with these counts in its properties (the
  // broker sends it to the DLQ instead once reconsume_times reaches max_reconsume).
  Status SendBackThroughProducer(const MessageExt& message, int32_t reconsume_times,
                                 int32_t max_reconsume);

  // Orderly consumption (ConsumeMessageOrderlyService).
  void SubmitOrderly(const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& queue,
                     std::chrono::milliseconds delay);
  void ConsumeOrderly(const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& queue);
  // After a refused orderly batch: messages at max_reconsume_times go to the DLQ, the others
  // count one more try. True when the batch must be consumed again (Java's
  // checkReconsumeTimes).
  bool RetryOrderlyLocally(const MessageQueue& queue, std::vector<MessageExt>* batch);
  // LOCK_BATCH_MQ / UNLOCK_BATCH_MQ of queues of one broker; the queues locked.
  Result<std::set<MessageQueue>> LockQueues(const std::string& broker_name,
                                            const std::set<MessageQueue>& queues);
  Status UnlockQueues(const std::string& broker_name, const std::set<MessageQueue>& queues,
                      std::chrono::milliseconds timeout);
  // Renews the broker locks of every assigned queue (every 20 s).
  void LockAll();

  // Changed only by Start(), before any other thread runs: the group gets its namespace.
  ConsumerConfig config_;
  // The group's retry topic, set with the group's namespace by Start().
  std::string retry_topic_;
  MessageListener listener_;
  OrderlyMessageListener orderly_listener_;
  std::unique_ptr<AllocateStrategy> allocate_;
  std::shared_ptr<client::ClientInstance> instance_;
  std::unique_ptr<OffsetStore> offsets_;
  std::shared_ptr<client::ProducerImpl> retry_producer_;
  std::unique_ptr<ThreadPool> consume_pool_;
  client::Scheduler scheduler_;
  ConsumerStats stats_;
  // Set by Start when enable_msg_trace is on.
  std::unique_ptr<client::TraceDispatcher> tracer_;
  std::atomic<State> state_{State::kCreated};
  int64_t start_wall_ms_ = 0;
  // Set at the start of Shutdown: pulls stop, queued consume batches are skipped.
  std::atomic<bool> stopping_{false};
  // Suspend(): pulls wait and pulled batches wait for Resume().
  std::atomic<bool> suspended_{false};

  // Runs waiting for their batches to be taken, oldest first; a run leaves once its last
  // batch is taken. Consume threads take work from here rather than each run asking for a
  // thread of its own: a run queued while a thread asked for has not started yet goes to that
  // thread (one wakeup for a burst of pulls, not one per pull), and a thread that takes work
  // while more is queued asks for the next one, so a slow listener still gets every consume
  // thread (RunWorkers).
  std::mutex runs_mu_;
  std::deque<std::shared_ptr<ConsumeRun>> runs_;
  RunWorkers run_workers_;  // changed under runs_mu_

  // Runs drained on I/O threads (consume_on_io_thread) in progress: Shutdown waits for them
  // as the consume pool's join does for its own.
  std::mutex io_runs_mu_;
  std::condition_variable io_runs_done_;
  int io_runs_ = 0;

  mutable std::mutex mu_;
  // Replaced, never changed in place: a pull may still hold the previous one.
  std::map<std::string, std::shared_ptr<const protocol::SubscriptionData>> subscriptions_;
  // Incremented under mu_ with every change of subscriptions_ (PullSubscription).
  std::atomic<uint64_t> subscriptions_version_{1};
  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> process_queues_;
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_PUSH_CONSUMER_IMPL_H_
