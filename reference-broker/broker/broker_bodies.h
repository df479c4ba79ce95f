// The JSON bodies the broker reads and writes besides topic configs (protocol.md §4.4,
// §4.5, §4.7, §4.9), in fastjson's shapes. MessageQueue-keyed maps are written with raw
// object keys, which is what Java's fastjson reads back into Map<MessageQueue, ...>.
#ifndef ROCKETMQ_BROKER_BROKER_BODIES_H_
#define ROCKETMQ_BROKER_BROKER_BODIES_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "broker/consumer_manager.h"
#include "rocketmq/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

// LockBatchRequestBody / UnlockBatchRequestBody (LOCK_BATCH_MQ 41, UNLOCK_BATCH_MQ 42).
struct LockBatchRequest {
  std::string consumer_group;
  std::string client_id;
  bool only_this_broker = false;
  std::set<MessageQueue> mq_set;

  static Result<LockBatchRequest> Decode(std::string_view json);
};

// {"lockOKMQSet":[{"brokerName":..,"queueId":..,"topic":..},...]}
std::string EncodeLockBatchResponse(const std::set<MessageQueue>& locked);

// {"consumerIdList":[...]} (GET_CONSUMER_LIST_BY_GROUP).
std::string EncodeConsumerIdList(const std::vector<std::string>& ids);

// ConsumerConnection (GET_CONSUMER_CONNECTION_LIST).
std::string EncodeConsumerConnection(const ConsumerGroupInfo& group);

// One row of ConsumeStats.offsetTable / TopicStatsTable.offsetTable.
struct OffsetWrapper {
  int64_t broker_offset = 0;
  int64_t consumer_offset = 0;
  int64_t last_timestamp = 0;
};
struct TopicOffset {
  int64_t min_offset = 0;
  int64_t max_offset = 0;
  int64_t last_update_timestamp = 0;
};

// {"consumeTps":0.0,"offsetTable":{{mq}:{"brokerOffset":..,"consumerOffset":..,
// "lastTimestamp":..},...}}
std::string EncodeConsumeStats(const std::map<MessageQueue, OffsetWrapper>& table,
                               double consume_tps);
// {"offsetTable":{{mq}:{"lastUpdateTimestamp":..,"maxOffset":..,"minOffset":..}}}
std::string EncodeTopicStatsTable(const std::map<MessageQueue, TopicOffset>& table);

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_BROKER_BODIES_H_
