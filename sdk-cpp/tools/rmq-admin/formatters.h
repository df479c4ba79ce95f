// What rmq-admin prints for each result: the table mqadmin prints for the same command, or a
// JSON document with the same facts (--json). Pure functions of their inputs, so that the
// layouts are tested without a cluster.
#ifndef ROCKETMQ_TOOLS_RMQ_ADMIN_FORMATTERS_H_
#define ROCKETMQ_TOOLS_RMQ_ADMIN_FORMATTERS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rocketmq/admin_types.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/send_result.h"

namespace rocketmq {
namespace admin_cli {

// printf into a string; the format strings are mqadmin's.
std::string Format(const char* format, ...) __attribute__((format(printf, 1, 2)));

// "yyyy-MM-dd HH:mm:ss,SSS" in local time, as mqadmin prints timestamps.
std::string HumanTime(int64_t epoch_ms);

// A message body for a terminal: as is when it is printable UTF-8, else "hex:" and its bytes.
std::string SafeBody(const std::string& body);

// clusterList. `stats` holds GET_BROKER_RUNTIME_INFO of each broker address (missing when
// the broker did not answer); `now_ms` anchors the #Hour column.
std::string ClusterListText(const ClusterInfo& info,
                            const std::map<std::string, std::map<std::string, std::string>>& stats,
                            int64_t now_ms);
std::string ClusterListJson(const ClusterInfo& info,
                            const std::map<std::string, std::map<std::string, std::string>>& stats);

std::string TopicListText(const std::vector<std::string>& topics);
std::string TopicListJson(const std::vector<std::string>& topics);

// topicList -c: the cluster and the consumer groups of each topic.
struct TopicUsage {
  std::string cluster;
  std::string topic;
  std::vector<std::string> groups;
};
std::string TopicUsageText(const std::vector<TopicUsage>& topics);
std::string TopicUsageJson(const std::vector<TopicUsage>& topics);

// topicRoute prints JSON either way, as mqadmin does.
std::string TopicRouteJson(const TopicRoute& route);

std::string TopicStatusText(const std::vector<QueueStatus>& queues);
std::string TopicStatusJson(const std::vector<QueueStatus>& queues);

std::string ConsumeProgressText(const ConsumeProgress& progress);
std::string ConsumeProgressJson(const std::string& group, const ConsumeProgress& progress);

// consumerProgress without a group: one line per group, as mqadmin prints it.
struct GroupSummary {
  std::string group;
  int32_t count = 0;          // online members
  int32_t version = 0;        // MQVersion ordinal of the first member, 0 when none is online
  std::string type;           // PUSH / PULL, empty when none is online
  std::string message_model;  // CLUSTERING / BROADCASTING
  double consume_tps = 0;
  int64_t diff_total = 0;
};
std::string GroupSummariesText(const std::vector<GroupSummary>& groups);
std::string GroupSummariesJson(const std::vector<GroupSummary>& groups);

std::string ConsumerConnectionsText(const ConsumerConnections& connections);
std::string ConsumerConnectionsJson(const ConsumerConnections& connections);

std::string ProducerConnectionsText(const std::vector<ClientConnection>& connections);
std::string ProducerConnectionsJson(const std::vector<ClientConnection>& connections);

std::string RunningInfoText(const std::string& client_id, const ConsumerRunningInfo& info);
std::string RunningInfoJson(const std::string& client_id, const ConsumerRunningInfo& info);

// queryMsgById / queryMsgByOffset: one message in full.
std::string MessageText(const MessageExt& message);
std::string MessageJson(const MessageExt& message);
// queryMsgByKey: one line per message.
std::string MessageListText(const std::vector<MessageExt>& messages);
std::string MessageListJson(const std::vector<MessageExt>& messages);

// printMsg: "MSGID: <id> MessageExt [...] BODY: <body>", one line per message.
std::string PrintMsgLine(const MessageExt& message, bool print_body);

// brokerStatus ("%-32s: %s") and getBrokerConfig ("%-50s=  %s").
std::string BrokerStatusText(const std::map<std::string, std::string>& stats);
std::string BrokerConfigText(const std::string& addr,
                             const std::map<std::string, std::string>& config);
std::string MapJson(const std::map<std::string, std::string>& map);
// Several brokers' maps, by address.
std::string MapsJson(const std::map<std::string, std::map<std::string, std::string>>& maps);

std::string ResetOffsetText(const std::map<MessageQueue, int64_t>& offsets);
std::string ResetOffsetJson(const std::map<MessageQueue, int64_t>& offsets);

std::string SendResultText(const SendResult& result);
std::string SendResultJson(const SendResult& result);

// statsAll: one line per topic and consumer group (a topic without groups gets one line
// with an empty group and NO_CONSUMER).
struct TopicGroupStats {
  std::string topic;
  std::string group;  // "" when the topic has no consumer group
  int64_t accumulation = 0;
  double in_tps = 0;
  double out_tps = 0;
  int64_t in_msg_24h = 0;
  int64_t out_msg_24h = 0;
};
std::string StatsAllText(const std::vector<TopicGroupStats>& rows);
std::string StatsAllJson(const std::vector<TopicGroupStats>& rows);

}  // namespace admin_cli
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_ADMIN_FORMATTERS_H_
