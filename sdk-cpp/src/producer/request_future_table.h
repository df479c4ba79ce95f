// RequestFutureTable: the requests of Producer::Request* still waiting for their reply, keyed
// by correlation id (Java's RequestFutureHolder.requestFutureTable).
//
// A request leaves the table exactly once: taken by its reply (Take), by its own sync waiter
// or a failed send (Take), by the sweeper once its deadline has passed (TakeExpired), or at
// shutdown (TakeAll). Whoever takes it completes it, so a request completes exactly once
// and the table never grows past the requests in flight. Thread-safe.
#ifndef ROCKETMQ_PRODUCER_REQUEST_FUTURE_TABLE_H_
#define ROCKETMQ_PRODUCER_REQUEST_FUTURE_TABLE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "rocketmq/message_ext.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace client {

class RequestFutureTable {
 public:
  using Clock = std::chrono::steady_clock;
  using Callback = std::function<void(const Result<MessageExt>& reply)>;

  // A request taken out of the table: its callback and what the error of a timeout says.
  struct Entry {
    std::string correlation_id;
    std::string topic;
    std::chrono::milliseconds timeout{0};
    Clock::time_point deadline;
    // Set once the broker accepted the request message: a timeout then means "no reply".
    bool sent = false;
    Callback callback;
  };

  // False (and nothing added) when the id is already waiting.
  bool Add(std::string correlation_id, std::string topic, std::chrono::milliseconds timeout,
           Clock::time_point now, Callback callback);
  // Records that the request message was stored by a broker; no-op for an id not waiting.
  void MarkSent(const std::string& correlation_id);
  // Removes the request; nullopt when it is not waiting (answered, timed out, never added).
  std::optional<Entry> Take(const std::string& correlation_id);
  // Removes and returns every request whose deadline is before `now`, earliest first.
  std::vector<Entry> TakeExpired(Clock::time_point now);
  std::vector<Entry> TakeAll();
  size_t size() const;

  // The error an expired request completes with.
  static Status TimeoutError(const Entry& entry);

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  // Deadline index, so that a sweep visits only what expired.
  std::multimap<Clock::time_point, std::string> by_deadline_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_REQUEST_FUTURE_TABLE_H_
