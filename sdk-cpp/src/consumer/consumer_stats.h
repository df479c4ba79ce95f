// ConsumerStats: a push consumer's pull and consume counts per topic and their rates over
// about the last minute — the ConsumeStatus of its running info, which admin tools show
// (Java's ConsumerStatsManager).
//
// Counting is a few additions under a mutex; rates come from samples taken every few
// seconds (Sample), the oldest kept being about a minute old. Thread-safe.
#ifndef ROCKETMQ_CONSUMER_CONSUMER_STATS_H_
#define ROCKETMQ_CONSUMER_CONSUMER_STATS_H_

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "protocol/consumer_running_info.h"

namespace rocketmq {
namespace consumer {

class ConsumerStats {
 public:
  // A pull of `topic` answered after `rt_ms` with `messages` messages for the listener.
  void RecordPull(const std::string& topic, int64_t rt_ms, int64_t messages);
  // `calls` listener calls (of `rt_ms` together) that accepted `ok` messages and refused
  // `failed`.
  void RecordConsume(const std::string& topic, int64_t rt_ms, int64_t ok, int64_t failed,
                     int64_t calls = 1);

  // Remembers the counts at `now_ms` for the rates; samples older than a minute go.
  void Sample(int64_t now_ms);

  // Rates since the oldest sample (pull and consume RT: average ms per pull or call;
  // consumeFailedMsgs: every refused message since the consumer started — Java counts the
  // last hour).
  protocol::ConsumeStatus Status(const std::string& topic, int64_t now_ms) const;

 private:
  struct Counts {
    int64_t pulls = 0;
    int64_t pull_rt_ms = 0;
    int64_t pulled = 0;
    int64_t consume_calls = 0;
    int64_t consume_rt_ms = 0;
    int64_t consumed_ok = 0;
    int64_t consumed_failed = 0;
  };

  mutable std::mutex mu_;
  std::map<std::string, Counts> totals_;
  // (time, totals then), oldest first.
  std::deque<std::pair<int64_t, std::map<std::string, Counts>>> samples_;
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_CONSUMER_STATS_H_
