// ScheduleMessageService: delivers the delayed messages waiting in SCHEDULE_TOPIC_XXXX to
// their real topics when they are due (Apache 4.9 ScheduleMessageService, protocol.md §8.5).
//
// Level L's messages sit in queue L - 1 in the order they were stored, each with its
// delivery time as ConsumeQueue tags code (schedule_topic.h). Within a level every message
// has the same delay, so the queue is also in delivery-time order: the service keeps one
// offset per level (DelayOffsetTable, delayOffset.json) and delivers from it while the head
// is due, storing each message again in its real topic (RestoreFromScheduleTopic) with
// WAIT=false, then moves the offset past it. Order within a level is kept; levels are
// independent.
//
// One owned thread serves every level: it sleeps until the earliest known delivery time of
// any level (the store's dispatch of a new scheduled message, OnDispatched(), brings that
// time forward), re-checks idle levels every second, and spreads a large backlog over
// several rounds so that one level cannot hold back the others. A delivery time further
// ahead than the level's delay (a clock that moved back) counts as due, as in Apache.
//
// Bad data never stalls a level: a record that cannot be read or restored, a REAL_TOPIC the
// broker does not know (deleted meanwhile) or the transaction half topic is logged and
// skipped. A refused store write is retried a second later from the same message (warned
// about once a minute while it lasts).
//
// Offsets are persisted every flushDelayOffsetInterval (first after 10 s, as in Apache)
// when they changed, and at Shutdown(); after a crash the messages delivered since the last
// persist are delivered again (at least once, as in Apache).
#ifndef ROCKETMQ_BROKER_SCHEDULE_SCHEDULE_MESSAGE_SERVICE_H_
#define ROCKETMQ_BROKER_SCHEDULE_SCHEDULE_MESSAGE_SERVICE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "broker/schedule/delay_level_table.h"
#include "broker/schedule/delay_offset_table.h"
#include "rocketmq/status.h"
#include "store/dispatch_request.h"
#include "store/message_store.h"

namespace rocketmq {
namespace broker {
namespace schedule {

class ScheduleMessageService {
 public:
  // Whether the broker serves `topic`; deliveries to other topics are dropped.
  using TopicExists = std::function<bool(const std::string& topic)>;

  struct Options {
    // delayOffset.json; empty keeps the offsets in memory only.
    std::string offsets_path;
    // Apache flushDelayOffsetInterval.
    int64_t flush_delay_offset_interval_ms = 10000;
  };

  // `store` must outlive the service and be started before Start().
  ScheduleMessageService(store::MessageStore* store, DelayLevelTable levels, Options options,
                         TopicExists topic_exists);
  // Shutdown()s.
  ~ScheduleMessageService();
  ScheduleMessageService(const ScheduleMessageService&) = delete;
  ScheduleMessageService& operator=(const ScheduleMessageService&) = delete;

  // Loads delayOffset.json (an unreadable file is an error naming it), moves offsets that
  // lie outside their queue back inside it, and starts the thread.
  Status Start();
  // Stops the thread (after the deliveries in flight, each bounded) and persists the
  // offsets. Idempotent; a service never started writes nothing.
  void Shutdown();

  // The store's dispatch listener calls this for every record; records of the schedule
  // topic wake the thread in time for their delivery. Cheap; any thread.
  void OnDispatched(const store::DispatchRequest& request);

  Status PersistOffsets();
  // Apache's runtime statistics: "scheduleMessageOffset_<level>" = "<offset>,<max offset>"
  // for every level that has delivered something.
  void BuildRunningStats(std::map<std::string, std::string>* stats) const;

  const DelayLevelTable& levels() const { return levels_; }
  const DelayOffsetTable& offsets() const { return offsets_; }

 private:
  struct Step;
  void Run();
  // Delivers what is due in one level; returns when to look at it again (epoch ms).
  int64_t DeliverLevel(int32_t level);
  // Fills `step` for the head of the level at `offset`; false when nothing is due.
  bool NextStep(int32_t level, int64_t offset, Step* step, int64_t* next_check);
  void CorrectOffsets();
  void MaybePersist(bool force);

  store::MessageStore* const store_;
  const DelayLevelTable levels_;
  const Options options_;
  const TopicExists topic_exists_;
  DelayOffsetTable offsets_;

  std::mutex mutex_;
  std::condition_variable wake_;
  // Per level (index level - 1): when to look at it next, epoch ms.
  std::vector<int64_t> next_check_;
  bool woken_ = false;
  // Per level: store writes refused in a row (the delivery thread's own).
  std::vector<int> failed_attempts_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  std::thread thread_;

  std::mutex persist_mutex_;
  std::map<int32_t, int64_t> persisted_;
};

}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SCHEDULE_SCHEDULE_MESSAGE_SERVICE_H_
