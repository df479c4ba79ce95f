// LitePullConsumer: the application pulls. It either subscribes to topics — its queues then
// come from the group's rebalancing, as for a push consumer — or assigns itself queues;
// Poll() returns the next messages of its queues; Seek() moves a queue's position and Commit() (or
// auto-commit) records the progress — on the broker in clustering mode, in a local file in
// broadcasting mode.
//
// Lifecycle: construct, Subscribe() (before or after Start) or Assign() (after Start),
// Poll() in a loop, Shutdown(). A consumer uses Subscribe or Assign, not both. Messages are
// fetched ahead in the background (long polling, one request per queue at a time, at most
// pull_threshold_for_queue messages buffered per queue).
//
// Threading: Poll, Seek, Commit, CommitAsync and Assign are thread-safe; Poll is meant for one
// thread. With auto_commit, each Poll marks everything returned by the previous Polls as consumed;
// offsets reach the store every persist_consumer_offset_interval_ms and at Shutdown.
#ifndef ROCKETMQ_LITE_PULL_CONSUMER_H_
#define ROCKETMQ_LITE_PULL_CONSUMER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rocketmq/consumer_config.h"
#include "rocketmq/export.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {

class RMQ_EXPORT LitePullConsumer {
 public:
  // `auto_commit`: see the file comment; without it only Commit() records progress.
  explicit LitePullConsumer(ConsumerConfig config, bool auto_commit = true);
  // A consumer still running is shut down with a short bounded timeout.
  ~LitePullConsumer();
  LitePullConsumer(LitePullConsumer&&) noexcept;
  LitePullConsumer& operator=(LitePullConsumer&&) noexcept;
  LitePullConsumer(const LitePullConsumer&) = delete;
  LitePullConsumer& operator=(const LitePullConsumer&) = delete;

  Status Start();
  // Commits (with auto_commit) and persists offsets, then stops, within `timeout`.
  Status Shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(3));

  // The topic's readable queues, from the nameserver's route.
  Result<std::vector<MessageQueue>> FetchMessageQueues(const std::string& topic);
  // Consume the queues of `topic` this consumer is given by the group's rebalancing (every
  // rebalance_interval_ms and when the group changes); `expression` as for PushConsumer.
  Status Subscribe(const std::string& topic, const std::string& expression = "*");
  // As for PushConsumer: kSql92 passes `expression` to the broker as an SQL92 condition.
  Status Subscribe(const std::string& topic, const std::string& expression, ExpressionType type);
  // Consume exactly these queues from now on, each from its committed offset (else per
  // consume_from_where); queues no longer listed are dropped. Requires Start().
  Status Assign(const std::vector<MessageQueue>& queues);
  // Up to pull_batch_size messages, waiting up to `timeout` for the first; empty on timeout.
  Result<std::vector<MessageExt>> Poll(std::chrono::milliseconds timeout);
  // The next Poll returns `queue`'s messages from `offset` on.
  Status Seek(const MessageQueue& queue, int64_t offset);
  // Records everything Poll returned so far as consumed and persists it now.
  Status Commit();
  // As Commit, but persists in the background: `done` (may be empty) runs exactly once with
  // the outcome, on the consumer's timer thread, or on the thread calling Shutdown if that
  // comes first. `done` must not call Shutdown. Non-OK (and no callback) if not running.
  Status CommitAsync(std::function<void(const Status&)> done);

  const ConsumerConfig& config() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_LITE_PULL_CONSUMER_H_
