// ReceivedMessages: what the listeners of a consumer test received, by body, shared by
// every consumer of the test and safe to call from their consume threads, with bounded waits
// for what the test expects to arrive.
#ifndef ROCKETMQ_TESTS_INTEGRATION_CONSUMER_RECEIVED_MESSAGES_H_
#define ROCKETMQ_TESTS_INTEGRATION_CONSUMER_RECEIVED_MESSAGES_H_

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "rocketmq/message_ext.h"

namespace rocketmq {
namespace testing {

// Long enough for a loaded 2-core machine, short enough to fail a stuck test quickly.
constexpr std::chrono::seconds kConsumeWait(60);

class ReceivedMessages {
 public:
  void Add(const MessageExt& message) {
    std::lock_guard<std::mutex> lock(mu_);
    if (++counts_[message.body()] > 1) ++duplicates_;
    reconsume_times_[message.body()] = message.reconsume_times();
    tags_.insert(message.tags());
    changed_.notify_all();
  }
  // Waits (bounded) until every body of `expected` has arrived.
  bool WaitFor(const std::set<std::string>& expected) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, kConsumeWait, [&] {
      for (const auto& body : expected) {
        if (counts_.count(body) == 0) return false;
      }
      return true;
    });
  }
  // Waits (bounded) until at least `count` distinct bodies have arrived.
  bool WaitForDistinct(size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, kConsumeWait, [&] { return counts_.size() >= count; });
  }
  // Waits at most `wait` until a message tagged `tag` has arrived.
  bool WaitForTag(const std::string& tag, std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, wait, [&] { return tags_.count(tag) != 0; });
  }
  size_t distinct() const {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_.size();
  }
  // Deliveries beyond the first of each body.
  int duplicates() const {
    std::lock_guard<std::mutex> lock(mu_);
    return duplicates_;
  }
  bool Has(const std::string& body) const {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_.count(body) != 0;
  }
  // Deliveries of `body` so far.
  int Count(const std::string& body) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = counts_.find(body);
    return it == counts_.end() ? 0 : it->second;
  }
  // The reconsume count of the last delivery of `body`; -1 if it never came.
  int ReconsumeTimes(const std::string& body) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = reconsume_times_.find(body);
    return it == reconsume_times_.end() ? -1 : it->second;
  }
  std::set<std::string> tags() const {
    std::lock_guard<std::mutex> lock(mu_);
    return tags_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, int> counts_;
  std::map<std::string, int> reconsume_times_;
  std::set<std::string> tags_;
  int duplicates_ = 0;
};

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_INTEGRATION_CONSUMER_RECEIVED_MESSAGES_H_
