// BrokerBackoff: how long a producer leaves a broker address alone after finding it dead.
//
// A broker that is down refuses connections, so a send to it fails in about a millisecond,
// and a caller that retries at once spins: tens of thousands of failures a second, each one
// logged. Every consecutive transport failure of an address doubles its pause, from 50 ms up
// to 1 s (under the default 3 s send timeout, so that a synchronous send still gets its try),
// shortened at random by up to a quarter so that many producers do not return together. An
// answer from the broker, whatever it says, ends the pause. Thread-safe; time comes from an
// injectable monotonic clock in milliseconds, so that tests need not wait.
#ifndef ROCKETMQ_CLIENT_BROKER_BACKOFF_H_
#define ROCKETMQ_CLIENT_BROKER_BACKOFF_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>

#include "client/latency_fault_tolerance.h"

namespace rocketmq {
namespace client {

class BrokerBackoff {
 public:
  static constexpr int64_t kFirstPauseMs = 50;
  static constexpr int64_t kMaxPauseMs = 1000;

  // Defaults to clock::MonotonicMillis.
  explicit BrokerBackoff(MillisClock clock = nullptr);

  // An attempt to `address` could not connect, or lost its connection.
  void OnTransportFailure(const std::string& address);
  // `address` answered.
  void OnAnswer(const std::string& address);

  // Milliseconds until `address` may be tried again; 0 when it may be now.
  int64_t WaitMs(const std::string& address) const;
  // Consecutive transport failures of `address` since its last answer.
  int failures(const std::string& address) const;

 private:
  struct Pause {
    int failures = 0;
    int64_t until_ms = 0;
  };

  MillisClock clock_;
  // Whether any address is paused: every send asks WaitMs and reports OnAnswer, and while no
  // broker has failed (the usual case) neither takes the lock.
  std::atomic<bool> any_paused_{false};
  mutable std::mutex mu_;
  std::unordered_map<std::string, Pause> pauses_;
  std::minstd_rand jitter_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_BROKER_BACKOFF_H_
