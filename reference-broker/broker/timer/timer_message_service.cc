#include "broker/timer/timer_message_service.h"

#include <pthread.h>

#include <json/value.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <utility>

#include "broker/config_file.h"
#include "broker/timer/timer_message.h"
#include "broker/topic_validator.h"
#include "common/clock.h"
#include "common/logging.h"
#include "protocol/json_reader.h"
#include "protocol/message_record.h"
#include "store/get_message_result.h"

namespace rocketmq {
namespace broker {
namespace timer {
namespace {

// How long the thread sleeps at most; a dispatched timer message wakes it earlier.
constexpr int64_t kIdleRecheckMs = 1000;
constexpr int64_t kRetryAfterFailureMs = 1000;
constexpr int kFailureLogEvery = 60;
constexpr int64_t kPersistEveryMs = 1000;
// Messages read from the queue per GetMessage call, and deliveries in flight.
constexpr int32_t kReadBatch = 32;
constexpr size_t kPipelineDepth = 32;
// The store answers a WAIT=false put once it is appended; this only bounds a stuck store.
constexpr std::chrono::seconds kPutTimeout{10};

}  // namespace

TimerMessageService::TimerMessageService(store::MessageStore* store, Options options,
                                         TopicExists topic_exists)
    : store_(store), options_(std::move(options)), topic_exists_(std::move(topic_exists)) {}

TimerMessageService::~TimerMessageService() { Shutdown(); }

Status TimerMessageService::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_ || stopping_) return Status::IllegalState("the timer service was started before");
  Status loaded = LoadProgress();
  if (!loaded.ok()) return loaded.WithContext("cannot load the timer progress");
  const int64_t min = store_->GetMinOffsetInQueue(kTimerTopic, 0);
  const int64_t max = store_->GetMaxOffsetInQueue(kTimerTopic, 0);
  read_offset_ = std::clamp(read_offset_, min, std::max(min, max));
  started_ = true;
  thread_ = std::thread([this] { Run(); });
  pthread_setname_np(thread_.native_handle(), "timer");
  RMQ_LOG_INFO << "timer service started at queue offset " << read_offset_ << " of " << kTimerTopic;
  return Status::OK();
}

void TimerMessageService::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    if (!started_) return;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  PersistProgress();
}

void TimerMessageService::OnDispatched(const store::DispatchRequest& request) {
  if (request.topic != kTimerTopic) return;
  std::lock_guard<std::mutex> lock(mutex_);
  woken_ = true;
  wake_.notify_one();
}

Status TimerMessageService::LoadProgress() {
  if (options_.progress_path.empty()) return Status::OK();
  const std::string& what = options_.progress_path;
  Status s = LoadConfigFile(what, [&](const std::string& content) -> Status {
    auto root = protocol::ParseJson(content, what);
    if (!root.ok()) return Status::Corruption(root.status().message());
    if (!root->isObject()) return Status::Corruption(what + " does not hold a JSON object");
    int64_t values[3] = {0, 0, 0};
    const char* const keys[3] = {"readOffset", "lowOffset", "deliveredUpTo"};
    for (int i = 0; i < 3; ++i) {
      if (!protocol::JsonToInt64((*root)[keys[i]], &values[i]) || values[i] < 0) {
        return Status::Corruption(what + ": " + keys[i] + " is not a non-negative integer");
      }
    }
    skip_below_ = values[0];
    read_offset_ = std::min(values[1], values[0]);
    skip_up_to_ = values[2];
    delivered_up_to_ = values[2];
    return Status::OK();
  });
  return s.code() == ErrorCode::kNotFound ? Status::OK() : s;
}

void TimerMessageService::PersistProgress() {
  if (options_.progress_path.empty()) return;
  int64_t low = read_offset_;
  // The heap's lowest queue offset: a linear pass, once a second at most.
  for (const Entry& e : heap_) low = std::min(low, e.queue_offset);
  const std::string content = "{\n\t\"readOffset\":" + std::to_string(read_offset_) +
                              ",\n\t\"lowOffset\":" + std::to_string(low) +
                              ",\n\t\"deliveredUpTo\":" + std::to_string(delivered_up_to_) + "\n}";
  Status s = WriteConfigFile(options_.progress_path, content);
  if (!s.ok()) {
    RMQ_LOG_ERROR << "cannot persist the timer progress: " << s.ToString();
  }
  dirty_ = !s.ok();
}

void TimerMessageService::Run() {
  int64_t next_persist = clock::MonotonicMillis() + kPersistEveryMs;
  int64_t retry_at = 0;
  while (!stopping_) {
    ReadQueue();
    // Reading stopped at max_pending: more may wait in the queue, possibly due earlier.
    const bool was_full = heap_.size() >= options_.max_pending;
    const int64_t now = clock::WallMillis();
    if (now >= retry_at && !DeliverDue(now)) retry_at = now + kRetryAfterFailureMs;
    if (dirty_ && clock::MonotonicMillis() >= next_persist) {
      PersistProgress();
      next_persist = clock::MonotonicMillis() + kPersistEveryMs;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (woken_ || (was_full && heap_.size() < options_.max_pending)) {
      woken_ = false;
      continue;
    }
    int64_t sleep_ms = kIdleRecheckMs;
    if (!heap_.empty()) {
      sleep_ms = std::min(sleep_ms, std::max(heap_.front().due_ms, retry_at) - clock::WallMillis());
    }
    if (dirty_) sleep_ms = std::min(sleep_ms, next_persist - clock::MonotonicMillis());
    if (sleep_ms > 0) {
      wake_.wait_for(lock, std::chrono::milliseconds(sleep_ms),
                     [this] { return stopping_.load() || woken_; });
    }
    woken_ = false;
  }
}

void TimerMessageService::ReadQueue() {
  using GS = store::GetMessageStatus;
  while (!stopping_ && heap_.size() < options_.max_pending) {
    const auto room = static_cast<int32_t>(
        std::min(options_.max_pending - heap_.size(), static_cast<size_t>(kReadBatch)));
    store::GetMessageResult r =
        store_->GetMessage(kTimerTopic, kTimerTopic, 0, read_offset_, room, nullptr);
    if (r.status == GS::kOffsetTooSmall) {
      RMQ_LOG_WARN << kTimerTopic << ": queue offset " << read_offset_
                   << " was removed; continuing at " << r.min_offset;
      read_offset_ = r.min_offset;
      dirty_ = true;
      continue;
    }
    if (r.status != GS::kFound) {
      // Unreadable entries (expired, damaged) are passed over; otherwise nothing new.
      if (r.next_begin_offset <= read_offset_ || r.status == GS::kOffsetOverflowBadly ||
          r.status == GS::kOffsetOverflowOne || r.status == GS::kNoMessageInQueue ||
          r.status == GS::kNoMatchedLogicQueue) {
        return;
      }
      RMQ_LOG_WARN << kTimerTopic << ": skipping queue offsets " << read_offset_ << " to "
                   << r.next_begin_offset - 1 << ", which point at no readable message";
      read_offset_ = r.next_begin_offset;
      dirty_ = true;
      continue;
    }
    for (const store::SelectedRecord& selected : r.messages) {
      auto record = protocol::DecodeMessageRecord(selected.bytes());
      if (!record.ok()) {
        RMQ_LOG_WARN << kTimerTopic
                     << ": skipping an undecodable record: " << record.status().message();
        continue;
      }
      const std::optional<int64_t> due = ParkedDueTime(record->properties);
      if (!due) {
        RMQ_LOG_WARN << kTimerTopic << ": the message at queue offset " << record->queue_offset
                     << " has no usable TIMER_OUT_MS; delivered at once";
      }
      const Entry entry{due.value_or(0), record->queue_offset};
      if (entry.queue_offset < skip_below_ && entry.due_ms <= skip_up_to_) continue;
      heap_.push_back(entry);
      std::push_heap(heap_.begin(), heap_.end(), Later());
    }
    read_offset_ = r.next_begin_offset;
    pending_ = heap_.size();
    dirty_ = true;
  }
}

bool TimerMessageService::DeliverDue(int64_t now) {
  struct InFlight {
    Entry entry;
    std::string topic;
    std::future<store::PutMessageResult> put;
  };
  while (!stopping_ && !heap_.empty() && heap_.front().due_ms <= now) {
    std::vector<InFlight> batch;
    while (batch.size() < kPipelineDepth && !heap_.empty() && heap_.front().due_ms <= now) {
      std::pop_heap(heap_.begin(), heap_.end(), Later());
      InFlight f{heap_.back(), {}, {}};
      heap_.pop_back();
      store::GetMessageResult r =
          store_->GetMessage(kTimerTopic, kTimerTopic, 0, f.entry.queue_offset, 1, nullptr);
      // A read that found its entry unreadable moves on to the next one: not ours.
      if (r.status != store::GetMessageStatus::kFound ||
          r.next_begin_offset != f.entry.queue_offset + 1) {
        RMQ_LOG_WARN << kTimerTopic << ": the message at queue offset " << f.entry.queue_offset
                     << " cannot be read (" << store::GetMessageStatusName(r.status)
                     << "); dropped";
        continue;
      }
      auto delivery = RestoreFromTimerTopic(r.messages.front().bytes(), clock::WallMillis());
      if (!delivery.ok()) {
        RMQ_LOG_WARN << kTimerTopic << ": skipping the message at queue offset "
                     << f.entry.queue_offset << ": " << delivery.status().message();
        continue;
      }
      if (delivery->topic == topic::kTransHalfTopic ||
          (topic_exists_ && !topic_exists_(delivery->topic))) {
        RMQ_LOG_WARN << kTimerTopic << ": the message at queue offset " << f.entry.queue_offset
                     << " is for topic " << delivery->topic
                     << ", which this broker does not serve; dropped";
        continue;
      }
      f.topic = delivery->topic;
      f.put = store_->PutMessage(std::move(delivery->record), /*wait_store_ok=*/false);
      batch.push_back(std::move(f));
    }
    std::string failure;
    for (InFlight& f : batch) {
      if (failure.empty()) {
        if (f.put.wait_for(kPutTimeout) != std::future_status::ready) {
          failure = "the store did not take the message for " + f.topic + " in time";
        } else if (const store::PutMessageResult result = f.put.get(); !result.ok()) {
          failure = "storing the message for " + f.topic +
                    " failed: " + store::PutMessageStatusName(result.status) + " " +
                    result.error.message();
        } else {
          continue;
        }
      }
      // Not known to be stored: pending again (a late success is delivered twice).
      heap_.push_back(f.entry);
      std::push_heap(heap_.begin(), heap_.end(), Later());
    }
    pending_ = heap_.size();
    dirty_ = true;
    if (!failure.empty()) {
      if (failures_++ % kFailureLogEvery == 0) {
        RMQ_LOG_WARN << kTimerTopic << ": " << failure << " (attempt " << failures_
                     << "; retried every " << kRetryAfterFailureMs << " ms)";
      }
      return false;
    }
    failures_ = 0;
  }
  // Everything read and due by `now` is delivered (unless stopping cut the loop short).
  if (heap_.empty() || heap_.front().due_ms > now) {
    delivered_up_to_ = std::max(delivered_up_to_, now);
  }
  return true;
}

}  // namespace timer
}  // namespace broker
}  // namespace rocketmq
