#include "consumer/process_queue.h"

#include <algorithm>

namespace rocketmq {
namespace consumer {

bool ProcessQueue::PutMessages(const std::vector<MessageExt>& messages) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& message : messages) {
    if (taken_.count(message.queue_offset()) != 0) continue;
    if (!messages_.emplace(message.queue_offset(), message).second) continue;
    body_bytes_ += message.body().size();
    max_offset_ = std::max(max_offset_, message.queue_offset());
  }
  if (messages_.empty() || consuming_) return false;
  consuming_ = true;
  return true;
}

std::vector<MessageExt> ProcessQueue::TakeMessages(size_t max) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<MessageExt> taken;
  while (taken.size() < max && !messages_.empty()) {
    auto first = messages_.begin();
    taken.push_back(first->second);
    taken_.insert(messages_.extract(first));
  }
  if (taken.empty()) consuming_ = false;
  return taken;
}

int64_t ProcessQueue::Commit() {
  std::lock_guard<std::mutex> lock(mu_);
  if (taken_.empty()) return -1;
  const int64_t next = taken_.rbegin()->first + 1;
  for (const auto& entry : taken_) body_bytes_ -= entry.second.body().size();
  taken_.clear();
  return next;
}

void ProcessQueue::Rollback(const std::vector<MessageExt>& messages) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& message : messages) {
    if (taken_.erase(message.queue_offset()) == 0) continue;
    messages_.emplace(message.queue_offset(), message);
  }
}

void ProcessQueue::AddInFlight(const std::vector<MessageExt>& messages) {
  std::vector<std::pair<int64_t, size_t>> offsets_and_sizes;
  offsets_and_sizes.reserve(messages.size());
  for (const auto& message : messages) {
    offsets_and_sizes.emplace_back(message.queue_offset(), message.body().size());
  }
  AddInFlight(offsets_and_sizes);
}

void ProcessQueue::AddInFlight(const std::vector<std::pair<int64_t, size_t>>& offsets_and_sizes) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [offset, size] : offsets_and_sizes) {
    InFlight entry;
    entry.offset = offset;
    entry.body_bytes = size;
    if (in_flight_.empty() || offset > in_flight_.back().offset) {
      // Pulled in offset order: the place is at the end, found without a search.
      in_flight_.push_back(entry);
    } else {
      auto it = std::lower_bound(
          in_flight_.begin(), in_flight_.end(), offset,
          [](const InFlight& held, int64_t wanted) { return held.offset < wanted; });
      if (it->offset != offset) {
        in_flight_.insert(it, entry);
      } else if (it->removed) {
        *it = entry;
      } else {
        continue;  // held already
      }
    }
    ++in_flight_count_;
    body_bytes_ += size;
    max_offset_ = std::max(max_offset_, offset);
  }
}

ProcessQueue::InFlight* ProcessQueue::FindInFlight(int64_t offset) {
  if (in_flight_.empty() || offset < in_flight_.front().offset) return nullptr;
  // Offsets pulled without gaps (no tag filtering) sit at their distance from the front.
  const auto distance = static_cast<uint64_t>(offset - in_flight_.front().offset);
  if (distance < in_flight_.size() && in_flight_[distance].offset == offset) {
    InFlight& entry = in_flight_[distance];
    return entry.removed ? nullptr : &entry;
  }
  auto it =
      std::lower_bound(in_flight_.begin(), in_flight_.end(), offset,
                       [](const InFlight& held, int64_t wanted) { return held.offset < wanted; });
  if (it == in_flight_.end() || it->offset != offset || it->removed) return nullptr;
  return &*it;
}

void ProcessQueue::MarkConsumeStarted(const std::vector<MessageExt>& messages, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& message : messages) {
    InFlight* entry = FindInFlight(message.queue_offset());
    if (entry == nullptr) continue;
    entry->started_ms = now_ms;
    entry->message = &message;
  }
}

void ProcessQueue::MarkConsumeEnded(const std::vector<MessageExt>& messages) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& message : messages) {
    InFlight* entry = FindInFlight(message.queue_offset());
    if (entry == nullptr || entry->message != &message) continue;
    entry->started_ms = -1;
    entry->message = nullptr;
  }
}

std::vector<MessageExt> ProcessQueue::ExpiredHead(int64_t now_ms, int64_t timeout_ms,
                                                  size_t max) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<MessageExt> expired;
  for (auto it = in_flight_.begin(); it != in_flight_.end() && expired.size() < max; ++it) {
    const InFlight& entry = *it;
    if (entry.removed) continue;
    if (entry.message == nullptr || now_ms - entry.started_ms <= timeout_ms) break;
    expired.push_back(*entry.message);
  }
  return expired;
}

int64_t ProcessQueue::RemoveMessages(const std::vector<MessageExt>& messages) {
  std::lock_guard<std::mutex> lock(mu_);
  if (in_flight_count_ == 0) return -1;
  for (const auto& message : messages) {
    InFlight* entry = FindInFlight(message.queue_offset());
    if (entry == nullptr) continue;
    body_bytes_ -= entry->body_bytes;
    entry->removed = true;
    entry->message = nullptr;
    --in_flight_count_;
  }
  while (!in_flight_.empty() && in_flight_.front().removed) in_flight_.pop_front();
  while (!in_flight_.empty() && in_flight_.back().removed) in_flight_.pop_back();
  return in_flight_count_ == 0 ? max_offset_ + 1 : in_flight_.front().offset;
}

bool ProcessQueue::BeginConsume() {
  std::lock_guard<std::mutex> lock(mu_);
  if (dropped_) return false;
  in_listener_ = true;
  return true;
}

void ProcessQueue::EndConsume() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_listener_ = false;
  }
  listener_done_.notify_all();
}

bool ProcessQueue::WaitUntilNoConsume(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return listener_done_.wait_for(lock, timeout, [this] { return !in_listener_; });
}

size_t ProcessQueue::message_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return messages_.size() + taken_.size() + in_flight_count_;
}

size_t ProcessQueue::body_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return body_bytes_;
}

bool ProcessQueue::Exceeds(size_t max_messages, size_t max_bytes) const {
  std::lock_guard<std::mutex> lock(mu_);
  return messages_.size() + taken_.size() + in_flight_count_ > max_messages ||
         body_bytes_ > max_bytes;
}

std::pair<int64_t, int64_t> ProcessQueue::offset_span() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!in_flight_.empty()) return {in_flight_.front().offset, in_flight_.back().offset};
  if (messages_.empty()) return {0, 0};
  return {messages_.begin()->first, messages_.rbegin()->first};
}

}  // namespace consumer
}  // namespace rocketmq
