// PermName: the permission bits of a topic and of a broker (Apache PermName, protocol.md
// §8.10). A topic is usable for an operation only if both its own perm and the broker's
// brokerPermission allow it.
#ifndef ROCKETMQ_BROKER_PERM_NAME_H_
#define ROCKETMQ_BROKER_PERM_NAME_H_

#include <cstdint>
#include <string>

namespace rocketmq {
namespace broker {
namespace perm {

constexpr int32_t kPriority = 8;
constexpr int32_t kRead = 4;
constexpr int32_t kWrite = 2;
// Marks a template topic (TBW102) whose settings auto-created topics inherit.
constexpr int32_t kInherit = 1;

constexpr bool IsReadable(int32_t perm) { return (perm & kRead) == kRead; }
constexpr bool IsWriteable(int32_t perm) { return (perm & kWrite) == kWrite; }
constexpr bool IsInherited(int32_t perm) { return (perm & kInherit) == kInherit; }

// "RW", "R-", "-W", "--" as Apache's perm2String prints them (inherit shown as "X").
std::string ToString(int32_t perm);

}  // namespace perm
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_PERM_NAME_H_
