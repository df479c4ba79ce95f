#include "producer/sharding_key.h"

#include <cstdlib>

#include "protocol/java_string_hash.h"

namespace rocketmq {
namespace client {

size_t QueueIndexForKey(std::string_view key, size_t queue_count) {
  // Java: value = hashCode % n, negated when negative (the remainder's magnitude < n, so
  // abs cannot overflow).
  const int64_t value =
      static_cast<int64_t>(protocol::JavaStringHash(key)) % static_cast<int64_t>(queue_count);
  return static_cast<size_t>(std::llabs(value));
}

}  // namespace client
}  // namespace rocketmq
