// MessageQueue: one queue of a topic on one broker, as it appears in JSON bodies:
// {"brokerName":"broker-a","queueId":0,"topic":"T1"}. It is also the key of several
// fastjson maps, written as a raw object key (see json_writer.h); KeyJson() gives that text
// and FromKeyJson() reads a key back.
#ifndef ROCKETMQ_PROTOCOL_MESSAGE_QUEUE_H_
#define ROCKETMQ_PROTOCOL_MESSAGE_QUEUE_H_

#include <json/json.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "protocol/json_writer.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct MessageQueue {
  std::string topic;
  std::string broker_name;
  int32_t queue_id = 0;

  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what, MessageQueue* out);
  std::string KeyJson() const;
  static Result<MessageQueue> FromKeyJson(std::string_view key);

  // Apache's compareTo order: topic, then broker name, then queue id.
  bool operator<(const MessageQueue& o) const {
    return std::tie(topic, broker_name, queue_id) < std::tie(o.topic, o.broker_name, o.queue_id);
  }
  bool operator==(const MessageQueue& o) const {
    return topic == o.topic && broker_name == o.broker_name && queue_id == o.queue_id;
  }
  bool operator!=(const MessageQueue& o) const { return !(*this == o); }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_MESSAGE_QUEUE_H_
