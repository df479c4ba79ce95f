// From a PULL_MESSAGE body to what a listener sees: decoded records turned into MessageExt,
// messages whose tag the subscription does not name dropped (the broker filters by tag hash
// code only), and messages redelivered through the group's retry topic given back their
// original topic — as Java's PullAPIWrapper.processPullResult and resetRetryAndNamespace.
#ifndef ROCKETMQ_CONSUMER_PULLED_MESSAGES_H_
#define ROCKETMQ_CONSUMER_PULLED_MESSAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "protocol/decoded_message.h"
#include "protocol/heartbeat_data.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace consumer {

// The retry topic of a consumer group.
std::string RetryTopic(const std::string& group);

MessageExt ToMessageExt(protocol::DecodedMessage decoded, const std::string& broker_name);

// Decodes `body`, keeps what `subscription` matches, and restores original topics of retried
// messages for `group`.
Result<std::vector<MessageExt>> ProcessPulledBody(std::string_view body,
                                                  const protocol::SubscriptionData& subscription,
                                                  const std::string& group,
                                                  const std::string& broker_name);

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_PULLED_MESSAGES_H_
