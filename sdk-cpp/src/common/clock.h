// Time helpers. Wall time (epoch milliseconds) is what RocketMQ puts on the wire and on
// disk; monotonic time is what deadlines and intervals are measured with.
#ifndef ROCKETMQ_COMMON_CLOCK_H_
#define ROCKETMQ_COMMON_CLOCK_H_

#include <chrono>
#include <cstdint>

namespace rocketmq {
namespace clock {

using Monotonic = std::chrono::steady_clock;

// Milliseconds since the Unix epoch (System.currentTimeMillis() on the Java side).
int64_t WallMillis();
// Monotonic time in milliseconds / nanoseconds from an arbitrary origin.
int64_t MonotonicMillis();
int64_t MonotonicNanos();

// A point in monotonic time after which an operation should give up.
class Deadline {
 public:
  static Deadline After(std::chrono::milliseconds timeout) {
    return Deadline(Monotonic::now() + timeout);
  }
  static Deadline Never() { return Deadline(Monotonic::time_point::max()); }

  bool Expired() const { return Monotonic::now() >= when_; }
  // Time left, zero once expired.
  std::chrono::milliseconds Remaining() const;
  Monotonic::time_point when() const { return when_; }

 private:
  explicit Deadline(Monotonic::time_point when) : when_(when) {}
  Monotonic::time_point when_;
};

}  // namespace clock
}  // namespace rocketmq

#endif  // ROCKETMQ_COMMON_CLOCK_H_
