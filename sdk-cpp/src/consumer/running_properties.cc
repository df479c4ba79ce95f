#include "consumer/running_properties.h"

#include "protocol/consumer_running_info.h"
#include "protocol/heartbeat_data.h"

namespace rocketmq {
namespace consumer {
namespace {

// The MQVersion our requests carry (remoting::kDefaultVersion), as Java names it.
constexpr char kClientVersion[] = "V5_3_3";

const char* MessageModelName(MessageModel model) {
  return model == MessageModel::kClustering ? protocol::kMessageModelClustering
                                            : protocol::kMessageModelBroadcasting;
}

const char* ConsumeFromWhereName(ConsumeFromWhere where) {
  switch (where) {
    case ConsumeFromWhere::kFirstOffset:
      return protocol::kConsumeFromFirstOffset;
    case ConsumeFromWhere::kTimestamp:
      return protocol::kConsumeFromTimestamp;
    case ConsumeFromWhere::kLastOffset:
      break;
  }
  return protocol::kConsumeFromLastOffset;
}

}  // namespace

std::map<std::string, std::string> RunningProperties(const ConsumerConfig& config,
                                                     const std::string& namesrv_addr,
                                                     const char* consume_type,
                                                     int64_t start_wall_ms) {
  std::map<std::string, std::string> props;
  props["consumerGroup"] = config.group;
  props["messageModel"] = MessageModelName(config.message_model);
  props["consumeFromWhere"] = ConsumeFromWhereName(config.consume_from_where);
  props["pullBatchSize"] = std::to_string(config.pull_batch_size);
  props["pullThresholdForQueue"] = std::to_string(config.pull_threshold_for_queue);
  props["allocateMessageQueueStrategy"] = config.allocate_strategy;
  props["persistConsumerOffsetInterval"] =
      std::to_string(config.persist_consumer_offset_interval_ms);
  props["instanceName"] = config.instance_name;
  props["unitMode"] = "false";
  props[protocol::kPropNamesrvAddr] = namesrv_addr;
  props[protocol::kPropConsumeType] = consume_type;
  props[protocol::kPropClientVersion] = kClientVersion;
  props[protocol::kPropConsumerStartTimestamp] = std::to_string(start_wall_ms);
  return props;
}

}  // namespace consumer
}  // namespace rocketmq
