// The DLedger RPC vocabulary of openmessaging/dledger 0.3.1.2: request codes, the response
// codes carried in every JSON body, vote results and the request/response objects
// (reference/dledger-trace-timer.md §1). The Raft core speaks these types; rpc_codec.h turns
// them into remoting frames with JSON bodies.
#ifndef ROCKETMQ_DLEDGER_MESSAGES_H_
#define ROCKETMQ_DLEDGER_MESSAGES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "dledger/entry.h"

namespace rocketmq {
namespace dledger {

// DLedgerRequestCode.
enum class RequestCode : int32_t {
  kMetadata = 50000,
  kAppend = 50001,
  kGet = 50002,
  kVote = 51001,
  kHeartBeat = 51002,
  kPull = 51003,
  kPush = 51004,
  kLeadershipTransfer = 51005,
};

// DLedgerResponseCode (the `code` inside a body; a response frame's own code is always 200).
namespace code {
constexpr int32_t kUnknown = -1;
constexpr int32_t kSuccess = 200;
constexpr int32_t kTimeout = 300;
constexpr int32_t kNetworkError = 302;
constexpr int32_t kUnknownGroup = 400;
constexpr int32_t kUnknownMember = 401;
constexpr int32_t kUnexpectedMember = 402;
constexpr int32_t kExpiredTerm = 403;
constexpr int32_t kNotLeader = 404;
constexpr int32_t kNotFollower = 405;
constexpr int32_t kInconsistentState = 406;
constexpr int32_t kInconsistentTerm = 407;
constexpr int32_t kInconsistentIndex = 408;
constexpr int32_t kInconsistentLeader = 409;
constexpr int32_t kIndexOutOfRange = 410;
constexpr int32_t kUnexpectedArgument = 411;
constexpr int32_t kDiskError = 414;
constexpr int32_t kDiskFull = 415;
constexpr int32_t kTermNotReady = 416;
constexpr int32_t kFallBehindTooMuch = 417;
constexpr int32_t kTakeLeadershipFailed = 418;
constexpr int32_t kInternalError = 500;
constexpr int32_t kTermChanged = 501;
constexpr int32_t kWaitQuorumAckTimeout = 502;
constexpr int32_t kLeaderPendingFull = 503;
constexpr int32_t kLeaderNotReady = 505;
constexpr int32_t kLeaderTransferring = 506;
}  // namespace code

// VoteResponse.RESULT, in ordinal order (serialized by name).
enum class VoteResult : int32_t {
  kUnknown,
  kAccept,
  kRejectUnknownLeader,
  kRejectUnexpectedLeader,
  kRejectExpiredVoteTerm,
  kRejectAlreadyVoted,
  kRejectAlreadyHasLeader,
  kRejectTermNotReady,
  kRejectTermSmallThanLedger,
  kRejectExpiredLedgerTerm,
  kRejectSmallLedgerEndIndex,
  kRejectTakingLeadership,
};
const char* VoteResultName(VoteResult result);
// False for a name DLedger does not define.
bool ParseVoteResult(const std::string& name, VoteResult* out);

enum class Role { kCandidate, kFollower, kLeader };
const char* RoleName(Role role);

// RequestOrResponse: the fields every body has. remote_id is the member the request is
// addressed TO; leader_id is the leader (heartbeat, push) or the candidate (vote).
struct RpcBase {
  std::string group;
  std::string remote_id;
  std::string local_id;
  std::string leader_id;
  int32_t code = code::kSuccess;
  int64_t term = -1;
};

struct VoteRequest : RpcBase {
  int64_t ledger_end_index = -1;
  int64_t ledger_end_term = -1;
};
struct VoteResponse : RpcBase {
  VoteResult result = VoteResult::kUnknown;
};

struct HeartBeatRequest : RpcBase {};
struct HeartBeatResponse : RpcBase {};

enum class PushType { kAppend, kCommit, kCompare, kTruncate };
const char* PushTypeName(PushType type);
bool ParsePushType(const std::string& name, PushType* out);

struct PushEntryRequest : RpcBase {
  int64_t commit_index = -1;
  PushType type = PushType::kAppend;
  std::optional<Entry> entry;  // absent for COMMIT
};
struct PushEntryResponse : RpcBase {
  std::optional<int64_t> index;  // the pushed entry's index; absent for COMMIT
  int32_t count = 0;
  int64_t begin_index = -1;  // the follower's ledger range
  int64_t end_index = -1;
};

// LEADERSHIP_TRANSFER: to the leader (transfer_id = the leader) it asks for a transfer; the
// leader then sends it to the transferee (transferee_id) with its ledger end index.
struct LeadershipTransferRequest : RpcBase {
  std::string transfer_id;
  std::string transferee_id;
  int64_t take_leadership_ledger_index = 0;
};
struct LeadershipTransferResponse : RpcBase {};

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_MESSAGES_H_
