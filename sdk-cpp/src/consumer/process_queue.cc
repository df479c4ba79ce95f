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
    entry.body_bytes = size;
    // Pulled in offset order: the place is at the end, found without a search.
    const size_t before = in_flight_.size();
    in_flight_.emplace_hint(in_flight_.end(), offset, entry);
    if (in_flight_.size() == before) continue;
    body_bytes_ += size;
    max_offset_ = std::max(max_offset_, offset);
  }
}

void ProcessQueue::MarkConsumeStarted(const std::vector<MessageExt>& messages, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& message : messages) {
    auto it = in_flight_.find(message.queue_offset());
    if (it == in_flight_.end()) continue;
    it->second.started_ms = now_ms;
    it->second.message = &message;
  }
}

void ProcessQueue::MarkConsumeEnded(const std::vector<MessageExt>& messages) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& message : messages) {
    auto it = in_flight_.find(message.queue_offset());
    if (it == in_flight_.end() || it->second.message != &message) continue;
    it->second.started_ms = -1;
    it->second.message = nullptr;
  }
}

std::vector<MessageExt> ProcessQueue::ExpiredHead(int64_t now_ms, int64_t timeout_ms,
                                                  size_t max) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<MessageExt> expired;
  for (auto it = in_flight_.begin(); it != in_flight_.end() && expired.size() < max; ++it) {
    const InFlight& entry = it->second;
    if (entry.message == nullptr || now_ms - entry.started_ms <= timeout_ms) break;
    expired.push_back(*entry.message);
  }
  return expired;
}

int64_t ProcessQueue::RemoveMessages(const std::vector<MessageExt>& messages) {
  std::lock_guard<std::mutex> lock(mu_);
  if (in_flight_.empty()) return -1;
  for (const auto& message : messages) {
    auto it = in_flight_.find(message.queue_offset());
    if (it == in_flight_.end()) continue;
    body_bytes_ -= it->second.body_bytes;
    in_flight_.erase(it);
  }
  return in_flight_.empty() ? max_offset_ + 1 : in_flight_.begin()->first;
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
  return messages_.size() + taken_.size() + in_flight_.size();
}

size_t ProcessQueue::body_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return body_bytes_;
}

std::pair<int64_t, int64_t> ProcessQueue::offset_span() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!in_flight_.empty()) return {in_flight_.begin()->first, in_flight_.rbegin()->first};
  if (messages_.empty()) return {0, 0};
  return {messages_.begin()->first, messages_.rbegin()->first};
}

}  // namespace consumer
}  // namespace rocketmq
