// How many bytes a message takes inside a batch body (protocol.md §5.5), computed without
// encoding it, so batches can be cut to fit maxMessageSize before anything is sent.
#ifndef ROCKETMQ_PRODUCER_BATCH_SIZE_H_
#define ROCKETMQ_PRODUCER_BATCH_SIZE_H_

#include <cstddef>

#include "rocketmq/message.h"

namespace rocketmq {
namespace client {

// "UNIQ_KEY" 0x01 <32 hex digits> 0x02: what the producer adds to a message without an id.
constexpr size_t kUniqKeyPropertyBytes = 8 + 1 + 32 + 1;

// The entry's size once sent, counting the UNIQ_KEY property the producer will add if the
// message has none yet.
size_t BatchEntrySize(const Message& message);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_BATCH_SIZE_H_
