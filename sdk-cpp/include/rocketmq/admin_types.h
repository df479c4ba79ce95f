// Values the admin API returns and takes (see rocketmq/admin.h): plain structs, copied freely,
// with the field meanings of Apache's admin classes (ClusterInfo, TopicRouteData,
// TopicStatsTable, ConsumeStats, ConsumerConnection, SubscriptionGroupConfig, ...).
#ifndef ROCKETMQ_ADMIN_TYPES_H_
#define ROCKETMQ_ADMIN_TYPES_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rocketmq/message_queue.h"

namespace rocketmq {

// Permission bits of a topic or a broker (PermName): 6 = read and write.
constexpr int32_t kPermRead = 4;
constexpr int32_t kPermWrite = 2;
constexpr int32_t kPermInherit = 1;

// One broker name: its cluster and its addresses by broker id (0 is the master).
struct BrokerInfo {
  std::string cluster;
  std::string broker_name;
  std::map<int64_t, std::string> addrs;
  // The master's address, or "" when no master is registered.
  std::string MasterAddr() const {
    auto it = addrs.find(0);
    return it == addrs.end() ? std::string() : it->second;
  }
};

// What the nameservers know about brokers, by cluster.
struct ClusterInfo {
  std::map<std::string, BrokerInfo> brokers;                 // broker name -> info
  std::map<std::string, std::vector<std::string>> clusters;  // cluster -> broker names
};

// One broker's share of a topic.
struct QueueRoute {
  std::string broker_name;
  int32_t read_queue_nums = 0;
  int32_t write_queue_nums = 0;
  int32_t perm = 0;
};

struct TopicRoute {
  std::vector<QueueRoute> queues;
  std::vector<BrokerInfo> brokers;
  std::string order_topic_conf;  // "brokerA:4;brokerB:4" for ordered topics
};

// One queue of a topic as its broker stores it (topicStatus).
struct QueueStatus {
  MessageQueue queue;
  int64_t min_offset = 0;
  int64_t max_offset = 0;
  int64_t last_update_timestamp = 0;  // store time of the newest message, 0 when empty
};

// One statistics item of a broker over a period (BrokerStatsItem): the count in it, the
// count per second, and the average per event (for sizes and times).
struct StatsSnapshot {
  int64_t sum = 0;
  double tps = 0;
  double avgpt = 0;
};

// VIEW_BROKER_STATS_DATA: one item's last minute, hour and day (BrokerStatsData).
struct BrokerStatsData {
  StatsSnapshot minute;
  StatsSnapshot hour;
  StatsSnapshot day;
  // The messages of the last 24 hours as mqadmin statsAll counts them: the day's sum, or the
  // hour's, or the minute's, whichever is first non-zero.
  int64_t Sum24Hours() const {
    if (day.sum != 0) return day.sum;
    if (hour.sum != 0) return hour.sum;
    return minute.sum;
  }
};

// Settings of a topic on a broker (updateTopic).
struct TopicSettings {
  std::string topic;
  int32_t read_queue_nums = 8;
  int32_t write_queue_nums = 8;
  int32_t perm = kPermRead | kPermWrite;
  bool order = false;
};

// Settings of a consumer group on a broker (updateSubGroup).
struct SubscriptionGroupSettings {
  std::string group_name;
  bool consume_enable = true;
  bool consume_from_min_enable = true;
  bool consume_broadcast_enable = true;
  int32_t retry_queue_nums = 1;
  int32_t retry_max_times = 16;
  int64_t broker_id = 0;
  int64_t which_broker_when_consume_slowly = 1;
  bool notify_consumer_ids_changed_enable = true;
  bool consume_message_orderly = false;
};

// A group's progress on one queue.
struct QueueProgress {
  MessageQueue queue;
  int64_t broker_offset = 0;    // the queue's max offset
  int64_t consumer_offset = 0;  // the group's committed offset
  int64_t last_timestamp = 0;   // store time of the last consumed message, 0 when unknown
  int64_t Lag() const { return broker_offset - consumer_offset; }
};

// consumerProgress: every queue the group consumes, in MessageQueue order.
struct ConsumeProgress {
  std::vector<QueueProgress> queues;
  double consume_tps = 0;
  int64_t TotalLag() const {
    int64_t total = 0;
    for (const auto& q : queues) total += q.Lag();
    return total;
  }
};

// One client connection as a broker sees it.
struct ClientConnection {
  std::string client_id;
  std::string client_addr;
  std::string language;  // "JAVA", "CPP", ...
  int32_t version = 0;   // MQVersion ordinal
};

struct ConsumerConnections {
  std::vector<ClientConnection> connections;
  std::map<std::string, std::string> subscriptions;  // topic -> expression
  std::string consume_type;                          // CONSUME_ACTIVELY / CONSUME_PASSIVELY
  std::string message_model;                         // CLUSTERING / BROADCASTING
  std::string consume_from_where;
};

// The state one consumer reports about one queue.
struct ProcessQueueStatus {
  MessageQueue queue;
  int64_t commit_offset = 0;
  int64_t cached_msg_min_offset = 0;
  int64_t cached_msg_max_offset = 0;
  int32_t cached_msg_count = 0;
  bool locked = false;
  bool dropped = false;
  int64_t last_pull_timestamp = 0;
  int64_t last_consume_timestamp = 0;
};

// Per-topic rates one consumer reports.
struct ConsumeRates {
  double pull_rt = 0;
  double pull_tps = 0;
  double consume_rt = 0;
  double consume_ok_tps = 0;
  double consume_failed_tps = 0;
  int64_t consume_failed_msgs = 0;
};

// CONSUME_MESSAGE_DIRECTLY: what a consumer's listener answered for a message handed to it
// once more (ConsumeMessageDirectlyResult).
struct ConsumeDirectlyResult {
  bool order = false;
  bool auto_commit = true;
  std::string consume_result;  // CR_SUCCESS, CR_LATER, CR_ROLLBACK, CR_COMMIT, CR_THROW_EXCEPTION,
                               // CR_RETURN_NULL
  std::string remark;
  int64_t spent_time_ms = 0;
};

// consumerStatus: what one consumer client reports about itself.
struct ConsumerRunningInfo {
  std::map<std::string, std::string> properties;     // PROP_* keys, as Java's
  std::map<std::string, std::string> subscriptions;  // topic -> expression
  std::vector<ProcessQueueStatus> queues;
  std::map<std::string, ConsumeRates> rates;  // topic -> rates
  std::string jstack;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_ADMIN_TYPES_H_
