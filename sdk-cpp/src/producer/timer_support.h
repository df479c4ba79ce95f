// Timer messages (Message::set_delivery_time / set_delay) are honoured only by brokers of
// RocketMQ 5.x; Apache 4.9.x stores them in their topic at once, properties untouched, and
// answers SUCCESS. The signal that tells them apart is the MQVersion ordinal every broker
// stamps on its responses (RemotingCommand.version; Apache's BrokerStartup sets it to its own
// MQVersion.CURRENT_VERSION). The producer checks it before sending a timer message and fails
// the send, with nothing sent, against an older broker.
#ifndef ROCKETMQ_PRODUCER_TIMER_SUPPORT_H_
#define ROCKETMQ_PRODUCER_TIMER_SUPPORT_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/remoting_client.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace client {

// The oldest broker version that honours the timer properties in an encoded properties
// string: V5_1_0 for TIMER_DELAY_MS (added in 5.1), V5_0_0 for TIMER_DELIVER_MS and
// TIMER_DELAY_SEC; 0 when there is none, or when a DELAY level > 0 wins over them (every
// broker honours levels).
int32_t TimerMinBrokerVersion(std::string_view encoded_properties);
// Whether `name` is one of the timer properties TimerMinBrokerVersion reads.
bool IsTimerProperty(std::string_view name);

// "V5_1_0"-style name of a version ordinal (around the 4.x / 5.x boundary), for messages.
std::string MQVersionName(int32_t version);

// The version each broker address answered with, learnt once per address.
class BrokerVersions {
 public:
  void Record(const std::string& address, int32_t version);
  std::optional<int32_t> Find(const std::string& address) const;

  // OK when the broker at `address` is at least `min_version`. An address not seen yet is
  // asked with one HEART_BEAT (the producer's own, `heartbeat_body`) within `timeout`; a
  // broker too old is FailedPrecondition naming its version, and nothing is sent.
  Status CheckTimerSupport(remoting::RemotingClient& remoting, const std::string& address,
                           const std::string& broker_name, const std::string& heartbeat_body,
                           int32_t min_version, std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mu_;
  std::map<std::string, int32_t> versions_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_TIMER_SUPPORT_H_
