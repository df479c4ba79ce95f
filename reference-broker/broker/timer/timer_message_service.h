// TimerMessageService: delivers the messages parked in rmq_sys_wheel_timer (timer_message.h)
// to their real topics at their due time (TIMER_OUT_MS).
//
// The timer topic's queue 0 is the durable log, in arrival order. One owned thread reads it
// from `read offset` on and keeps, per parked message, 16 bytes in memory (due time, queue
// offset) in a min-heap ordered by due time; it sleeps until the earliest due time (a newly
// dispatched timer message wakes it), reads each due message again from the store, restores
// it (RestoreFromTimerTopic) and stores it in its real topic.
//
// Progress survives restarts through config/timerProgress.json: the read offset R, the
// lowest queue offset still pending W, and T, a time up to which every message read below R
// was delivered. At start-up the queue is read again from W, skipping the entries below R
// due no later than T; everything else is pending again, so due times that passed while the
// broker was down are delivered at once. A crash after a delivery and before the next write
// of the file (every second while deliveries happen, and at shutdown) delivers it again:
// at least once, as 5.x.
//
// Memory is bounded by `max_pending` entries: beyond it the thread stops reading the queue
// until deliveries make room (messages further down the queue are then late).
#ifndef ROCKETMQ_BROKER_TIMER_TIMER_MESSAGE_SERVICE_H_
#define ROCKETMQ_BROKER_TIMER_TIMER_MESSAGE_SERVICE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "rocketmq/status.h"
#include "store/dispatch_request.h"
#include "store/message_store.h"

namespace rocketmq {
namespace broker {
namespace timer {

class TimerMessageService {
 public:
  // Whether the broker serves `topic`; deliveries to other topics are dropped.
  using TopicExists = std::function<bool(const std::string& topic)>;

  struct Options {
    // timerProgress.json; empty keeps the progress in memory only.
    std::string progress_path;
    // Parked messages held in memory at most (16 bytes each).
    size_t max_pending = size_t{1} << 22;
  };

  // `store` must outlive the service and be started before Start().
  TimerMessageService(store::MessageStore* store, Options options, TopicExists topic_exists);
  ~TimerMessageService();
  TimerMessageService(const TimerMessageService&) = delete;
  TimerMessageService& operator=(const TimerMessageService&) = delete;

  // Loads the progress file (an unreadable one is an error naming it) and starts the thread.
  Status Start();
  // Stops the thread after the deliveries in flight and writes the progress. Idempotent.
  void Shutdown();

  // The store's dispatch listener: a new timer message wakes the thread. Any thread.
  void OnDispatched(const store::DispatchRequest& request);

  // Parked messages read and not yet delivered.
  size_t pending() const { return pending_.load(); }

 private:
  struct Entry {
    int64_t due_ms;
    int64_t queue_offset;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.due_ms != b.due_ms ? a.due_ms > b.due_ms : a.queue_offset > b.queue_offset;
    }
  };

  void Run();
  // Reads newly parked messages into the heap, up to max_pending.
  void ReadQueue();
  // Delivers every entry due at `now`; false when the store refused one (retried later).
  bool DeliverDue(int64_t now);
  Status LoadProgress();
  void PersistProgress();

  store::MessageStore* const store_;
  const Options options_;
  const TopicExists topic_exists_;

  // The delivery thread's own. A min-heap by due time (std::push_heap with Later), kept as a
  // vector so that the lowest queue offset can be found for the progress file.
  std::vector<Entry> heap_;
  int64_t read_offset_ = 0;
  int64_t delivered_up_to_ = 0;
  // From the progress file: entries below skip_below_ due no later than skip_up_to_ were
  // delivered before the restart.
  int64_t skip_below_ = 0;
  int64_t skip_up_to_ = 0;
  bool dirty_ = false;
  int failures_ = 0;
  std::atomic<size_t> pending_{0};

  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  std::thread thread_;
};

}  // namespace timer
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TIMER_TIMER_MESSAGE_SERVICE_H_
