// InFlightLimiter: a counting bound on asynchronous sends in flight, the producer's
// backpressure. A sender waits for a free slot until its deadline instead of queueing
// without limit; shutdown waits for the count to drain.
//
// A sender that found the limit reached waits for the count to fall a quarter of the limit
// below it (the low watermark), not for one free slot: when the broker is the bottleneck,
// blocked senders then wake once per quarter window instead of once per answer, each wakeup
// a thread switch on the answering thread's critical path.
//
// The count is an atomic: a send that finds a free slot, and an answer that wakes nobody,
// take no lock (two lock round trips per send were among a producer's top costs). The
// mutex only serialises waiting: a waiter registers in waiting_ before it re-reads the
// count and a releaser reads waiting_ after it lowers the count (both sequentially
// consistent), so one of the two always sees the other and no wakeup is lost.
#ifndef ROCKETMQ_PRODUCER_IN_FLIGHT_LIMITER_H_
#define ROCKETMQ_PRODUCER_IN_FLIGHT_LIMITER_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace rocketmq {
namespace client {

class InFlightLimiter {
 public:
  explicit InFlightLimiter(size_t limit)
      : limit_(limit), low_watermark_(limit - std::max<size_t>(1, limit / 4)) {}

  // Takes a slot, waiting until `deadline` for one; false when none became free.
  bool Acquire(std::chrono::steady_clock::time_point deadline);
  void Release();
  // Waits until nothing is in flight or `deadline`; true when drained.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline);
  size_t in_flight() const;
  // Threads blocked in Acquire or WaitIdle.
  size_t waiting() const;

 private:
  // One slot if the count is below `bound`; false otherwise.
  bool TryAcquireBelow(size_t bound);

  const size_t limit_;
  const size_t low_watermark_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::atomic<size_t> in_flight_{0};
  std::atomic<size_t> waiting_{0};  // threads in Acquire or WaitIdle
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_IN_FLIGHT_LIMITER_H_
