// The broker's code names topic rules `topic::...`; they live in the protocol library, shared
// with the SDK's validators and the tools.
#ifndef ROCKETMQ_BROKER_TOPIC_VALIDATOR_H_
#define ROCKETMQ_BROKER_TOPIC_VALIDATOR_H_

#include "protocol/topic_names.h"

namespace rocketmq {
namespace broker {
namespace topic = protocol::topic;
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TOPIC_VALIDATOR_H_
