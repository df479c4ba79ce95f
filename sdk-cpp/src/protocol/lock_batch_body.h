// Bodies of LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42), the queue locks of orderly
// consumption (protocol.md §4.4).
#ifndef ROCKETMQ_PROTOCOL_LOCK_BATCH_BODY_H_
#define ROCKETMQ_PROTOCOL_LOCK_BATCH_BODY_H_

#include <set>
#include <string>
#include <string_view>

#include "protocol/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// LockBatchRequestBody and UnlockBatchRequestBody have the same shape.
struct LockBatchRequestBody {
  std::string consumer_group;
  std::string client_id;
  bool only_this_broker = false;
  std::set<MessageQueue> mq_set;

  std::string Encode() const;
  static Result<LockBatchRequestBody> Decode(std::string_view json);
  bool operator==(const LockBatchRequestBody& o) const {
    return consumer_group == o.consumer_group && client_id == o.client_id &&
           only_this_broker == o.only_this_broker && mq_set == o.mq_set;
  }
};
using UnlockBatchRequestBody = LockBatchRequestBody;

// The subset of the requested queues now locked by the requesting client.
struct LockBatchResponseBody {
  std::set<MessageQueue> lock_ok_mq_set;

  std::string Encode() const;
  static Result<LockBatchResponseBody> Decode(std::string_view json);
  bool operator==(const LockBatchResponseBody& o) const {
    return lock_ok_mq_set == o.lock_ok_mq_set;
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_LOCK_BATCH_BODY_H_
