#include "dledger/config.h"

#include <cctype>
#include <set>

#include "dledger/entry.h"

namespace rocketmq {
namespace dledger {

Result<std::vector<Peer>> ParsePeers(const std::string& peers) {
  std::vector<Peer> out;
  std::set<std::string> ids;
  size_t start = 0;
  while (start <= peers.size()) {
    size_t end = peers.find(';', start);
    if (end == std::string::npos) end = peers.size();
    const std::string item = peers.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    const size_t dash = item.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 >= item.size()) {
      return Status::InvalidArgument("dLegerPeers element '" + item +
                                     "' is not of the form id-host:port");
    }
    Peer peer{item.substr(0, dash), item.substr(dash + 1)};
    const size_t colon = peer.address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= peer.address.size()) {
      return Status::InvalidArgument("dLegerPeers element '" + item + "' has no host:port");
    }
    for (size_t i = colon + 1; i < peer.address.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(peer.address[i]))) {
        return Status::InvalidArgument("dLegerPeers element '" + item + "' has a bad port");
      }
    }
    if (!ids.insert(peer.id).second) {
      return Status::InvalidArgument("dLegerPeers names member '" + peer.id + "' twice");
    }
    out.push_back(std::move(peer));
  }
  if (out.empty()) return Status::InvalidArgument("dLegerPeers is empty");
  return out;
}

Result<int> SelfIdNumber(const std::string& self_id) {
  if (self_id.size() < 2 || self_id.size() > 10) {
    return Status::InvalidArgument("dLegerSelfId '" + self_id +
                                   "' is not one letter followed by digits (n0, n1, ...)");
  }
  int number = 0;
  for (size_t i = 1; i < self_id.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(self_id[i]))) {
      return Status::InvalidArgument("dLegerSelfId '" + self_id +
                                     "' is not one letter followed by digits (n0, n1, ...)");
    }
    number = number * 10 + (self_id[i] - '0');
  }
  return number;
}

Status Validate(const DLedgerConfig& config) {
  if (config.group.empty()) return Status::InvalidArgument("dLegerGroup is empty");
  Result<std::vector<Peer>> peers = ParsePeers(config.peers);
  if (!peers.ok()) return peers.status();
  bool found = false;
  for (const Peer& peer : *peers) found = found || peer.id == config.self_id;
  if (!found) {
    return Status::InvalidArgument("dLegerSelfId '" + config.self_id +
                                   "' is not one of the members of dLegerPeers '" + config.peers +
                                   "'");
  }
  Result<int> number = SelfIdNumber(config.self_id);
  if (!number.ok()) return number.status();
  if (config.data_file_size < 4096 || config.data_file_size > (1LL << 31) - 1) {
    return Status::InvalidArgument("the DLedger data file size must be 4 KiB .. 2 GiB");
  }
  if (config.index_file_size < kIndexUnitSize || config.index_file_size % kIndexUnitSize != 0) {
    return Status::InvalidArgument("the DLedger index file size must be a multiple of 32");
  }
  if (config.heart_beat_time_interval_ms <= 0 || config.max_heart_beat_leak <= 0 ||
      config.min_vote_interval_ms <= 0 ||
      config.max_vote_interval_ms <= config.min_vote_interval_ms ||
      config.min_take_leadership_vote_interval_ms <= 0 ||
      config.max_take_leadership_vote_interval_ms <= config.min_take_leadership_vote_interval_ms) {
    return Status::InvalidArgument(
        "DLedger timings must be positive and maxVoteIntervalMs > minVoteIntervalMs");
  }
  return Status::OK();
}

}  // namespace dledger
}  // namespace rocketmq
