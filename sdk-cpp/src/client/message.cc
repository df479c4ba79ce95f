#include "rocketmq/message.h"

#include <array>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>

#include "protocol/message_properties.h"

namespace rocketmq {

namespace mc = protocol::MessageConst;

namespace {

// Serialises first reads of one message's encoded properties (threads reading a received
// message at once): striped by address, not a mutex per message, which would cost every
// message 40 bytes and its copies a lock.
std::mutex& DecodeLockFor(const Message* message) {
  static std::array<std::mutex, 16> locks;
  return locks[std::hash<const Message*>{}(message) % locks.size()];
}

// Whether set_property may append `name`=`value` to still-encoded properties: decoding
// keeps the last value of a name, as assigning it in the map would, but drops empty values
// and cannot hold separators. Bounded so that properties set many times are not kept
// encoded forever.
bool CanAppendEncoded(const std::string& encoded, const std::string& name,
                      const std::string& value) {
  // +3: the entry's two separators, and the one AppendProperty puts after Java's last value.
  return !name.empty() && !value.empty() &&
         encoded.size() + name.size() + value.size() + 3 <= mc::kMaxPropertiesLength &&
         !protocol::HasSeparator(name) && !protocol::HasSeparator(value);
}

}  // namespace

Message::Message(const Message& other)
    : topic_(other.topic_), body_(other.body_), flag_(other.flag_) {
  // `other` may be decoding on another thread: that writes only its map, and only after
  // its flag said "encoded" here.
  if (other.properties_decoded_.value.load(std::memory_order_acquire)) {
    properties_ = other.properties_;
  } else {
    encoded_properties_ = other.encoded_properties_;
    properties_decoded_.value.store(false, std::memory_order_relaxed);
  }
}

Message& Message::operator=(const Message& other) {
  if (this != &other) *this = Message(other);
  return *this;
}

void Message::DecodeProperties() const {
  std::lock_guard<std::mutex> lock(DecodeLockFor(this));
  if (properties_decoded_.value.load(std::memory_order_relaxed)) return;
  properties_ = protocol::DecodeMessageProperties(encoded_properties_);
  properties_decoded_.value.store(true, std::memory_order_release);
}

std::map<std::string, std::string>& Message::mutable_properties() {
  decoded_properties();
  encoded_properties_.clear();
  return properties_;
}

Message& Message::set_properties(std::map<std::string, std::string> properties) {
  properties_ = std::move(properties);
  encoded_properties_.clear();
  properties_decoded_.value.store(true, std::memory_order_relaxed);
  return *this;
}

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
  mutable_properties().erase(mc::kPropertyTimerDelaySec);
  mutable_properties().erase(mc::kPropertyTimerDelayMs);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  return set_property(mc::kPropertyTimerDeliverMs, std::to_string(ms));
}

Message& Message::set_delay(std::chrono::milliseconds delay) {
  namespace mc = protocol::MessageConst;
  mutable_properties().erase(mc::kPropertyTimerDelaySec);
  mutable_properties().erase(mc::kPropertyTimerDeliverMs);
  return set_property(mc::kPropertyTimerDelayMs, std::to_string(delay.count()));
}

Message& Message::set_delay_level(int level) {
  if (level <= 0) return clear_property(mc::kPropertyDelayTimeLevel);
  return set_property(mc::kPropertyDelayTimeLevel, std::to_string(level));
}

std::string Message::property(const std::string& name) const {
  const auto& properties = decoded_properties();
  auto it = properties.find(name);
  return it == properties.end() ? std::string() : it->second;
}

Message& Message::set_property(const std::string& name, const std::string& value) {
  // A consumer sets CONSUME_START_TIME on every message it hands a listener: appended to
  // the encoding, it does not make the map of properties nobody may read.
  if (!properties_decoded_.value.load(std::memory_order_relaxed) &&
      CanAppendEncoded(encoded_properties_, name, value)) {
    protocol::AppendProperty(&encoded_properties_, name, value);
    return *this;
  }
  mutable_properties()[name] = value;
  return *this;
}

Message& Message::clear_property(const std::string& name) {
  mutable_properties().erase(name);
  return *this;
}

}  // namespace rocketmq
