// Conversions between the public MessageQueue and the protocol's (the JSON bodies' key type).
#ifndef ROCKETMQ_CONSUMER_WIRE_QUEUE_H_
#define ROCKETMQ_CONSUMER_WIRE_QUEUE_H_

#include "protocol/message_queue.h"
#include "rocketmq/message_queue.h"

namespace rocketmq {
namespace consumer {

inline protocol::MessageQueue ToWire(const MessageQueue& queue) {
  protocol::MessageQueue wire;
  wire.topic = queue.topic;
  wire.broker_name = queue.broker_name;
  wire.queue_id = queue.queue_id;
  return wire;
}

inline MessageQueue FromWire(const protocol::MessageQueue& wire) {
  return MessageQueue{wire.topic, wire.broker_name, wire.queue_id};
}

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_WIRE_QUEUE_H_
