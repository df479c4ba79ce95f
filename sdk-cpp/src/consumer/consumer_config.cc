#include "rocketmq/consumer_config.h"

#include <limits>

#include "client/validators.h"
#include "common/settings.h"

namespace rocketmq {
namespace {

void DeclareConsumerSettings(ConsumerConfig* c, Settings* s) {
  s->String("consumerGroup", &c->group, "consumer group", [](const std::string& v) {
    auto status = client::CheckGroup(v);
    return status.ok() ? std::string() : status.message();
  });
  s->Int("consumeTimestamp", &c->consume_timestamp_ms, 0, std::numeric_limits<int64_t>::max(),
         "start of a new group with CONSUME_FROM_TIMESTAMP, ms since the epoch");
  s->Int("consumeThreadMin", &c->consume_thread_count, 1, 1000, "listener threads");
  s->Bool("consumeOnIoThread", &c->consume_on_io_thread,
          "concurrent: run quick, non-blocking listeners on the I/O thread");
  s->Int("consumeMessageBatchMaxSize", &c->consume_message_batch_max_size, 1, 1024,
         "messages per listener call");
  s->Int("pullBatchSize", &c->pull_batch_size, 1, 1024, "messages per pull");
  s->Int("pullInterval", &c->pull_interval_ms, 0, 65535, "pause between pulls of a queue, ms");
  s->Int("pullThresholdForQueue", &c->pull_threshold_for_queue, 1, 65535,
         "messages waiting per queue before pulling pauses");
  s->Int("pullThresholdSizeForQueue", &c->pull_threshold_size_for_queue_mib, 1, 1024,
         "MiB waiting per queue before pulling pauses");
  s->Int("suspendCurrentQueueTimeMillis", &c->suspend_current_queue_time_ms, 1, 60000,
         "orderly: pause of a queue whose listener asked to suspend, ms");
  s->Enum("allocateMessageQueueStrategy", &c->allocate_strategy,
          {"AVG", "AVG_BY_CIRCLE", "CONSISTENT_HASH"}, "how a group shares the queues");
  s->String("offsetStoreDir", &c->offset_store_dir, "broadcasting: directory of offsets files");
  s->Int("maxReconsumeTimes", &c->max_reconsume_times, -1, 16384,
         "redeliveries before the dead-letter queue");
  s->Int("consumeTimeout", &c->consume_timeout_minutes, 1, 24 * 60,
         "concurrent: minutes a message may stay in a listener call before it is sent back");
}

}  // namespace

Status ConsumerConfig::Set(const std::string& key, const std::string& value) {
  if (key == "messageModel") {
    if (value == "CLUSTERING") {
      message_model = MessageModel::kClustering;
    } else if (value == "BROADCASTING") {
      message_model = MessageModel::kBroadcasting;
    } else {
      return Status::InvalidArgument(
          "ConsumerConfig::Set: messageModel must be CLUSTERING or "
          "BROADCASTING, not '" +
          value + "'");
    }
    return Status::OK();
  }
  if (key == "consumeFromWhere") {
    if (value == "CONSUME_FROM_LAST_OFFSET") {
      consume_from_where = ConsumeFromWhere::kLastOffset;
    } else if (value == "CONSUME_FROM_FIRST_OFFSET") {
      consume_from_where = ConsumeFromWhere::kFirstOffset;
    } else if (value == "CONSUME_FROM_TIMESTAMP") {
      consume_from_where = ConsumeFromWhere::kTimestamp;
    } else {
      return Status::InvalidArgument("ConsumerConfig::Set: consumeFromWhere '" + value +
                                     "' is not one of CONSUME_FROM_LAST_OFFSET, "
                                     "CONSUME_FROM_FIRST_OFFSET, CONSUME_FROM_TIMESTAMP");
    }
    return Status::OK();
  }
  Settings settings("consumer");
  DeclareConsumerSettings(this, &settings);
  if (settings.Has(key)) return settings.Set(key, value, "ConsumerConfig::Set");
  return ClientConfig::Set(key, value);
}

}  // namespace rocketmq
