// GetConsumerStatusBody: a consumer's answer to GET_CONSUMER_STATUS_FROM_CLIENT (221), the
// committed offsets of one topic's queues it consumes. Java writes the MessageQueue keys raw
// (as ConsumeStats does), and the broker's fastjson reads them back that way.
#ifndef ROCKETMQ_PROTOCOL_CONSUMER_STATUS_BODY_H_
#define ROCKETMQ_PROTOCOL_CONSUMER_STATUS_BODY_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "protocol/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct GetConsumerStatusBody {
  std::map<MessageQueue, int64_t> message_queue_table;
  // Client id -> its table: what the broker gathers from every client (223's answer).
  std::map<std::string, std::map<MessageQueue, int64_t>> consumer_table;

  std::string Encode() const;
  static Result<GetConsumerStatusBody> Decode(std::string_view json);
  bool operator==(const GetConsumerStatusBody& o) const {
    return message_queue_table == o.message_queue_table && consumer_table == o.consumer_table;
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_CONSUMER_STATUS_BODY_H_
