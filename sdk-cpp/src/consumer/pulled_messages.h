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

// The "ip:port" texts of the hosts a run of messages names, formatted once per distinct
// host: the messages of one pull share their store host and mostly their born hosts, and
// formatting (inet_ntop, to_string) cost each message more than the rest of its header.
class HostTexts {
 public:
  const std::string& Of(const protocol::HostAddress& host);

 private:
  struct Entry {
    protocol::HostAddress host;
    std::string text;
  };
  std::vector<Entry> entries_;  // a handful; searched from the most recent
};

MessageExt ToMessageExt(protocol::DecodedMessage decoded, const std::string& broker_name,
                        HostTexts* hosts);

// Decodes `body`, keeps what `subscription` matches, and restores original topics of retried
// messages for `group`.
Result<std::vector<MessageExt>> ProcessPulledBody(std::string_view body,
                                                  const protocol::SubscriptionData& subscription,
                                                  const std::string& group,
                                                  const std::string& broker_name);

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_PULLED_MESSAGES_H_
