// Queue choice by sharding key: the same key always maps to the same queue of a given queue
// list, which is what keeps messages of one key in order.
//
// The mapping is Java's SelectMessageQueueByHash (|String.hashCode(key) % n|), so C++ and
// Java producers sending the same keys to the same topic agree on the queue.
#ifndef ROCKETMQ_PRODUCER_SHARDING_KEY_H_
#define ROCKETMQ_PRODUCER_SHARDING_KEY_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rocketmq {
namespace client {

// Index in [0, queue_count) for `key`. Precondition: queue_count > 0.
size_t QueueIndexForKey(std::string_view key, size_t queue_count);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_SHARDING_KEY_H_
