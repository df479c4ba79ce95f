// DLedgerConfig: the settings of one Raft member, with openmessaging/dledger 0.3.1.2's names
// and defaults (DLedgerConfig.java; reference/dledger-trace-timer.md §2.1).
//
// A broker maps its own keys onto these (enableDLegerCommitLog, dLegerGroup, dLegerPeers,
// dLegerSelfId, storePathRootDir, mappedFileSizeCommitLog). Validate() checks what must hold
// before a member starts: peers parse, ids are unique, the self id is one of them.
#ifndef ROCKETMQ_DLEDGER_CONFIG_H_
#define ROCKETMQ_DLEDGER_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace dledger {

struct Peer {
  std::string id;       // "n0"
  std::string address;  // "127.0.0.1:40911": the member's DLedger RPC listener
};

struct DLedgerConfig {
  std::string group = "default";
  std::string self_id = "n0";
  std::string peers = "n0-localhost:20911";  // "n0-host:port;n1-host:port;..."

  std::string store_base_dir = "/tmp/dledgerstore";
  int64_t data_file_size = 1024LL * 1024 * 1024;  // mappedFileSizeForEntryData
  int64_t index_file_size = 167772160;            // mappedFileSizeForEntryIndex (32-byte units)

  int64_t heart_beat_time_interval_ms = 2000;
  int64_t max_heart_beat_leak = 3;
  int64_t min_vote_interval_ms = 300;
  int64_t max_vote_interval_ms = 1000;
  // A transferee campaigns sooner (min/maxTakeLeadershipVoteIntervalMs).
  int64_t min_take_leadership_vote_interval_ms = 30;
  int64_t max_take_leadership_vote_interval_ms = 100;
  int64_t max_pending_requests_num = 10000;
  int64_t max_wait_ack_time_ms = 2500;
  int64_t max_push_timeout_ms = 1000;
  int64_t flush_file_interval_ms = 10;
  int64_t check_point_interval_ms = 3000;
  int64_t max_leadership_transfer_wait_index = 1000;
  int64_t leadership_transfer_wait_timeout_ms = 1000;
  // preferredLeaderIds: ';'-separated members that should lead. A leader not among them hands
  // leadership (checked every second) to the live one that is least behind.
  std::string preferred_leader_ids;
  // How long an RPC to a peer may take before it counts as lost (DLedgerRpcNettyService).
  int64_t rpc_timeout_ms = 3000;

  // <store_base_dir>/dledger-<self_id>: data/, index/, checkpoint, currterm.
  std::string DefaultPath() const { return store_base_dir + "/dledger-" + self_id; }
  std::string DataDir() const { return DefaultPath() + "/data"; }
  std::string IndexDir() const { return DefaultPath() + "/index"; }
};

// Parses "n0-host:port;n1-host:port". The id is the text before the first '-'. Errors name
// the offending element.
Result<std::vector<Peer>> ParsePeers(const std::string& peers);

// Checks the peers, the group and the self id; the error says what to fix.
Status Validate(const DLedgerConfig& config);

// The number in a self id of one character and digits ("n2" -> 2): RocketMQ makes a follower
// broker's id of it (+1). InvalidArgument for any other form.
Result<int> SelfIdNumber(const std::string& self_id);

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_CONFIG_H_
