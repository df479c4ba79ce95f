// Latency stamps: with `produce --latency true` every body starts with the wall-clock
// microsecond (CLOCK_REALTIME) at which the bench handed it to the producer, and the
// consume command measures born-to-consume from it. A message's born timestamp is in
// milliseconds, too coarse for a 1 ms goal (a p50 of 0.3 ms reads as 0 or 1 ms).
// Producer and consumer must run on the same host (or hosts with synchronised clocks).
#ifndef ROCKETMQ_TOOLS_RMQ_BENCH_LATENCY_STAMP_H_
#define ROCKETMQ_TOOLS_RMQ_BENCH_LATENCY_STAMP_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "rocketmq/message.h"

namespace rocketmq {
namespace bench {

// The stamp's length: an 8-byte marker and 16 decimal digits.
inline constexpr size_t kLatencyStampSize = 24;

// CLOCK_REALTIME in microseconds.
int64_t WallMicros();

// Overwrites the first kLatencyStampSize bytes of `body` (which must be that long) with a
// stamp of `wall_micros`.
void WriteLatencyStamp(int64_t wall_micros, std::string* body);

// Stamps `message`'s body (at least kLatencyStampSize bytes) with the time now.
void StampNow(Message* message);

// The stamp at the start of `body`, if it has one.
std::optional<int64_t> ReadLatencyStamp(const std::string& body);

}  // namespace bench
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_BENCH_LATENCY_STAMP_H_
