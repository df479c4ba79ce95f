// AsyncCoalescer: turns async sends that pile up into batches (ProducerConfig::
// coalesce_async_sends), so that a busy producer sends few large requests instead of many
// small ones, while every message keeps its own callback and SendResult.
//
// Per topic, at most `max_in_flight` coalesced requests are in flight. A send that finds
// fewer leaves at once, together with whatever waited; otherwise it waits, and the answer to
// a request sends everything that waited meanwhile before the answered messages' callbacks
// run. So an idle producer adds no delay, and under load each request carries what arrived
// during one round trip. A topic's waiting batch is bounded (max_messages, max_bytes): a send
// that finds it full and every request in flight waits for room up to its deadline.
//
// Thread-safe. Requests go out on the adding thread or on a callback thread (the one that ran
// the previous answer); callbacks always run on callback threads.
#ifndef ROCKETMQ_PRODUCER_ASYNC_COALESCER_H_
#define ROCKETMQ_PRODUCER_ASYNC_COALESCER_H_

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "rocketmq/client_config.h"
#include "rocketmq/message.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace client {

class AsyncCoalescer : public std::enable_shared_from_this<AsyncCoalescer> {
 public:
  // Starts an async batch send (ProducerImpl's, with its retries): OK means `done` runs
  // exactly once on a callback thread; an error means it never runs.
  using SendBatch = std::function<Status(const std::vector<Message>& batch, SendCallback done)>;
  // Runs a task on a callback thread (RemotingClient::RunOnCallbackThread).
  using RunOnCallbackThread = std::function<Status(std::function<void()> task)>;

  struct Limits {
    size_t max_messages = 256;
    size_t max_bytes = 4 * 1024 * 1024;  // of the encoded batch body
    size_t max_in_flight = 4;            // coalesced requests per topic
  };

  AsyncCoalescer(Limits limits, SendBatch send, RunOnCallbackThread run);

  // Whether `message` may travel in a coalesced batch under `config` (see ProducerConfig::
  // coalesce_async_sends for what is sent alone).
  static bool Eligible(const Message& message, const ProducerConfig& config);

  // Queues a valid, eligible message whose UNIQ_KEY property is `id`. OK: `callback` will run
  // exactly once. ResourceExhausted when its topic's waiting batch stayed full until
  // `deadline`; the callback then never runs.
  Status Add(Message message, std::string id, SendCallback callback,
             const clock::Deadline& deadline);

  // Sends every waiting message now, however many requests are in flight (at shutdown).
  void Flush();

 private:
  struct Waiting {
    Message message;
    std::string id;
    SendCallback callback;
  };
  struct Topic {
    std::vector<Waiting> waiting;
    size_t bytes = 0;
    size_t in_flight = 0;
  };
  // What a request carried, for handing each message its own result.
  struct Sent {
    std::vector<std::string> ids;
    std::vector<SendCallback> callbacks;
  };

  // Takes the topic's waiting messages as one request now in flight. Under mu_.
  static std::vector<Waiting> Take(Topic* topic);
  void Dispatch(const std::string& topic, std::vector<Waiting> batch);
  void OnAnswered(const std::string& topic, const std::shared_ptr<Sent>& sent,
                  const Result<SendResult>& result);
  static void Deliver(const Sent& sent, const Result<SendResult>& result);

  const Limits limits_;
  const SendBatch send_;
  const RunOnCallbackThread run_;
  std::mutex mu_;
  std::condition_variable room_;
  std::unordered_map<std::string, Topic> topics_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_ASYNC_COALESCER_H_
