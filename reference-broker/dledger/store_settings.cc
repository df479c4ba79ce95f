#include "dledger/store_settings.h"

#include "dledger/entry.h"

namespace rocketmq {
namespace dledger {

Result<DLedgerConfig> DLedgerConfigFromStore(const store::MessageStoreConfig& store) {
  if (store.dleger_group.empty()) {
    return Status::InvalidArgument("enableDLegerCommitLog=true needs dLegerGroup");
  }
  if (store.dleger_peers.empty()) {
    return Status::InvalidArgument(
        "enableDLegerCommitLog=true needs dLegerPeers (n0-host:port;n1-host:port;...)");
  }
  if (store.dleger_self_id.empty()) {
    return Status::InvalidArgument("enableDLegerCommitLog=true needs dLegerSelfId");
  }
  if (!store.store_path_dledger_commit_log.empty()) {
    return Status::InvalidArgument(
        "storePathDLedgerCommitLog is not supported yet: leave it empty to keep the data under "
        "<storePathRootDir>/dledger-<selfId>/data");
  }
  DLedgerConfig config;
  config.group = store.dleger_group;
  config.peers = store.dleger_peers;
  config.self_id = store.dleger_self_id;
  config.store_base_dir = store.store_path_root_dir;
  config.data_file_size = store.mapped_file_size_commit_log;
  config.preferred_leader_ids = store.preferred_leader_id;
  config.heart_beat_time_interval_ms = store.dleger_heart_beat_time_interval_ms;
  if (store.dleger_index_file_size % kIndexUnitSize != 0) {
    return Status::InvalidArgument("dLegerMappedFileSizeForEntryIndex " +
                                   std::to_string(store.dleger_index_file_size) +
                                   " is not a multiple of 32 (the size of an index unit)");
  }
  config.index_file_size = store.dleger_index_file_size;
  Status valid = Validate(config);
  if (!valid.ok()) return valid;
  return config;
}

int64_t BrokerIdFor(const std::string& self_id, bool leader) {
  if (leader) return 0;
  Result<int> number = SelfIdNumber(self_id);
  return number.ok() ? *number + 1 : -1;
}

}  // namespace dledger
}  // namespace rocketmq
