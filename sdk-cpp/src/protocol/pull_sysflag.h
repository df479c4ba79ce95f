// PullSysFlag: the `sysFlag` bits of a PullMessageRequestHeader (protocol.md §3.3, Apache
// C/sysflag/PullSysFlag.java).
#ifndef ROCKETMQ_PROTOCOL_PULL_SYSFLAG_H_
#define ROCKETMQ_PROTOCOL_PULL_SYSFLAG_H_

#include <cstdint>

namespace rocketmq {
namespace protocol {

namespace PullSysFlag {

// The broker stores commitOffset for the group (masters only).
constexpr int32_t kFlagCommitOffset = 0x1;
// The broker may hold the request (long polling) for suspendTimeoutMillis.
constexpr int32_t kFlagSuspend = 0x2;
// The request's subscription/expressionType are authoritative; otherwise the broker uses
// the subscription registered by heartbeat.
constexpr int32_t kFlagSubscription = 0x4;
constexpr int32_t kFlagClassFilter = 0x8;
// Lite pull consumer (sent with LITE_PULL_MESSAGE).
constexpr int32_t kFlagLitePullMessage = 0x10;

constexpr int32_t Build(bool commit_offset, bool suspend, bool subscription, bool class_filter,
                        bool lite_pull = false) {
  return (commit_offset ? kFlagCommitOffset : 0) | (suspend ? kFlagSuspend : 0) |
         (subscription ? kFlagSubscription : 0) | (class_filter ? kFlagClassFilter : 0) |
         (lite_pull ? kFlagLitePullMessage : 0);
}
constexpr int32_t ClearCommitOffsetFlag(int32_t flag) { return flag & ~kFlagCommitOffset; }
constexpr bool HasCommitOffsetFlag(int32_t flag) { return (flag & kFlagCommitOffset) != 0; }
constexpr bool HasSuspendFlag(int32_t flag) { return (flag & kFlagSuspend) != 0; }
constexpr bool HasSubscriptionFlag(int32_t flag) { return (flag & kFlagSubscription) != 0; }
constexpr bool HasClassFilterFlag(int32_t flag) { return (flag & kFlagClassFilter) != 0; }
constexpr bool HasLitePullFlag(int32_t flag) { return (flag & kFlagLitePullMessage) != 0; }

}  // namespace PullSysFlag

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_PULL_SYSFLAG_H_
