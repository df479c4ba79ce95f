#include "process_cpu.h"

#include <sys/resource.h>

namespace rocketmq {
namespace bench {
namespace {

int64_t Micros(const timeval& tv) { return int64_t{tv.tv_sec} * 1000000 + tv.tv_usec; }

}  // namespace

int64_t ProcessCpuMicros() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return Micros(usage.ru_utime) + Micros(usage.ru_stime);
}

double CpuMicrosPerMessage(int64_t begin_micros, int64_t end_micros, uint64_t messages) {
  if (messages == 0) return 0.0;
  return static_cast<double>(end_micros - begin_micros) / static_cast<double>(messages);
}

}  // namespace bench
}  // namespace rocketmq
