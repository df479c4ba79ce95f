#include "rocketmq/message.h"

#include <cstdlib>
#include <string>

#include "protocol/message_properties.h"

namespace rocketmq {

namespace mc = protocol::MessageConst;

Message::Message(std::string topic, std::string tags, std::string body)
    : topic_(std::move(topic)), body_(std::move(body)) {
  if (!tags.empty()) set_tags(tags);
}

std::vector<std::string> Message::keys() const {
  std::vector<std::string> out;
  const std::string value = property(mc::kPropertyKeys);
  for (std::string_view key : protocol::SplitKeys(value)) out.emplace_back(key);
  return out;
}

Message& Message::set_keys(const std::vector<std::string>& keys) {
  std::string joined;
  for (const auto& key : keys) {
    if (key.empty()) continue;
    if (!joined.empty()) joined += mc::kKeySeparator;
    joined += key;
  }
  if (joined.empty()) return clear_property(mc::kPropertyKeys);
  return set_property(mc::kPropertyKeys, joined);
}

int Message::delay_level() const {
  const std::string value = property(mc::kPropertyDelayTimeLevel);
  if (value.empty()) return 0;
  char* end = nullptr;
  const long level = std::strtol(value.c_str(), &end, 10);
  // A value that is not a plain positive number means "no delay", as the broker reads it.
  if (end != value.c_str() + value.size() || level <= 0 || level > 1000) return 0;
  return static_cast<int>(level);
}

Message& Message::set_delivery_time(std::chrono::system_clock::time_point when) {
  namespace mc = protocol::MessageConst;
  properties_.erase(mc::kPropertyTimerDelaySec);
  properties_.erase(mc::kPropertyTimerDelayMs);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  return set_property(mc::kPropertyTimerDeliverMs, std::to_string(ms));
}

Message& Message::set_delay(std::chrono::milliseconds delay) {
  namespace mc = protocol::MessageConst;
  properties_.erase(mc::kPropertyTimerDelaySec);
  properties_.erase(mc::kPropertyTimerDeliverMs);
  return set_property(mc::kPropertyTimerDelayMs, std::to_string(delay.count()));
}

Message& Message::set_delay_level(int level) {
  if (level <= 0) return clear_property(mc::kPropertyDelayTimeLevel);
  return set_property(mc::kPropertyDelayTimeLevel, std::to_string(level));
}

std::string Message::property(const std::string& name) const {
  auto it = properties_.find(name);
  return it == properties_.end() ? std::string() : it->second;
}

Message& Message::set_property(const std::string& name, const std::string& value) {
  properties_[name] = value;
  return *this;
}

Message& Message::clear_property(const std::string& name) {
  properties_.erase(name);
  return *this;
}

}  // namespace rocketmq
