// CheckPolicy: what the check service does with one unfinished half message, Apache
// 4.9.x's decision table (TransactionalMessageServiceImpl.check, needDiscard, needSkip;
// protocol.md §8.7), as a pure function so that it can be tested on its own.
//
// In Apache's order:
//   1. checked transactionCheckMax times already, or born more than fileReservedTime ago
//      → discard (moved to TRANS_CHECK_MAX_TIME_TOPIC)
//   2. stored after this scan began (e.g. a copy this scan re-appended) → stop the scan
//   3. with CHECK_IMMUNITY_TIME_IN_SECONDS: younger than that (seconds; -1 or unreadable
//      means transactionTimeOut; 4.9.x applies no minimum) → re-append an immune copy
//      and go on; without it: younger than transactionTimeOut → stop the scan (everything
//      after it is younger still)
//   4. otherwise → check back: TRANSACTION_CHECK_TIMES + 1 (1 the first time), re-append,
//      ask a producer of the group.
#ifndef ROCKETMQ_BROKER_TRANSACTION_CHECK_POLICY_H_
#define ROCKETMQ_BROKER_TRANSACTION_CHECK_POLICY_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace rocketmq {
namespace broker {
namespace transaction {

struct HalfMessageFacts {
  int64_t born_timestamp = 0;
  int64_t store_timestamp = 0;
  // TRANSACTION_CHECK_TIMES and CHECK_IMMUNITY_TIME_IN_SECONDS, if present.
  std::optional<std::string_view> check_times;
  std::optional<std::string_view> check_immunity_seconds;
};

struct CheckSettings {
  int64_t now_ms = 0;
  // Wall time the scan began.
  int64_t scan_start_ms = 0;
  int64_t transaction_timeout_ms = 6000;
  int32_t transaction_check_max = 15;
  int64_t file_reserved_ms = int64_t{72} * 3600 * 1000;
};

enum class CheckAction { kDiscard, kStopScan, kRequeueImmune, kCheck };

struct CheckDecision {
  CheckAction action = CheckAction::kStopScan;
  // For kCheck: the TRANSACTION_CHECK_TIMES the re-appended copy carries.
  int32_t check_times = 0;
};

CheckDecision DecideCheck(const HalfMessageFacts& facts, const CheckSettings& settings);

const char* CheckActionName(CheckAction action);

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TRANSACTION_CHECK_POLICY_H_
