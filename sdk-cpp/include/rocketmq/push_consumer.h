// PushConsumer: receives the messages of its subscriptions and hands them to a listener.
//
// The consumer pulls (long polling) every queue assigned to it and calls the listener with
// batches of at most consume_message_batch_max_size messages. In clustering mode the
// group's consumers share the queues (rebalanced every rebalance_interval_ms and whenever
// the group changes) and the broker keeps each queue's committed offset; a consumer that
// restarts resumes after the last committed message. Delivery is at least once: after a
// crash or a rebalance a message may be delivered again.
//
// Lifecycle: construct, Subscribe() and RegisterMessageListener(), Start(), Shutdown().
// Subscribe may also be called while running.
//
// Threading contract for the listener: it runs on the consumer's consume threads
// (consume_thread_count of them), concurrently for different batches — even of one queue —
// so it must be thread-safe. It must return in bounded time: Shutdown waits for calls in
// progress. Returning kReconsumeLater, or throwing, sends the whole batch back for
// redelivery later (through the group's retry topic, %RETRY%<group>); after
// max_reconsume_times redeliveries the broker moves a message to the group's dead-letter
// queue, %DLQ%<group>. A call still running after consume_timeout_minutes no longer holds
// back its queue's committed offset: its messages are sent back for redelivery.
//
// Orderly listener: one call at a time per queue, in queue order. kSuspendCurrentQueueAMoment
// (or a throw) pauses the queue for suspend_current_queue_time_ms and calls again with the same
// messages; once a message has been retried max_reconsume_times (default: without limit) it
// goes to the dead-letter queue and the queue moves on.
#ifndef ROCKETMQ_PUSH_CONSUMER_H_
#define ROCKETMQ_PUSH_CONSUMER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rocketmq/consumer_config.h"
#include "rocketmq/export.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/status.h"

namespace rocketmq {

enum class ConsumeStatus { kConsumeSuccess, kReconsumeLater };

using MessageListener = std::function<ConsumeStatus(const std::vector<MessageExt>& messages)>;

enum class ConsumeOrderlyStatus { kSuccess, kSuspendCurrentQueueAMoment };

using OrderlyMessageListener =
    std::function<ConsumeOrderlyStatus(const std::vector<MessageExt>& messages)>;

class RMQ_EXPORT PushConsumer {
 public:
  explicit PushConsumer(ConsumerConfig config);
  // A consumer still running is shut down with a short bounded timeout and a warning is
  // logged: call Shutdown() yourself to choose the timeout.
  ~PushConsumer();
  PushConsumer(PushConsumer&&) noexcept;
  PushConsumer& operator=(PushConsumer&&) noexcept;
  PushConsumer(const PushConsumer&) = delete;
  PushConsumer& operator=(const PushConsumer&) = delete;

  // `expression`: "*" for every message, or tags joined by "||" ("TagA || TagB").
  Status Subscribe(const std::string& topic, const std::string& expression = "*");
  // `type` kSql92: `expression` is an SQL92 condition ("a > 5 AND b = 'x'"), passed to the
  // broker as it is.
  Status Subscribe(const std::string& topic, const std::string& expression, ExpressionType type);
  Status Unsubscribe(const std::string& topic);
  // One of the two must be called before Start(); the last one registered is used.
  void RegisterMessageListener(MessageListener listener);
  void RegisterOrderlyListener(OrderlyMessageListener listener);

  Status Start();
  // Stops handing messages to the listener (calls in progress finish) and, shortly after,
  // pulling, until Resume(). The consumer keeps its queues and their offsets.
  void Suspend();
  void Resume();
  // Stops pulling, waits for listener calls in progress, commits every queue's offset to
  // the broker, unregisters from the group and joins every thread, all within `timeout`
  // (except that listener calls in progress are always awaited).
  Status Shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(3));

  const ConsumerConfig& config() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_PUSH_CONSUMER_H_
