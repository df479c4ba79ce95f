#include "common/clock.h"

namespace rocketmq {
namespace clock {

int64_t WallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t MonotonicMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Monotonic::now().time_since_epoch())
      .count();
}

int64_t MonotonicNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Monotonic::now().time_since_epoch())
      .count();
}

std::chrono::milliseconds Deadline::Remaining() const {
  const auto now = Monotonic::now();
  if (now >= when_) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(when_ - now);
}

}  // namespace clock
}  // namespace rocketmq
