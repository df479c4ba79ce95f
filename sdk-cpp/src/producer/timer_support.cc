#include "producer/timer_support.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <optional>
#include <string_view>

#include "protocol/message_properties.h"
#include "protocol/mq_version.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace client {
namespace {

namespace mc = protocol::MessageConst;

// MQVersion ordinals: V4_9_7 = 407, V5_0_0 = 413, V5_1_0 = 433 (each release has a SNAPSHOT
// before it, ten patch releases per minor).
constexpr int32_t kV5_1_0 = 433;

// The timer properties, in the order TimerMinBrokerVersion reads them.
constexpr std::string_view kTimerProperties[] = {
    mc::kPropertyTimerDelayMs, mc::kPropertyTimerDeliverMs, mc::kPropertyTimerDelaySec};

}  // namespace

int32_t TimerMinBrokerVersion(std::string_view encoded_properties) {
  // One pass over the properties for the four names: a pass per name cost every message
  // (each of a batch's too) ~700 instructions.
  const std::string_view names[] = {mc::kPropertyDelayTimeLevel, kTimerProperties[0],
                                    kTimerProperties[1], kTimerProperties[2]};
  std::optional<std::string_view> found[std::size(names)];
  protocol::FindProperties(encoded_properties, names, std::size(names), found);
  const auto& [delay, delay_ms, deliver_ms, delay_sec] = found;
  if (delay) {
    int32_t level = 0;
    const auto [end, ec] = std::from_chars(delay->data(), delay->data() + delay->size(), level);
    if (ec == std::errc() && end == delay->data() + delay->size() && level > 0) return 0;
  }
  if (delay_ms) return kV5_1_0;
  if (deliver_ms || delay_sec) return protocol::MQVersion::kV5_0_0;
  return 0;
}

bool IsTimerProperty(std::string_view name) {
  return std::find(std::begin(kTimerProperties), std::end(kTimerProperties), name) !=
         std::end(kTimerProperties);
}

std::string MQVersionName(int32_t version) {
  // V4_0_0 (213) onwards: a SNAPSHOT and a release per patch version, ten per minor.
  if (version < protocol::MQVersion::kV4_0_0) return "version ordinal " + std::to_string(version);
  const int32_t index = (version - protocol::MQVersion::kV4_0_0 + 1) / 2;
  const bool snapshot = (version - protocol::MQVersion::kV4_0_0) % 2 != 0;
  return "V" + std::to_string(4 + index / 100) + "_" + std::to_string(index / 10 % 10) + "_" +
         std::to_string(index % 10) + (snapshot ? "_SNAPSHOT" : "");
}

void BrokerVersions::Record(const std::string& address, int32_t version) {
  std::lock_guard<std::mutex> lock(mu_);
  versions_[address] = version;
}

std::optional<int32_t> BrokerVersions::Find(const std::string& address) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = versions_.find(address);
  if (it == versions_.end()) return std::nullopt;
  return it->second;
}

Status BrokerVersions::CheckTimerSupport(remoting::RemotingClient& remoting,
                                         const std::string& address, const std::string& broker_name,
                                         const std::string& heartbeat_body, int32_t min_version,
                                         std::chrono::milliseconds timeout) {
  std::optional<int32_t> version = Find(address);
  if (!version) {
    auto request = remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kHeartBeat);
    request.set_body(heartbeat_body);
    auto response = remoting.InvokeSync(address, std::move(request), timeout);
    if (!response.ok()) {
      return response.status().WithContext("cannot learn the version of broker " + broker_name +
                                           " (" + address + ") before a timer message");
    }
    version = response->version();
    Record(address, *version);
  }
  if (*version >= min_version) return Status::OK();
  return Status::NotSupported(
      "broker " + broker_name + " (" + address + ") is " + MQVersionName(*version) +
      ", which ignores timer messages (delivery time / delay) and would deliver this one at "
      "once; they need " +
      MQVersionName(min_version) + " or later. Nothing was sent; use a delay level instead");
}

}  // namespace client
}  // namespace rocketmq
