// Java's String.hashCode() of UTF-8 text. Everywhere RocketMQ hashes a string the result must
// equal Java's: tag codes in subscriptions and ConsumeQueue entries, key hashes in IndexFile
// entries, sharding keys choosing a queue.
#ifndef ROCKETMQ_PROTOCOL_JAVA_STRING_HASH_H_
#define ROCKETMQ_PROTOCOL_JAVA_STRING_HASH_H_

#include <cstdint>
#include <string_view>

namespace rocketmq {
namespace protocol {

// h = 31 * h + c over the UTF-16 code units of `utf8` (int32 wrap-around). Invalid UTF-8
// bytes count as U+FFFD, as Java's decoder replaces them.
int32_t JavaStringHash(std::string_view utf8);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_JAVA_STRING_HASH_H_
