// InFlightLimiter: a counting bound on asynchronous sends in flight, the producer's
// backpressure. A sender waits for a free slot until its deadline instead of queueing
// without limit; shutdown waits for the count to drain.
#ifndef ROCKETMQ_PRODUCER_IN_FLIGHT_LIMITER_H_
#define ROCKETMQ_PRODUCER_IN_FLIGHT_LIMITER_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace rocketmq {
namespace client {

class InFlightLimiter {
 public:
  explicit InFlightLimiter(size_t limit) : limit_(limit) {}

  // Takes a slot, waiting until `deadline` for one; false when none became free.
  bool Acquire(std::chrono::steady_clock::time_point deadline);
  void Release();
  // Waits until nothing is in flight or `deadline`; true when drained.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline);
  size_t in_flight() const;

 private:
  const size_t limit_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  size_t in_flight_ = 0;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_IN_FLIGHT_LIMITER_H_
