#include "producer/batch_size.h"

#include "protocol/batch_body.h"
#include "protocol/message_properties.h"

namespace rocketmq {
namespace client {

size_t BatchEntrySize(const Message& message) {
  size_t properties = 0;
  for (const auto& [name, value] : message.properties())
    properties += name.size() + value.size() + 2;
  if (!message.has_property(protocol::MessageConst::kPropertyUniqClientMessageIdKeyidx)) {
    properties += kUniqKeyPropertyBytes;
  }
  return protocol::kBatchEntryOverhead + message.body().size() + properties;
}

}  // namespace client
}  // namespace rocketmq
