// Java's String.hashCode() of UTF-8 text: the tag hash stored in ConsumeQueue entries and
// the key hash of IndexFile entries must equal what a Java broker computes.
#ifndef ROCKETMQ_STORE_JAVA_STRING_HASH_H_
#define ROCKETMQ_STORE_JAVA_STRING_HASH_H_

#include <cstdint>
#include <string_view>

namespace rocketmq {
namespace store {

// h = 31 * h + c over the UTF-16 code units of `utf8` (int32 wrap-around). Invalid UTF-8
// bytes count as U+FFFD, as Java's decoder replaces them.
int32_t JavaStringHash(std::string_view utf8);

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_JAVA_STRING_HASH_H_
