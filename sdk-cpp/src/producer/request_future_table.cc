#include "producer/request_future_table.h"

namespace rocketmq {
namespace client {
namespace {

// Removes `id`'s index entry at `deadline`.
void Unindex(std::multimap<RequestFutureTable::Clock::time_point, std::string>* index,
             RequestFutureTable::Clock::time_point deadline, const std::string& id) {
  auto [first, last] = index->equal_range(deadline);
  for (auto it = first; it != last; ++it) {
    if (it->second == id) {
      index->erase(it);
      return;
    }
  }
}

}  // namespace

bool RequestFutureTable::Add(std::string correlation_id, std::string topic,
                             std::chrono::milliseconds timeout, Clock::time_point now,
                             Callback callback) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.count(correlation_id) != 0) return false;
  Entry entry;
  entry.correlation_id = correlation_id;
  entry.topic = std::move(topic);
  entry.timeout = timeout;
  entry.deadline = now + timeout;
  entry.callback = std::move(callback);
  by_deadline_.emplace(entry.deadline, correlation_id);
  entries_.emplace(std::move(correlation_id), std::move(entry));
  return true;
}

void RequestFutureTable::MarkSent(const std::string& correlation_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(correlation_id);
  if (it != entries_.end()) it->second.sent = true;
}

std::optional<RequestFutureTable::Entry> RequestFutureTable::Take(
    const std::string& correlation_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(correlation_id);
  if (it == entries_.end()) return std::nullopt;
  Entry entry = std::move(it->second);
  entries_.erase(it);
  Unindex(&by_deadline_, entry.deadline, correlation_id);
  return entry;
}

std::vector<RequestFutureTable::Entry> RequestFutureTable::TakeExpired(Clock::time_point now) {
  std::vector<Entry> expired;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_deadline_.begin();
  while (it != by_deadline_.end() && it->first < now) {
    auto entry = entries_.find(it->second);
    if (entry != entries_.end()) {
      expired.push_back(std::move(entry->second));
      entries_.erase(entry);
    }
    it = by_deadline_.erase(it);
  }
  return expired;
}

std::vector<RequestFutureTable::Entry> RequestFutureTable::TakeAll() {
  std::vector<Entry> all;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [deadline, id] : by_deadline_) {
    auto entry = entries_.find(id);
    if (entry != entries_.end()) all.push_back(std::move(entry->second));
  }
  entries_.clear();
  by_deadline_.clear();
  return all;
}

size_t RequestFutureTable::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

Status RequestFutureTable::TimeoutError(const Entry& entry) {
  if (entry.sent) {
    return Status::Timeout("request to topic '" + entry.topic + "' (correlation id " +
                           entry.correlation_id + ") was sent, but no reply came within " +
                           std::to_string(entry.timeout.count()) + " ms");
  }
  return Status::Timeout("request to topic '" + entry.topic + "' (correlation id " +
                         entry.correlation_id + ") timed out after " +
                         std::to_string(entry.timeout.count()) +
                         " ms before the broker accepted it");
}

}  // namespace client
}  // namespace rocketmq
