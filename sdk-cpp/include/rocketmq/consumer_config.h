// Consumer configuration: a plain struct with Java's defaults, settable field by field in
// C++ or by the Java client's property names (see ConsumerConfig::Set).
#ifndef ROCKETMQ_CONSUMER_CONFIG_H_
#define ROCKETMQ_CONSUMER_CONFIG_H_

#include <cstdint>
#include <string>

#include "rocketmq/client_config.h"
#include "rocketmq/export.h"
#include "rocketmq/status.h"

namespace rocketmq {

// Clustering: the group's consumers share the queues, each message is consumed by one of
// them, progress is kept by the broker. Broadcasting: every consumer gets every message.
enum class MessageModel { kClustering, kBroadcasting };

// How a subscription's expression selects messages: by tags ("*", "TagA || TagB"), or by an
// SQL92 condition on message properties, evaluated by brokers that enable property filtering
// (enablePropertyFilter=true; others refuse such a subscription).
enum class ExpressionType { kTag, kSql92 };

// Where a group starts on a queue it has no committed offset for.
enum class ConsumeFromWhere { kLastOffset, kFirstOffset, kTimestamp };

struct RMQ_EXPORT ConsumerConfig : ClientConfig {
  std::string group = "DEFAULT_CONSUMER";
  MessageModel message_model = MessageModel::kClustering;
  ConsumeFromWhere consume_from_where = ConsumeFromWhere::kLastOffset;
  // With kTimestamp: ms since the epoch; 0 means half an hour before Start().
  int64_t consume_timestamp_ms = 0;

  // Threads running the listener.
  int32_t consume_thread_count = 20;
  // Concurrent consumption: runs the listener on the I/O thread that read the pull's answer
  // instead of handing the messages to a consume thread: one thread wakeup less per pull
  // (most of a message's latency and CPU at a steady moderate rate). Only for listeners that
  // are quick and never block: while one runs, nothing else of the client instance is read
  // or sent, and the consume threads stay idle however long it takes. Compressed pulls,
  // orderly listeners and the sending back of refused messages still use other threads.
  bool consume_on_io_thread = false;
  // Messages handed to one listener call.
  int32_t consume_message_batch_max_size = 1;
  // Messages asked for by one pull request.
  int32_t pull_batch_size = 32;
  // Pause between two pulls of one queue; 0 pulls again as soon as a pull returns.
  int64_t pull_interval_ms = 0;
  // Flow control: a queue is not pulled while this many messages, or this many MiB of
  // bodies, wait for the listener.
  int32_t pull_threshold_for_queue = 1000;
  int32_t pull_threshold_size_for_queue_mib = 100;
  // Redeliveries before the broker moves a message to the group's dead-letter queue
  // (-1: the broker's default, 16).
  int32_t max_reconsume_times = -1;

  // Clustering: how a group's consumers share the queues, by Java's strategy name: "AVG"
  // (contiguous ranges), "AVG_BY_CIRCLE" (round robin) or "CONSISTENT_HASH".
  std::string allocate_strategy = "AVG";
  // Broadcasting: where offsets files are kept; empty means $HOME/.rocketmq_offsets.
  std::string offset_store_dir;

  // Concurrent: a message whose listener call started this many minutes ago and has not
  // returned is sent back for redelivery and no longer holds back its queue's committed
  // offset (Java's consumeTimeout; checked every consume_timeout_minutes).
  int64_t consume_timeout_minutes = 15;

  // Orderly: how long a queue pauses after its listener asks to suspend.
  int64_t suspend_current_queue_time_ms = 1000;

  int64_t rebalance_interval_ms = 20000;
  int64_t persist_consumer_offset_interval_ms = 5000;
  // Long polling: how long the broker holds a pull that finds nothing, and how long the
  // client waits for such a pull's answer.
  int64_t broker_suspend_max_time_ms = 15000;
  int64_t consumer_timeout_ms_when_suspend = 30000;

  // Also accepts consumerGroup, messageModel (CLUSTERING/BROADCASTING), consumeFromWhere
  // (CONSUME_FROM_LAST_OFFSET/..._FIRST_OFFSET/..._TIMESTAMP), consumeTimestamp (ms),
  // consumeThreadMin, consumeMessageBatchMaxSize, suspendCurrentQueueTimeMillis, pullBatchSize,
  // pullInterval, pullThresholdForQueue, pullThresholdSizeForQueue, maxReconsumeTimes,
  // consumeTimeout (minutes), allocateMessageQueueStrategy, offsetStoreDir, consumeOnIoThread.
  Status Set(const std::string& key, const std::string& value) override;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_CONFIG_H_
