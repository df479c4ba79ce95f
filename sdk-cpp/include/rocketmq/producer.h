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
#include "rocketmq/message_ext.h"
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

// The reply to a request (Producer::RequestAsync), or why there is none.
using RequestCallback = std::function<void(const Result<MessageExt>& reply)>;

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

  // Request-reply (Java's DefaultMQProducer.request): sends `message` with a fresh
  // CORRELATION_ID, REPLY_TO_CLIENT (this client's id) and TTL (the timeout), and waits for
  // the reply a responder creates with CreateReplyMessage and sends to the cluster's
  // `<cluster>_REPLY_TOPIC`; the broker pushes it to this client over its connection. The
  // message is sent as SendAsync sends (the producer's send timeout and retries); a topic
  // with no route yet is looked up and every broker is sent a heartbeat first, since a
  // broker pushes replies only to clients whose producer heartbeat it holds.
  // Errors: Timeout when no reply comes within `timeout` (the message says whether the
  // request was sent), the send's error when it could not be sent, InvalidArgument for a
  // non-positive timeout or a bad message, Cancelled when the client shuts down first. A
  // reply arriving after its timeout is dropped (logged at debug).
  Result<MessageExt> Request(const Message& message, std::chrono::milliseconds timeout);
  // As Request without blocking: a non-OK return means nothing was sent and the callback
  // will not run; otherwise the callback runs exactly once, on a client callback thread,
  // with the reply or the error (Timeout comes at most ~200 ms after the deadline).
  Status RequestAsync(const Message& message, std::chrono::milliseconds timeout,
                      RequestCallback callback);
  std::future<Result<MessageExt>> RequestAsync(const Message& message,
                                               std::chrono::milliseconds timeout);

  // The topic's writable queues, from the nameserver's route.
  Result<std::vector<MessageQueue>> FetchPublishQueues(const std::string& topic);

  const ProducerConfig& config() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

// The reply to `request` (a message a consumer received from a Producer::Request or Java's
// DefaultMQProducer.request), to send with any Producer's Send: topic
// `<CLUSTER>_REPLY_TOPIC`, MSG_TYPE=reply, and the request's CORRELATION_ID, REPLY_TO_CLIENT
// and TTL (Java's MessageUtil.createReplyMessage). Producers send such messages with
// SEND_REPLY_MESSAGE_V2; the broker answers SYSTEM_ERROR (BrokerError) when the requester is
// gone, although it may have stored the reply. InvalidArgument when the request has no
// CLUSTER property (every broker adds it to the messages it stores).
RMQ_EXPORT Result<Message> CreateReplyMessage(const Message& request, std::string body);

// Splits messages into batches of at most max_batch_bytes encoded bytes each, keeping order.
RMQ_EXPORT std::vector<std::vector<Message>> SplitBatch(const std::vector<Message>& messages,
                                                        size_t max_batch_bytes = 4 * 1024 * 1024);

}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_H_
