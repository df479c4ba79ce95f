#include "consumer/process_queue.h"

namespace rocketmq {
namespace consumer {

void ProcessQueue::PutMessages(const std::vector<MessageExt>& messages) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& message : messages) {
    if (!messages_.emplace(message.queue_offset(), message).second) continue;
    body_bytes_ += message.body().size();
    max_offset_ = std::max(max_offset_, message.queue_offset());
  }
}

int64_t ProcessQueue::RemoveMessages(const std::vector<MessageExt>& messages) {
  std::lock_guard<std::mutex> lock(mu_);
  if (messages_.empty()) return -1;
  for (const auto& message : messages) {
    auto it = messages_.find(message.queue_offset());
    if (it == messages_.end()) continue;
    body_bytes_ -= it->second.body().size();
    messages_.erase(it);
  }
  return messages_.empty() ? max_offset_ + 1 : messages_.begin()->first;
}

size_t ProcessQueue::message_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return messages_.size();
}

size_t ProcessQueue::body_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return body_bytes_;
}

std::pair<int64_t, int64_t> ProcessQueue::offset_span() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (messages_.empty()) return {0, 0};
  return {messages_.begin()->first, messages_.rbegin()->first};
}

}  // namespace consumer
}  // namespace rocketmq
