#include "store/message_store_config.h"

#include <cstdlib>
#include <sstream>

namespace rocketmq {
namespace store {
namespace {

constexpr int32_t kMaxInt = INT32_MAX;

// "04" or "01;13" → hours, or an error text for the Settings validator.
std::string ParseHours(const std::string& text, std::vector<int>* hours) {
  std::stringstream in(text);
  std::string token;
  while (std::getline(in, token, ';')) {
    if (token.empty()) continue;
    if (token.size() > 2 || token.find_first_not_of("0123456789") != std::string::npos) {
      return "'" + token + "' is not an hour of the day (00-23)";
    }
    int hour = std::atoi(token.c_str());
    if (hour > 23) return "'" + token + "' is not an hour of the day (00-23)";
    if (hours != nullptr) hours->push_back(hour);
  }
  return "";
}

}  // namespace

std::string MessageStoreConfig::DefaultStorePathRootDir() {
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr && *home != '\0' ? home : "/tmp") + "/store";
}

std::string MessageStoreConfig::CommitLogDir() const {
  return store_path_commit_log.empty() ? store_path_root_dir + "/commitlog" : store_path_commit_log;
}
std::string MessageStoreConfig::ConsumeQueueDir() const {
  return store_path_root_dir + "/consumequeue";
}
std::string MessageStoreConfig::IndexDir() const { return store_path_root_dir + "/index"; }
std::string MessageStoreConfig::CheckpointPath() const {
  return store_path_root_dir + "/checkpoint";
}
std::string MessageStoreConfig::AbortPath() const { return store_path_root_dir + "/abort"; }
std::string MessageStoreConfig::LockPath() const { return store_path_root_dir + "/lock"; }

std::vector<int> MessageStoreConfig::DeleteHours() const {
  std::vector<int> hours;
  ParseHours(delete_when, &hours);
  return hours;
}

Status MessageStoreConfig::Validate() const {
  if (store_path_root_dir.empty()) return Status::InvalidArgument("storePathRootDir is empty");
  if (mapped_file_size_consume_queue % 20 != 0) {
    return Status::InvalidArgument("mappedFileSizeConsumeQueue " +
                                   std::to_string(mapped_file_size_consume_queue) +
                                   " is not a multiple of the 20-byte entry size");
  }
  if (max_message_size >= mapped_file_size_commit_log - 8) {
    return Status::InvalidArgument("maxMessageSize " + std::to_string(max_message_size) +
                                   " does not fit in a CommitLog file of mappedFileSizeCommitLog " +
                                   std::to_string(mapped_file_size_commit_log) + " bytes");
  }
  if (flush_disk_type != "ASYNC_FLUSH" && flush_disk_type != "SYNC_FLUSH") {
    return Status::InvalidArgument("flushDiskType '" + flush_disk_type +
                                   "' is not ASYNC_FLUSH or SYNC_FLUSH");
  }
  std::string problem = ParseHours(delete_when, nullptr);
  if (!problem.empty()) return Status::InvalidArgument("deleteWhen: " + problem);
  if (disk_max_used_space_ratio > disk_space_warning_level_ratio) {
    return Status::InvalidArgument(
        "diskMaxUsedSpaceRatio " + std::to_string(disk_max_used_space_ratio) +
        " is above diskSpaceWarningLevelRatio " + std::to_string(disk_space_warning_level_ratio) +
        ": appends would stop before expiry starts");
  }
  if (!is_slave() && !ha_master_address.empty()) {
    return Status::InvalidArgument("haMasterAddress is set but brokerRole is " + broker_role +
                                   ": only a SLAVE connects to a master");
  }
  return Status::OK();
}

void RegisterMessageStoreSettings(MessageStoreConfig* c, Settings* s) {
  s->String("storePathRootDir", &c->store_path_root_dir, "root directory of the message store",
            [](const std::string& v) { return v.empty() ? "must not be empty" : ""; });
  s->String("storePathCommitLog", &c->store_path_commit_log,
            "CommitLog directory (empty: <storePathRootDir>/commitlog)");
  s->Int("mappedFileSizeCommitLog", &c->mapped_file_size_commit_log, 4096, kMaxInt,
         "size of one CommitLog file in bytes");
  s->Int("mapedFileSizeCommitLog", &c->mapped_file_size_commit_log, 4096, kMaxInt,
         "old spelling of mappedFileSizeCommitLog");
  s->Int("mappedFileSizeConsumeQueue", &c->mapped_file_size_consume_queue, 20, kMaxInt,
         "size of one ConsumeQueue file in bytes (a multiple of 20)");
  s->Int("mapedFileSizeConsumeQueue", &c->mapped_file_size_consume_queue, 20, kMaxInt,
         "old spelling of mappedFileSizeConsumeQueue");
  s->Enum("flushDiskType", &c->flush_disk_type, {"ASYNC_FLUSH", "SYNC_FLUSH"},
          "SYNC_FLUSH acknowledges a message once it is on disk");
  s->Int("flushIntervalCommitLog", &c->flush_interval_commit_log, 1, kMaxInt,
         "ms between asynchronous CommitLog flushes");
  s->Int("flushCommitLogLeastPages", &c->flush_commit_log_least_pages, 0, kMaxInt,
         "4 KiB pages that must be pending before an asynchronous flush");
  s->Int("flushCommitLogThoroughInterval", &c->flush_commit_log_thorough_interval, 0, kMaxInt,
         "ms after which any pending CommitLog bytes are flushed");
  s->Int("flushIntervalConsumeQueue", &c->flush_interval_consume_queue, 1, kMaxInt,
         "ms between ConsumeQueue and index flushes");
  s->Int("flushConsumeQueueLeastPages", &c->flush_consume_queue_least_pages, 0, kMaxInt,
         "4 KiB pages that must be pending before a ConsumeQueue flush");
  s->Int("flushConsumeQueueThoroughInterval", &c->flush_consume_queue_thorough_interval, 0, kMaxInt,
         "ms after which any pending ConsumeQueue bytes are flushed");
  s->Int("syncFlushTimeout", &c->sync_flush_timeout, 1, kMaxInt,
         "ms a SYNC_FLUSH put waits for the disk before answering FLUSH_DISK_TIMEOUT");
  s->Int("fileReservedTime", &c->file_reserved_time, 0, kMaxInt,
         "hours a CommitLog file is kept after its last write");
  s->String("deleteWhen", &c->delete_when, "hours (00-23, ';'-separated) to delete expired files",
            [](const std::string& v) { return ParseHours(v, nullptr); });
  s->Int("diskMaxUsedSpaceRatio", &c->disk_max_used_space_ratio, 10, 95,
         "% of disk use above which expired files are deleted at any hour");
  s->Int("diskSpaceCleanForciblyRatio", &c->disk_space_clean_forcibly_ratio, 10, 99,
         "% of disk use above which even unexpired files are deleted");
  s->Int("diskSpaceWarningLevelRatio", &c->disk_space_warning_level_ratio, 10, 99,
         "% of disk use above which appends are refused");
  s->Bool("cleanFileForciblyEnable", &c->clean_file_forcibly_enable,
          "delete unexpired files when the disk is nearly full");
  s->Bool("deleteUnconsumedWhenDiskFull", &c->delete_unconsumed_when_disk_full,
          "let that forced deletion take messages a consumer group has not consumed yet");
  s->Int("cleanResourceInterval", &c->clean_resource_interval, 1, kMaxInt,
         "ms between expiry checks");
  s->Int("deleteCommitLogFilesInterval", &c->delete_commit_log_files_interval, 0, kMaxInt,
         "ms pause between deleting two CommitLog files");
  s->Int("deleteConsumeQueueFilesInterval", &c->delete_consume_queue_files_interval, 0, kMaxInt,
         "ms pause between deleting two ConsumeQueue files");
  s->Int("maxMessageSize", &c->max_message_size, 1024, kMaxInt,
         "largest message (record) the store accepts, in bytes");
  s->Bool("checkCRCOnRecover", &c->check_crc_on_recover, "verify body CRCs during recovery");
  s->Bool("warmMapedFileEnable", &c->warm_mapped_file_enable,
          "write zeros into new CommitLog files ahead of the writer (always under SYNC_FLUSH)");
  s->Bool("messageIndexEnable", &c->message_index_enable, "index keys and UNIQ_KEY");
  s->Int("maxHashSlotNum", &c->max_hash_slot_num, 1, 100000000, "hash slots per index file");
  s->Int("maxIndexNum", &c->max_index_num, 1, 100000000, "entries per index file");
  s->Int("maxMsgsNumBatch", &c->max_msgs_num_batch, 1, kMaxInt, "most results of a key query");
  s->Int("defaultQueryMaxNum", &c->default_query_max_num, 1, kMaxInt,
         "results of a key query when the caller asks for none");
  s->Int("maxTransferBytesOnMessageInMemory", &c->max_transfer_bytes_on_message_in_memory, 1,
         kMaxInt, "bytes per pull when the data is in memory");
  s->Int("maxTransferCountOnMessageInMemory", &c->max_transfer_count_on_message_in_memory, 1,
         kMaxInt, "messages per pull when the data is in memory");
  s->Int("maxTransferBytesOnMessageInDisk", &c->max_transfer_bytes_on_message_in_disk, 1, kMaxInt,
         "bytes per pull when the data is on disk only");
  s->Int("maxTransferCountOnMessageInDisk", &c->max_transfer_count_on_message_in_disk, 1, kMaxInt,
         "messages per pull when the data is on disk only");
  s->Int("accessMessageInMemoryMaxRatio", &c->access_message_in_memory_max_ratio, 0, 100,
         "% of RAM within which read data counts as in memory");
  s->Bool("enableDLegerCommitLog", &c->enable_dleger_commit_log,
          "DLedger mode: the brokers of one name form a Raft group (dLeger* keys)");
  s->String("dLegerGroup", &c->dleger_group, "DLedger mode: the Raft group's name");
  s->String("dLegerPeers", &c->dleger_peers, "DLedger mode: n0-host:port;n1-host:port;...");
  s->String("dLegerSelfId", &c->dleger_self_id, "DLedger mode: this member's id in dLegerPeers");
  s->String("preferredLeaderId", &c->preferred_leader_id,
            "DLedger mode: members that should lead (;-separated)");
  s->Int("dLegerHeartBeatTimeIntervalMs", &c->dleger_heart_beat_time_interval_ms, 50, 60000,
         "DLedger mode: heartbeat period in ms (a leader missing 3 is replaced)");
  s->Int("dLegerMappedFileSizeForEntryIndex", &c->dleger_index_file_size, 4096, kMaxInt,
         "DLedger mode: index file size in bytes (a multiple of 32)");
  s->Bool("enableBatchPush", &c->enable_batch_push,
          "DLedger mode: batch pushes to followers (not sent yet; ours push one entry at a time)");
  s->String("storePathDLedgerCommitLog", &c->store_path_dledger_commit_log,
            "DLedger mode: data directory (empty = <storePathRootDir>/dledger-<selfId>/data)");
  s->Enum("brokerRole", &c->broker_role, {"ASYNC_MASTER", "SYNC_MASTER", "SLAVE"},
          "role in master/slave replication");
  s->Int("haListenPort", &c->ha_listen_port, MessageStoreConfig::kHaListenPortFromListenPort, 65535,
         "master's HA port (-1 = listenPort + 1, 0 = a free port)");
  s->String("haMasterAddress", &c->ha_master_address,
            "master's HA address ip:port for a SLAVE (empty = learnt from the nameserver)",
            [](const std::string& v) {
              if (v.empty()) return std::string();
              const size_t colon = v.rfind(':');
              if (colon == std::string::npos || colon == 0 || colon + 1 == v.size() ||
                  v.find_first_not_of("0123456789", colon + 1) != std::string::npos ||
                  v.size() - colon - 1 > 5 || std::stoi(v.substr(colon + 1)) > 65535) {
                return "'" + v + "' is not host:port";
              }
              return std::string();
            });
  s->Int("haSendHeartbeatInterval", &c->ha_send_heartbeat_interval, 1, kMaxInt,
         "ms without traffic after which master and slave send a heartbeat");
  s->Int("haHousekeepingInterval", &c->ha_housekeeping_interval, 1, kMaxInt,
         "ms without reading after which an HA connection is closed");
  s->Int("haTransferBatchSize", &c->ha_transfer_batch_size, 1, kMaxInt,
         "most CommitLog bytes a master sends in one HA frame");
  s->Int("haSlaveFallbehindMax", &c->ha_slave_fallbehind_max, 0, INT64_MAX,
         "bytes a slave may lag before a SYNC_MASTER answers SLAVE_NOT_AVAILABLE");
}

}  // namespace store
}  // namespace rocketmq
