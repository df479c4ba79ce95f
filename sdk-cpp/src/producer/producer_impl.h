// ProducerImpl: everything behind rocketmq::Producer.
//
// Send path: PrepareMessage (validate, UNIQ_KEY, compress) -> FindPublishInfo (route cache,
// nameserver, then the auto-creation template) -> FaultStrategy picks a queue -> the
// broker's master address -> SEND_MESSAGE_V2 -> ParseSendResponse. Sync sends retry on
// another queue (another broker when there is one) after a network failure, a timeout or
// a retryable response code, within one overall send timeout. Async sends do the same
// from the callback executor, bounded by an in-flight limit; every async send completes
// exactly once, through AsyncSend::Complete.
#ifndef ROCKETMQ_PRODUCER_PRODUCER_IMPL_H_
#define ROCKETMQ_PRODUCER_PRODUCER_IMPL_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client/broker_backoff.h"
#include "client/client_instance.h"
#include "client/fault_strategy.h"
#include "common/clock.h"
#include "producer/async_coalescer.h"
#include "producer/in_flight_limiter.h"
#include "producer/send_request.h"
#include "producer/timer_support.h"
#include "producer/trace_dispatcher.h"
#include "rocketmq/producer.h"
#include "rocketmq/transaction_producer.h"

namespace rocketmq {
namespace client {

class ProducerImpl : public std::enable_shared_from_this<ProducerImpl> {
 public:
  // `instance` null: the producer creates its own client instance at Start.
  ProducerImpl(ProducerConfig config, std::shared_ptr<ClientInstance> instance);
  ~ProducerImpl();

  Status Start();
  Status Shutdown(std::chrono::milliseconds timeout);
  bool running() const { return state_.load() == State::kRunning; }

  Result<SendResult> Send(const Message& message);
  Result<SendResult> Send(const Message& message, const MessageQueue& queue);
  Result<SendResult> Send(const Message& message, const QueueSelector& selector);
  Result<SendResult> SendBatch(const std::vector<Message>& messages);
  Result<SendResult> SendBatch(const std::vector<Message>& messages, const MessageQueue& queue);

  Status SendAsync(const Message& message, SendCallback callback);
  Status SendAsync(const Message& message, const MessageQueue& queue, SendCallback callback);
  Status SendAsync(const Message& message, const QueueSelector& selector, SendCallback callback);
  Status SendBatchAsync(const std::vector<Message>& messages, SendCallback callback);
  Status SendBatchAsync(const std::vector<Message>& messages, const MessageQueue& queue,
                        SendCallback callback);

  Status SendOneway(const Message& message);
  Status SendOneway(const Message& message, const MessageQueue& queue);
  Status SendOneway(const Message& message, const QueueSelector& selector);

  Result<std::vector<MessageQueue>> FetchPublishQueues(const std::string& topic);

  // Request-reply (see Producer::Request).
  Result<MessageExt> Request(const Message& message, std::chrono::milliseconds timeout);
  Status RequestAsync(const Message& message, std::chrono::milliseconds timeout,
                      RequestCallback callback);

  // A transaction's half message, sent and retried as Send(message) does, with sysFlag
  // PREPARED when the message carries TRAN_MSG=true (Java's sendKernelImpl).
  Result<SendResult> SendHalfMessage(const Message& message);

  // The trace of an END_TRANSACTION sent for `message` (a no-op without enableMsgTrace).
  void TraceEndTransaction(const Message& message, const std::string& msg_id,
                           const std::string& transaction_id, const std::string& broker_address,
                           TransactionState state, bool from_check);

  const ProducerConfig& config() const { return config_; }
  // For tests: the fault strategy steering queue choice.
  FaultStrategy& fault_strategy() { return fault_; }

 private:
  enum class State { kCreated, kRunning, kStopped };
  struct AsyncSend;

  Status CheckRunning() const;
  std::chrono::milliseconds SendTimeout() const {
    return std::chrono::milliseconds(config_.send_timeout_ms);
  }

  // The topic's publish info: cached, else from the nameserver, else (topic unknown there)
  // from the auto-creation template's route.
  Result<std::shared_ptr<TopicPublishInfo>> FindPublishInfo(const std::string& topic,
                                                            const clock::Deadline& deadline);
  // The cached publish info, NotFound if there is none with a writable queue.
  Result<std::shared_ptr<TopicPublishInfo>> CachedPublishInfo(const std::string& topic);
  // Caches and returns the route of the template topic for `topic`, which the nameserver
  // does not know (`route_error`); brokers create the topic on its first message.
  Result<std::shared_ptr<TopicPublishInfo>> UseTemplateRoute(
      const std::string& topic, const Status& route_error, Result<protocol::TopicRouteData> templ);
  using PublishInfoCallback = std::function<void(Result<std::shared_ptr<TopicPublishInfo>>)>;
  // FindPublishInfo without the cache and without blocking: `done` runs once on a client
  // callback thread, unless the lookup cannot start (a non-OK return).
  Status LookUpPublishInfoAsync(const std::string& topic, const clock::Deadline& deadline,
                                PublishInfoCallback done);
  Result<std::string> FindBrokerAddress(const MessageQueue& queue, const clock::Deadline& deadline);
  // OK unless `message` is a timer message and the broker at `address` is too old to honour
  // it (timer_support.h); may ask the broker once, within the deadline.
  Status CheckTimerSupport(const PreparedMessage& message, const MessageQueue& queue,
                           const std::string& address, const clock::Deadline& deadline);
  // The selector sees the queues with the user's topic; the result is a wire queue.
  Result<MessageQueue> SelectWithSelector(const PreparedMessage& prepared, const Message& message,
                                          const QueueSelector& selector,
                                          const clock::Deadline& deadline);
  static Status CheckQueueTopic(const std::string& topic, const MessageQueue& queue);
  // A user's queue as the server names it (topic in the namespace), and back.
  MessageQueue ToWire(MessageQueue queue) const;
  MessageQueue FromWire(MessageQueue queue) const;

  // Adds the request properties to a copy of `message`, makes sure brokers know this client
  // (route and heartbeat, as Java's prepareSendRequest), lists the request in the client's
  // reply table and sends it asynchronously. *correlation_id receives the request's id. An
  // error means nothing is listed and `callback` will not run.
  Status StartRequest(const Message& message, std::chrono::milliseconds timeout,
                      RequestCallback callback, std::string* correlation_id);

  // Queues the Pub traces of a send that got `result` from `address` (enableMsgTrace only;
  // trace_hooks.h: one per single, one per application batch, one per coalesced message),
  // which the trace dispatcher's thread builds.
  void TracePub(const std::shared_ptr<const PreparedMessage>& message, const SendResult& result,
                const std::string& address, int64_t cost_ms);

  // Sync send with retries over the topic's queues.
  Result<SendResult> SendWithRetries(const std::shared_ptr<const PreparedMessage>& message);
  // One sync attempt to `queue`; reports the outcome to the fault strategy. `response_code`
  // receives the broker's code when it answered (-1 otherwise).
  Result<SendResult> SendOnce(const std::shared_ptr<const PreparedMessage>& message,
                              const MessageQueue& queue, const clock::Deadline& deadline,
                              int32_t* response_code);
  Status SendOnewayTo(const std::shared_ptr<const PreparedMessage>& message,
                      const MessageQueue& queue);
  // Sleeps out the pause of a broker found dead just now (BrokerBackoff); when the pause
  // outlasts `deadline`, sleeps until the deadline and fails, saying when the next attempt is
  // allowed.
  Status WaitOutBackoff(const MessageQueue& queue, const std::string& address,
                        const clock::Deadline& deadline);
  // The error of an attempt not made because `address` is in its pause for `wait_ms` more.
  Status BackoffError(const MessageQueue& queue, const std::string& address, int64_t wait_ms) const;
  // Tells the backoff whether `address` answered.
  void ReportTransport(const std::string& address, const Result<remoting::RemotingCommand>& r);

  // SendAsync through the coalescer (config_.coalesce_async_sends).
  Status SendCoalesced(const Message& message, SendCallback callback);
  // The coalescer's requests: SendBatchAsync without the running check, so that what waited
  // still leaves during Shutdown.
  Status SendCoalescedBatch(const std::vector<Message>& batch, SendCallback callback);

  // Async counterparts of SendWithRetries and SendOnce for a prepared message or batch.
  Status SendAsyncWithRetries(std::shared_ptr<const PreparedMessage> message,
                              SendCallback callback);
  Status SendAsyncTo(std::shared_ptr<const PreparedMessage> message, const MessageQueue& queue,
                     const clock::Deadline& deadline, SendCallback callback);
  Status StartAsync(std::shared_ptr<AsyncSend> send);
  // Looks the route up asynchronously, then makes the first attempt from its answer.
  Status LookUpRouteThenAttempt(const std::shared_ptr<AsyncSend>& send);
  // Starts the next attempt of `send`; an error means no attempt could be started.
  Status AsyncAttempt(const std::shared_ptr<AsyncSend>& send);
  // The error of send's last failed attempt; Timeout if none has failed.
  static Status LastError(const AsyncSend& send);
  // The answer to the attempt described by send's queue, address and begin_ms.
  void OnAsyncResponse(const std::shared_ptr<AsyncSend>& send,
                       Result<remoting::RemotingCommand> response);
  // The next attempt after a failed one, or the send's completion with its last error.
  void RetryAsync(const std::shared_ptr<AsyncSend>& send);
  void Complete(const std::shared_ptr<AsyncSend>& send, const Result<SendResult>& result);
  // The list of async sends not completed yet, which Shutdown cancels. Unlisting twice is
  // harmless.
  void ListPending(const std::shared_ptr<AsyncSend>& send);
  void UnlistPending(AsyncSend* send);

  ProducerConfig config_;
  std::shared_ptr<ClientInstance> instance_;
  FaultStrategy fault_;
  BrokerBackoff backoff_;
  BrokerVersions broker_versions_;
  InFlightLimiter in_flight_;
  // Set at Start when config_.coalesce_async_sends.
  std::shared_ptr<AsyncCoalescer> coalescer_;
  std::atomic<State> state_{State::kCreated};
  // Set by Start when enable_msg_trace is on.
  std::unique_ptr<TraceDispatcher> tracer_;
  // Serialises nameserver lookups for unknown topics so that a burst of first sends asks
  // once, not once per thread.
  std::mutex route_mu_;
  // Held by a request while it makes sure the brokers of its topic know this client.
  std::mutex request_route_mu_;
  // Async sends not completed yet, so that Shutdown can cancel whatever is left: an
  // intrusive list, so that listing a send allocates nothing under the lock every sender and
  // callback thread takes.
  std::mutex async_mu_;
  AsyncSend* pending_async_ = nullptr;
  // Completed sends, oldest first, guarded by async_mu_: each new send frees up to two of
  // them on its sender thread. Freed on the callback thread, a send's message went to that
  // thread's malloc cache while the sender's stayed empty: every send paid malloc's slow
  // paths on both threads (~15% of the producer's CPU in async 4x256).
  std::vector<std::shared_ptr<AsyncSend>> finished_ring_;
  size_t finished_head_ = 0;
  size_t finished_count_ = 0;
  size_t finished_body_bytes_ = 0;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_PRODUCER_IMPL_H_
