#pragma once

#include <cstdint>

namespace rocketmq {
namespace bench {

// CPU time (user + system, all threads) this process has used so far, in microseconds. A run
// divides the difference over its messages: the client's cost per message, which unlike the
// throughput does not depend on how busy the machine's other processes keep the cores.
int64_t ProcessCpuMicros();

// Microseconds of CPU per message between two ProcessCpuMicros readings; 0 without messages.
double CpuMicrosPerMessage(int64_t begin_micros, int64_t end_micros, uint64_t messages);

}  // namespace bench
}  // namespace rocketmq
