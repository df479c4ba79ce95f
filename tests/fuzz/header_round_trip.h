// What the two header fuzzers share: a decoded header must encode again and decode to the
// same command. A failed check aborts, which libFuzzer reports as a crash with the input.
#ifndef ROCKETMQ_TESTS_FUZZ_HEADER_ROUND_TRIP_H_
#define ROCKETMQ_TESTS_FUZZ_HEADER_ROUND_TRIP_H_

#include <cstdlib>

#include "remoting/remoting_command.h"

namespace rocketmq {
namespace fuzz {

inline void Check(bool condition) {
  if (!condition) std::abort();
}

inline void CheckSameHeader(const remoting::RemotingCommand& a,
                            const remoting::RemotingCommand& b) {
  Check(a.code() == b.code() && a.opaque() == b.opaque() && a.flag() == b.flag() &&
        a.version() == b.version() && a.ext_fields() == b.ext_fields());
}

}  // namespace fuzz
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_FUZZ_HEADER_ROUND_TRIP_H_
