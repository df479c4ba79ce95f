// FaultStrategy: picks the queue for the next send attempt, steering away from brokers
// that just failed or answered slowly (Apache's MQFaultStrategy).
//
// Every attempt reports its broker and latency. A latency maps to a quarantine through a
// step table (under 550 ms: none; 550 ms: 30 s; ... 15 s or more: 10 min); a failure
// without an answer (connection refused, timeout) counts as 30 s, i.e. 10 minutes of
// quarantine, so a dead broker costs at most the one attempt that found it dead. With the
// strategy disabled only the broker of the previous attempt is avoided, on retries.
#ifndef ROCKETMQ_CLIENT_FAULT_STRATEGY_H_
#define ROCKETMQ_CLIENT_FAULT_STRATEGY_H_

#include <cstdint>
#include <string>

#include "client/latency_fault_tolerance.h"
#include "client/topic_publish_info.h"
#include "rocketmq/message_queue.h"

namespace rocketmq {
namespace client {

class FaultStrategy {
 public:
  explicit FaultStrategy(bool enabled, MillisClock clock = nullptr);

  bool enabled() const { return enabled_; }

  // Precondition: info.ok(). `last_broker` is the broker of the previous failed attempt of
  // this send ("" on the first attempt).
  MessageQueue SelectOneQueue(TopicPublishInfo& info, const std::string& last_broker);

  // Reports how an attempt to `broker` went: latency_ms from request to answer, and
  // isolation=true when no answer came at all.
  void UpdateFaultItem(const std::string& broker, int64_t latency_ms, bool isolation);

  static int64_t ComputeNotAvailableDuration(int64_t latency_ms);

  LatencyFaultTolerance& tolerance() { return tolerance_; }

 private:
  bool enabled_;
  LatencyFaultTolerance tolerance_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_FAULT_STRATEGY_H_
