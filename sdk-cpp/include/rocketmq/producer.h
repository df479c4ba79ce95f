// Producer: sends messages to a RocketMQ cluster, synchronously, asynchronously or one way,
// singly or in batches, to a queue of the SDK's choosing, a given queue, or one picked by a
// selector (for ordering per key).
//
// Lifecycle: construct with a config, Start(), send, Shutdown(). Start and Shutdown are not
// thread-safe with each other; every send method is thread-safe once started.
//
// Errors are returned, never thrown: Status / Result<SendResult> carry a code
// (InvalidArgument for a bad message, Timeout, Network, BrokerError with the broker's
// response code and remark, IllegalState when not started, ResourceExhausted when too many
// async sends are in flight) and a message naming what failed and why.
//
// Threading contract for callbacks: a SendCallback runs exactly once, on one of the client's
// callback threads (ClientConfig::callback_threads) — never on the caller's thread inside
// SendAsync / SendBatchAsync and never on an I/O thread. A callback may send again. Shutdown waits
// up to its timeout for in-flight async sends; any still pending then complete with Cancelled, on
// the thread calling Shutdown.
#ifndef ROCKETMQ_PRODUCER_H_
#define ROCKETMQ_PRODUCER_H_

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "rocketmq/client_config.h"
#include "rocketmq/export.h"
#include "rocketmq/message.h"
#include "rocketmq/message_queue.h"
#include "rocketmq/send_result.h"
#include "rocketmq/status.h"

namespace rocketmq {

namespace client {
class ClientInstance;
}  // namespace client

// A client instance — connections, I/O and callback threads, the timer thread and the
// route cache — that several producers share instead of each creating its own. Producers
// created with one take the connection settings (nameservers, credentials, threads, TLS)
// from the ClientConfig given here and everything else from their own ProducerConfig. The
// threads start with the first producer's Start() and stop with the last one's Shutdown();
// after that the SharedClient cannot be started again (Start fails with IllegalState).
class RMQ_EXPORT SharedClient {
 public:
  // InvalidArgument for a bad configuration (e.g. no nameserver address).
  static Result<std::shared_ptr<SharedClient>> Create(const ClientConfig& config);
  ~SharedClient();
  SharedClient(const SharedClient&) = delete;
  SharedClient& operator=(const SharedClient&) = delete;

  // "ip@instance": what brokers see for every producer sharing this client.
  const std::string& client_id() const;

 private:
  friend class Producer;
  explicit SharedClient(std::shared_ptr<client::ClientInstance> instance);
  std::shared_ptr<client::ClientInstance> instance_;
};

// Picks the queue for a message among the topic's writable queues (never empty).
using QueueSelector =
    std::function<MessageQueue(const std::vector<MessageQueue>& queues, const Message& message)>;

using SendCallback = std::function<void(const Result<SendResult>& result)>;

class RMQ_EXPORT Producer {
 public:
  explicit Producer(ProducerConfig config);
  // A producer sharing `client` with others (see SharedClient); null means its own.
  Producer(ProducerConfig config, std::shared_ptr<SharedClient> client);
  // A producer still running is shut down with a short bounded timeout and a warning is
  // logged: call Shutdown() yourself to choose the timeout.
  ~Producer();
  Producer(Producer&&) noexcept;
  Producer& operator=(Producer&&) noexcept;
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  Status Start();
  Status Shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(3));

  // Synchronous sends: retried on another queue/broker up to retry_times_when_send_failed times.
  Result<SendResult> Send(const Message& message);
  Result<SendResult> Send(const Message& message, const MessageQueue& queue);
  Result<SendResult> Send(const Message& message, const QueueSelector& selector);
  // Orderly by key: messages with the same sharding key go to the same queue, in order.
  Result<SendResult> SendOrderly(const Message& message, const std::string& sharding_key);

  // A batch: same topic, no delay level, at most max_message_size encoded (see SplitBatch).
  Result<SendResult> SendBatch(const std::vector<Message>& messages);
  Result<SendResult> SendBatch(const std::vector<Message>& messages, const MessageQueue& queue);

  // Asynchronous sends. A non-OK return means the send was not started and the callback will
  // not run; otherwise the callback runs exactly once.
  Status SendAsync(const Message& message, SendCallback callback);
  Status SendAsync(const Message& message, const MessageQueue& queue, SendCallback callback);
  Status SendAsync(const Message& message, const QueueSelector& selector, SendCallback callback);
  std::future<Result<SendResult>> SendAsync(const Message& message);

  // Asynchronous batches: SendBatch's rules, encoding and result (the message ids joined by
  // commas) with SendAsync's contract — retries as retry_times_when_send_async_failed allows
  // (none to a given queue), the send timeout, a callback run exactly once on a callback
  // thread, Cancelled by Shutdown. A batch holds one max_async_in_flight slot, whatever its
  // size. A batch that breaks the rules is refused here (InvalidArgument), not in the callback.
  Status SendBatchAsync(const std::vector<Message>& messages, SendCallback callback);
  Status SendBatchAsync(const std::vector<Message>& messages, const MessageQueue& queue,
                        SendCallback callback);
  std::future<Result<SendResult>> SendBatchAsync(const std::vector<Message>& messages);

  // One way: no answer from the broker, no retry; OK means the request was written.
  Status SendOneway(const Message& message);
  Status SendOneway(const Message& message, const MessageQueue& queue);
  Status SendOneway(const Message& message, const QueueSelector& selector);

  // The topic's writable queues, from the nameserver's route.
  Result<std::vector<MessageQueue>> FetchPublishQueues(const std::string& topic);

  const ProducerConfig& config() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

// Splits messages into batches of at most max_batch_bytes encoded bytes each, keeping order.
RMQ_EXPORT std::vector<std::vector<Message>> SplitBatch(const std::vector<Message>& messages,
                                                        size_t max_batch_bytes = 4 * 1024 * 1024);

}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_H_
