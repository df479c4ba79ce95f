// MessageStoreConfig: the store's settings, with Apache's key names and defaults
// (org.apache.rocketmq.store.config.MessageStoreConfig, protocol.md §6.7).
//
// The broker declares them into its Settings with RegisterMessageStoreSettings() so that
// broker.conf files written for Apache work unchanged, then calls Validate() once.
#ifndef ROCKETMQ_STORE_MESSAGE_STORE_CONFIG_H_
#define ROCKETMQ_STORE_MESSAGE_STORE_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/settings.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace store {

enum class FlushDiskType { kAsyncFlush, kSyncFlush };

struct MessageStoreConfig {
  // Defaults to $HOME/store.
  std::string store_path_root_dir = DefaultStorePathRootDir();
  // Empty: <storePathRootDir>/commitlog. (Apache derives its default from the default
  // root at construction, so setting only the root leaves the CommitLog in ~/store; here
  // the CommitLog follows the configured root.)
  std::string store_path_commit_log;

  int32_t mapped_file_size_commit_log = 1024 * 1024 * 1024;
  int32_t mapped_file_size_consume_queue = 300000 * 20;

  // "ASYNC_FLUSH" or "SYNC_FLUSH".
  std::string flush_disk_type = "ASYNC_FLUSH";
  int32_t flush_interval_commit_log = 500;             // ms between asynchronous flushes
  int32_t flush_commit_log_least_pages = 4;            // 4 KiB pages pending before a flush
  int32_t flush_commit_log_thorough_interval = 10000;  // ms after which any amount is flushed
  int32_t flush_interval_consume_queue = 1000;
  int32_t flush_consume_queue_least_pages = 2;
  int32_t flush_consume_queue_thorough_interval = 60000;
  int32_t sync_flush_timeout = 5000;  // ms a SYNC_FLUSH put waits before FLUSH_DISK_TIMEOUT

  int32_t file_reserved_time = 72;  // hours
  // Hours of the day (00-23, ';'-separated) at which expired files are deleted.
  std::string delete_when = "04";
  int32_t disk_max_used_space_ratio = 75;        // % of the disk; above it, expire early
  int32_t disk_space_clean_forcibly_ratio = 85;  // %; above it, delete even unexpired files
  int32_t disk_space_warning_level_ratio = 90;   // %; above it, refuse appends
  bool clean_file_forcibly_enable = true;
  // Whether that forced deletion may take messages a consumer group has not consumed yet
  // (Apache's behaviour). Off: the disk fills up to diskSpaceWarningLevelRatio and appends
  // are refused there, but no acknowledged message is lost before it is consumed or expires.
  bool delete_unconsumed_when_disk_full = false;
  int32_t clean_resource_interval = 10000;         // ms between expiry checks
  int32_t delete_commit_log_files_interval = 100;  // ms pause between two deletions
  int32_t delete_consume_queue_files_interval = 100;

  int32_t max_message_size = 1024 * 1024 * 4;
  bool check_crc_on_recover = true;
  // New CommitLog files get zeros written (and synced) ahead of the writer instead of only
  // reserved blocks. Always so under SYNC_FLUSH (see MappedFile).
  bool warm_mapped_file_enable = false;
  bool WritesZerosAhead() const {
    return warm_mapped_file_enable || flush_type() == FlushDiskType::kSyncFlush;
  }

  bool message_index_enable = true;
  int32_t max_hash_slot_num = 5000000;
  int32_t max_index_num = 5000000 * 4;
  int32_t max_msgs_num_batch = 64;
  int32_t default_query_max_num = 32;

  int32_t max_transfer_bytes_on_message_in_memory = 1024 * 256;
  int32_t max_transfer_count_on_message_in_memory = 32;
  int32_t max_transfer_bytes_on_message_in_disk = 1024 * 64;
  int32_t max_transfer_count_on_message_in_disk = 8;
  int32_t access_message_in_memory_max_ratio = 40;

  // "ASYNC_MASTER", "SYNC_MASTER" or "SLAVE". The store only reads it to decide what
  // completes an acknowledgement; replication itself lives in the broker (ha/).
  std::string broker_role = "ASYNC_MASTER";

  // Master/slave replication (Apache's keys and defaults, protocol.md §9.1).
  // Port of the master's HA listener. Apache's BrokerStartup sets it to listenPort + 1
  // before reading broker.conf; kHaListenPortFromListenPort stands for that, and 0 picks a
  // free port (the boot line and the registration report the real one).
  static constexpr int32_t kHaListenPortFromListenPort = -1;
  int32_t ha_listen_port = kHaListenPortFromListenPort;
  // "ip:port" of the master's HA listener; empty: learnt from the nameserver's answer to
  // REGISTER_BROKER (the haServerAddr the master registered).
  std::string ha_master_address;
  int32_t ha_send_heartbeat_interval = 5000;   // ms idle before a heartbeat frame / report
  int32_t ha_housekeeping_interval = 20000;    // ms without reading before a link is closed
  int32_t ha_transfer_batch_size = 32 * 1024;  // most CommitLog bytes in one data frame
  // A SYNC_MASTER answers SLAVE_NOT_AVAILABLE at once when its slave is this many bytes
  // behind (or no slave is connected).
  int64_t ha_slave_fallbehind_max = 256 * 1024 * 1024;

  // DLedger mode (Apache's keys, note "Leger"; reference-broker/dledger): the brokers of one
  // name form a Raft group whose log is the CommitLog. The broker maps these onto
  // dledger::DLedgerConfig (dledger/store_settings.h), which checks them.
  bool enable_dleger_commit_log = false;
  std::string dleger_group;
  std::string dleger_peers;  // "n0-host:port;n1-host:port;..."
  std::string dleger_self_id;
  std::string preferred_leader_id;
  // DLedger's heartbeat period (heartBeatTimeIntervalMs; a leader is presumed dead after 3
  // missed); ours, 4.9.7 keeps DLedger's default. Shorter settings fail over faster.
  int32_t dleger_heart_beat_time_interval_ms = 2000;
  // DLedger's index file size (mappedFileSizeForEntryIndex, 32 bytes per entry; ours).
  int32_t dleger_index_file_size = 167772160;
  bool enable_batch_push = false;
  std::string store_path_dledger_commit_log;

  bool is_slave() const { return broker_role == "SLAVE"; }
  bool is_sync_master() const { return broker_role == "SYNC_MASTER"; }

  FlushDiskType flush_type() const {
    return flush_disk_type == "SYNC_FLUSH" ? FlushDiskType::kSyncFlush : FlushDiskType::kAsyncFlush;
  }
  std::string CommitLogDir() const;
  std::string ConsumeQueueDir() const;
  std::string IndexDir() const;
  std::string CheckpointPath() const;
  std::string AbortPath() const;
  std::string LockPath() const;
  // deleteWhen as hours (0-23).
  std::vector<int> DeleteHours() const;

  // Cross-field checks; the message names the offending key(s).
  Status Validate() const;

  static std::string DefaultStorePathRootDir();
};

// Declares every field above into `settings` under its Apache key (plus the pre-4.x
// spellings mapedFileSizeCommitLog / mapedFileSizeConsumeQueue). `config` must outlive
// `settings`.
void RegisterMessageStoreSettings(MessageStoreConfig* config, Settings* settings);

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_MESSAGE_STORE_CONFIG_H_
