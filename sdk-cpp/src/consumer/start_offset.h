// Where a consumer starts on a queue it was just given (Java's computePullFromWhere): the
// group's committed offset when there is one, else per consume_from_where — the queue's end
// (a retry queue: its beginning), its beginning, or the first message stored at or after
// consume_timestamp_ms (a retry queue: its end).
#ifndef ROCKETMQ_CONSUMER_START_OFFSET_H_
#define ROCKETMQ_CONSUMER_START_OFFSET_H_

#include <cstdint>
#include <string>

#include "consumer/offset_store.h"
#include "remoting/remoting_client.h"
#include "rocketmq/consumer_config.h"

namespace rocketmq {
namespace consumer {

// `broker_address`: the master hosting `queue` (for GET_MAX_OFFSET / SEARCH_OFFSET).
Result<int64_t> ComputeStartOffset(const MessageQueue& queue, const ConsumerConfig& config,
                                   OffsetStore* offsets, remoting::RemotingClient* remoting,
                                   const std::string& broker_address);

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_START_OFFSET_H_
