#include "dledger/messages.h"

namespace rocketmq {
namespace dledger {

namespace {
constexpr const char* kVoteResultNames[] = {
    "UNKNOWN",
    "ACCEPT",
    "REJECT_UNKNOWN_LEADER",
    "REJECT_UNEXPECTED_LEADER",
    "REJECT_EXPIRED_VOTE_TERM",
    "REJECT_ALREADY_VOTED",
    "REJECT_ALREADY_HAS_LEADER",
    "REJECT_TERM_NOT_READY",
    "REJECT_TERM_SMALL_THAN_LEDGER",
    "REJECT_EXPIRED_LEDGER_TERM",
    "REJECT_SMALL_LEDGER_END_INDEX",
    "REJECT_TAKING_LEADERSHIP",
};
constexpr const char* kPushTypeNames[] = {"APPEND", "COMMIT", "COMPARE", "TRUNCATE"};
}  // namespace

const char* VoteResultName(VoteResult result) {
  return kVoteResultNames[static_cast<int32_t>(result)];
}

bool ParseVoteResult(const std::string& name, VoteResult* out) {
  for (size_t i = 0; i < sizeof(kVoteResultNames) / sizeof(kVoteResultNames[0]); ++i) {
    if (name == kVoteResultNames[i]) {
      *out = static_cast<VoteResult>(i);
      return true;
    }
  }
  return false;
}

const char* PushTypeName(PushType type) { return kPushTypeNames[static_cast<int>(type)]; }

bool ParsePushType(const std::string& name, PushType* out) {
  for (size_t i = 0; i < 4; ++i) {
    if (name == kPushTypeNames[i]) {
      *out = static_cast<PushType>(i);
      return true;
    }
  }
  return false;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kCandidate:
      return "CANDIDATE";
    case Role::kFollower:
      return "FOLLOWER";
    case Role::kLeader:
      return "LEADER";
  }
  return "UNKNOWN";
}

}  // namespace dledger
}  // namespace rocketmq
