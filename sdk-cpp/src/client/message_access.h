// What the SDK's own code may do to a Message that its public interface does not offer.
#ifndef ROCKETMQ_CLIENT_MESSAGE_ACCESS_H_
#define ROCKETMQ_CLIENT_MESSAGE_ACCESS_H_

#include <atomic>
#include <string>
#include <utility>

#include "rocketmq/message.h"

namespace rocketmq {
namespace internal {

struct MessageAccess {
  // Replaces the properties of `message` with those of `encoded` (protocol.md §5.1's
  // encoding, as a record carries them), decoded on their first read.
  static void SetEncodedProperties(Message* message, std::string encoded) {
    message->properties_.clear();
    message->encoded_properties_ = std::move(encoded);
    message->properties_decoded_.value.store(false, std::memory_order_relaxed);
  }
};

}  // namespace internal
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_MESSAGE_ACCESS_H_
