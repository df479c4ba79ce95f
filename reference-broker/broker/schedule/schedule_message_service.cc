#include "broker/schedule/schedule_message_service.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <limits>
#include <utility>

#include "broker/schedule/schedule_topic.h"
#include "broker/topic_validator.h"
#include "common/clock.h"
#include "common/logging.h"
#include "store/get_message_result.h"

namespace rocketmq {
namespace broker {
namespace schedule {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
// How often a level with nothing known to be due is looked at anyway; a dispatched
// message wakes the thread earlier, so this only bounds what a missed wake-up costs.
constexpr int64_t kIdleRecheckMs = 1000;
// After the store refused a delivery (full disk, shutting down).
constexpr int64_t kRetryAfterFailureMs = 1000;
// Failed attempts in a row between two warnings.
constexpr int kFailureLogEvery = 60;
// Apache persists the offsets first 10 s after start.
constexpr int64_t kFirstPersistDelayMs = 10000;
// Deliveries handed to the store before waiting for their results.
constexpr size_t kPipelineDepth = 32;
// Batches one level may deliver before the other levels get their turn.
constexpr int kMaxBatchesPerTurn = 16;
// The store answers a WAIT=false put once it is appended; this only bounds a stuck store.
constexpr std::chrono::seconds kPutTimeout{10};

// Apache's correctDeliverTimestamp: a delivery time beyond now + the level's delay can only
// come from a clock that moved back, and counts as due.
int64_t CorrectDeliverTimestamp(int64_t now, int64_t deliver_timestamp, int64_t delay_ms) {
  return deliver_timestamp > now + delay_ms ? now : deliver_timestamp;
}

// Passes the due head of a level: entries in queue order up to the first one not yet due,
// whose delivery time it keeps; nothing after that one.
class DueFilter final : public store::MessageFilter {
 public:
  DueFilter(int64_t now, int64_t delay_ms) : now_(now), delay_ms_(delay_ms) {}

  bool IsMatchedByConsumeQueue(int64_t tags_code) const override {
    if (blocked_) return false;
    const int64_t due = CorrectDeliverTimestamp(now_, tags_code, delay_ms_);
    if (due <= now_) return true;
    blocked_ = true;
    next_due_ = due;
    return false;
  }
  bool IsMatchedByCommitLog(std::string_view) const override { return true; }

  bool blocked() const { return blocked_; }
  int64_t next_due() const { return next_due_; }

 private:
  const int64_t now_;
  const int64_t delay_ms_;
  // GetMessage takes a const filter; these record what it saw.
  mutable bool blocked_ = false;
  mutable int64_t next_due_ = 0;
};

}  // namespace

// One move of a level's offset: a delivery handed to the store, a skipped record, or a
// correction of an offset outside the queue.
struct ScheduleMessageService::Step {
  int64_t next_offset = 0;
  std::string topic;
  std::future<store::PutMessageResult> put;
};

ScheduleMessageService::ScheduleMessageService(store::MessageStore* store, DelayLevelTable levels,
                                               Options options, TopicExists topic_exists)
    : store_(store),
      levels_(std::move(levels)),
      options_(std::move(options)),
      topic_exists_(std::move(topic_exists)),
      offsets_(options_.offsets_path),
      next_check_(static_cast<size_t>(levels_.max_level()), 0),
      failed_attempts_(static_cast<size_t>(levels_.max_level()), 0) {}

ScheduleMessageService::~ScheduleMessageService() { Shutdown(); }

Status ScheduleMessageService::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_ || stopping_) return Status::IllegalState("the schedule service was started before");
  Status loaded = offsets_.Load();
  if (!loaded.ok()) return loaded.WithContext("cannot load the delay offsets");
  CorrectOffsets();
  {
    std::lock_guard<std::mutex> persist_lock(persist_mutex_);
    persisted_ = offsets_.Snapshot();
  }
  started_ = true;
  thread_ = std::thread([this] { Run(); });
  pthread_setname_np(thread_.native_handle(), "schedule");
  RMQ_LOG_INFO << "schedule service started: " << levels_.max_level() << " delay levels";
  return Status::OK();
}

void ScheduleMessageService::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    if (!started_) return;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  MaybePersist(true);
}

void ScheduleMessageService::OnDispatched(const store::DispatchRequest& request) {
  if (request.topic != topic::kScheduleTopic) return;
  const int32_t level = DelayLevelTable::LevelOf(request.queue_id);
  if (level < 1 || level > levels_.max_level()) return;
  const int64_t due =
      CorrectDeliverTimestamp(clock::WallMillis(), request.tags_code, levels_.DelayMillis(level));
  std::lock_guard<std::mutex> lock(mutex_);
  int64_t& next = next_check_[static_cast<size_t>(level - 1)];
  if (due < next) {
    next = due;
    woken_ = true;
    wake_.notify_one();
  }
}

Status ScheduleMessageService::PersistOffsets() {
  std::lock_guard<std::mutex> lock(persist_mutex_);
  std::map<int32_t, int64_t> snapshot = offsets_.Snapshot();
  RMQ_RETURN_IF_ERROR(offsets_.Persist());
  persisted_ = std::move(snapshot);
  return Status::OK();
}

void ScheduleMessageService::BuildRunningStats(std::map<std::string, std::string>* stats) const {
  for (const auto& [level, offset] : offsets_.Snapshot()) {
    const int64_t max_offset =
        store_->GetMaxOffsetInQueue(topic::kScheduleTopic, DelayLevelTable::QueueIdOf(level));
    (*stats)["scheduleMessageOffset_" + std::to_string(level)] =
        std::to_string(offset) + "," + std::to_string(max_offset);
  }
}

void ScheduleMessageService::MaybePersist(bool force) {
  {
    std::lock_guard<std::mutex> lock(persist_mutex_);
    if (!force && offsets_.Snapshot() == persisted_) return;
  }
  Status s = PersistOffsets();
  if (!s.ok()) {
    RMQ_LOG_ERROR << "cannot persist the delay offsets: " << s.ToString();
  }
}

// Apache's correctDelayOffset: an offset outside its queue (files deleted or expired,
// another store copied in) would otherwise point at nothing forever.
void ScheduleMessageService::CorrectOffsets() {
  for (const auto& [level, offset] : offsets_.Snapshot()) {
    if (level > levels_.max_level()) continue;
    const int32_t queue_id = DelayLevelTable::QueueIdOf(level);
    const int64_t min = store_->GetMinOffsetInQueue(topic::kScheduleTopic, queue_id);
    const int64_t max = store_->GetMaxOffsetInQueue(topic::kScheduleTopic, queue_id);
    const int64_t corrected = std::clamp(offset, min, std::max(min, max));
    if (corrected != offset) {
      RMQ_LOG_WARN << "delay level " << level << ": offset " << offset << " is outside its queue ["
                   << min << ", " << max << "]; continuing at " << corrected;
      offsets_.Set(level, corrected);
    }
  }
}

void ScheduleMessageService::Run() {
  int64_t next_persist = clock::MonotonicMillis() + kFirstPersistDelayMs;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    const int64_t now = clock::WallMillis();
    std::vector<int32_t> due_levels;
    for (size_t i = 0; i < next_check_.size(); ++i) {
      if (next_check_[i] > now) continue;
      due_levels.push_back(static_cast<int32_t>(i + 1));
      // Until the level is done, only a dispatch during its turn can set an earlier time.
      next_check_[i] = kNever;
    }
    woken_ = false;
    lock.unlock();
    std::vector<std::pair<int32_t, int64_t>> rechecks;
    for (int32_t level : due_levels) rechecks.emplace_back(level, DeliverLevel(level));
    if (clock::MonotonicMillis() >= next_persist) {
      MaybePersist(false);
      next_persist = clock::MonotonicMillis() + options_.flush_delay_offset_interval_ms;
    }
    lock.lock();
    for (const auto& [level, when] : rechecks) {
      int64_t& next = next_check_[static_cast<size_t>(level - 1)];
      next = std::min(next, when);
    }
    int64_t wake = kNever;
    for (int64_t when : next_check_) wake = std::min(wake, when);
    const int64_t sleep_ms = std::min({wake == kNever ? kIdleRecheckMs : wake - clock::WallMillis(),
                                       kIdleRecheckMs, next_persist - clock::MonotonicMillis()});
    if (sleep_ms > 0) {
      wake_.wait_for(lock, std::chrono::milliseconds(sleep_ms),
                     [this] { return stopping_.load() || woken_; });
    }
  }
}

int64_t ScheduleMessageService::DeliverLevel(int32_t level) {
  int64_t recorded = offsets_.Get(level).value_or(0);
  int64_t offset = recorded;
  for (int batch = 0; batch < kMaxBatchesPerTurn && !stopping_; ++batch) {
    std::vector<Step> steps;
    int64_t next_check = kNever;
    int64_t cursor = offset;
    while (steps.size() < kPipelineDepth && !stopping_) {
      Step step;
      if (!NextStep(level, cursor, &step, &next_check)) break;
      cursor = step.next_offset;
      steps.push_back(std::move(step));
    }
    std::string failure;
    for (Step& step : steps) {
      if (step.put.valid()) {
        if (step.put.wait_for(kPutTimeout) != std::future_status::ready) {
          failure = "the store did not take the message for " + step.topic + " within " +
                    std::to_string(kPutTimeout.count()) + " s";
          break;
        }
        const store::PutMessageResult result = step.put.get();
        if (!result.ok()) {
          failure = "storing the message for " + step.topic +
                    " failed: " + store::PutMessageStatusName(result.status) + " " +
                    result.error.message();
          break;
        }
      }
      offset = step.next_offset;
    }
    const bool failed = !failure.empty();
    int& failures = failed_attempts_[static_cast<size_t>(level - 1)];
    if (failed) {
      // Once a minute while the store keeps refusing (a full disk), not every second.
      if (failures++ % kFailureLogEvery == 0) {
        RMQ_LOG_WARN << "delay level " << level << ": " << failure << " (attempt " << failures
                     << "; retried every " << kRetryAfterFailureMs << " ms)";
      }
    } else if (failures > 0 && offset != recorded) {
      RMQ_LOG_INFO << "delay level " << level << ": delivering again after " << failures
                   << " failed attempts";
      failures = 0;
    }
    // A level enters the table with its first move, as in Apache.
    if (offset != recorded) {
      offsets_.Set(level, offset);
      recorded = offset;
    }
    if (failed) return clock::WallMillis() + kRetryAfterFailureMs;
    if (next_check != kNever) return next_check;
  }
  // More is due: come back after the other levels had their turn.
  return clock::WallMillis();
}

bool ScheduleMessageService::NextStep(int32_t level, int64_t offset, Step* step,
                                      int64_t* next_check) {
  using GS = store::GetMessageStatus;
  const int64_t now = clock::WallMillis();
  DueFilter filter(now, levels_.DelayMillis(level));
  // One message per read: its next_begin_offset is then exactly the entry after it.
  store::GetMessageResult r =
      store_->GetMessage(topic::kScheduleTopic, topic::kScheduleTopic,
                         DelayLevelTable::QueueIdOf(level), offset, 1, &filter);
  switch (r.status) {
    case GS::kFound:
      break;
    case GS::kOffsetTooSmall:
    case GS::kOffsetOverflowBadly: {
      const int64_t corrected = r.status == GS::kOffsetTooSmall ? r.min_offset : r.max_offset;
      RMQ_LOG_WARN << "delay level " << level << ": offset " << offset << " is outside its queue ["
                   << r.min_offset << ", " << r.max_offset << "]; continuing at " << corrected;
      if (corrected == offset) {
        *next_check = now + kIdleRecheckMs;
        return false;
      }
      step->next_offset = corrected;
      return true;
    }
    case GS::kNoMatchedMessage:
    case GS::kMessageWasRemoving:
    case GS::kOffsetFoundNull:
      if (filter.blocked()) {
        *next_check = filter.next_due();
        return false;
      }
      // Everything read was due but unreadable (expired or damaged): move past it.
      if (r.next_begin_offset > offset) {
        RMQ_LOG_WARN << "delay level " << level << ": skipping queue offsets " << offset << " to "
                     << r.next_begin_offset - 1 << ", which point at no readable message";
        step->next_offset = r.next_begin_offset;
        return true;
      }
      *next_check = now + kIdleRecheckMs;
      return false;
    default:
      // No queue yet, an empty one, or everything delivered.
      *next_check = now + kIdleRecheckMs;
      return false;
  }
  step->next_offset = r.next_begin_offset;
  const int64_t queue_offset = r.next_begin_offset - 1;
  auto delivery = RestoreFromScheduleTopic(r.messages.front().bytes());
  if (!delivery.ok()) {
    RMQ_LOG_WARN << "delay level " << level << ": skipping the message at queue offset "
                 << queue_offset << ": " << delivery.status().message();
    return true;
  }
  if (delivery->topic == topic::kTransHalfTopic) {
    RMQ_LOG_ERROR << "delay level " << level << ": the message at queue offset " << queue_offset
                  << " names the transaction half topic as its real topic; dropped";
    return true;
  }
  if (topic_exists_ && !topic_exists_(delivery->topic)) {
    RMQ_LOG_WARN << "delay level " << level << ": the message at queue offset " << queue_offset
                 << " is for topic " << delivery->topic << ", which this broker does not serve;"
                 << " dropped";
    return true;
  }
  step->topic = delivery->topic;
  step->put = store_->PutMessage(std::move(delivery->record), /*wait_store_ok=*/false);
  return true;
}

}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq
