// BenchFlags: the "-x VALUE" / "--name VALUE" / "--name=VALUE" options of one rmq-bench
// subcommand, checked against the flags that subcommand declares.
#ifndef ROCKETMQ_TOOLS_RMQ_BENCH_BENCH_FLAGS_H_
#define ROCKETMQ_TOOLS_RMQ_BENCH_BENCH_FLAGS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace bench {

class BenchFlags {
 public:
  // `known`: accepted flag names without dashes ("n", "async", ...).
  static Result<BenchFlags> Parse(int argc, char** argv, const std::set<std::string>& known);

  std::string String(const std::string& name, const std::string& fallback) const;
  // InvalidArgument naming the flag when the value is not an integer in [min, max].
  Result<int64_t> Int(const std::string& name, int64_t fallback, int64_t min, int64_t max) const;
  bool Has(const std::string& name) const { return values_.count(name) != 0; }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace bench
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_BENCH_BENCH_FLAGS_H_
