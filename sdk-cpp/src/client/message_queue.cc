#include "rocketmq/message_queue.h"

namespace rocketmq {

std::string MessageQueue::ToString() const {
  return "MessageQueue [topic=" + topic + ", brokerName=" + broker_name +
         ", queueId=" + std::to_string(queue_id) + "]";
}

}  // namespace rocketmq
