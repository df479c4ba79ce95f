// Java's String.hashCode() of UTF-8 text. Everywhere RocketMQ hashes a string the result must
// equal Java's: tag codes in subscriptions and ConsumeQueue entries, key hashes in IndexFile
// entries, sharding keys choosing a queue.
#ifndef ROCKETMQ_PROTOCOL_JAVA_STRING_HASH_H_
#define ROCKETMQ_PROTOCOL_JAVA_STRING_HASH_H_

#include <cstdint>
#include <string_view>

namespace rocketmq {
namespace protocol {

// h = 31 * h + c over the UTF-16 code units of `utf8` (int32 wrap-around), from h = `seed`.
// Invalid UTF-8 bytes count as U+FFFD, as Java's decoder replaces them. With the hash of a
// prefix as `seed` it hashes the concatenation without building it, when the prefix ends
// at a character's end: JavaStringHash("b", JavaStringHash("a")) == JavaStringHash("ab").
int32_t JavaStringHash(std::string_view utf8, int32_t seed = 0);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_JAVA_STRING_HASH_H_
