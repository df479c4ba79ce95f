// Message: what a producer sends, as a plain value type.
//
// Topic, tags, keys and body are the common fields; everything else RocketMQ carries
// travels as string properties (user properties and the system ones the SDK sets, such as
// DELAY or UNIQ_KEY). A Message is cheap to copy except for its body, which it owns.
#ifndef ROCKETMQ_MESSAGE_H_
#define ROCKETMQ_MESSAGE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rocketmq/export.h"

namespace rocketmq {

namespace internal {
struct MessageAccess;
}  // namespace internal

class RMQ_EXPORT Message {
 public:
  Message() = default;
  Message(std::string topic, std::string body) : topic_(std::move(topic)), body_(std::move(body)) {}
  Message(std::string topic, std::string tags, std::string body);
  Message(const Message& other);
  Message(Message&& other) noexcept = default;
  Message& operator=(const Message& other);
  Message& operator=(Message&& other) noexcept = default;
  ~Message() = default;

  const std::string& topic() const { return topic_; }
  Message& set_topic(std::string topic) {
    topic_ = std::move(topic);
    return *this;
  }

  // The body is bytes; std::string is used as a byte container and may hold NULs.
  const std::string& body() const { return body_; }
  Message& set_body(std::string body) {
    body_ = std::move(body);
    return *this;
  }

  // Tag used by consumers' subscription expressions ("TagA || TagB"). Stored as property TAGS.
  std::string tags() const { return property("TAGS"); }
  Message& set_tags(const std::string& tags) { return set_property("TAGS", tags); }

  // Business keys, indexed by the broker for queries. Stored space-separated as property KEYS.
  std::vector<std::string> keys() const;
  Message& set_keys(const std::vector<std::string>& keys);
  Message& set_key(const std::string& key) { return set_property("KEYS", key); }

  // Delay level 1..N of the broker's messageDelayLevel table ("1s 5s 10s 30s 1m ..."); 0 = none.
  int delay_level() const;
  Message& set_delay_level(int level);

  // Timer messages (RocketMQ 5.x "delivery at any time"): the broker keeps the message and
  // stores it in its topic at the given time, to the millisecond on this project's broker
  // (Apache 5.x rounds to its timerPrecisionMs, 1 s by default). A time already passed means
  // at once; brokers refuse one further ahead than their timerMaxDelaySec (3 days by
  // default) with MESSAGE_ILLEGAL. A delay level set as well wins (the broker drops the timer
  // properties). Batches are never timed.
  //
  // Only 5.x brokers (and this project's) honour them: Apache 4.9.x would deliver the
  // message at once. The producer therefore learns each broker's version (from its answer
  // to a heartbeat, once per broker address) and fails a timer send to an older broker with
  // NotSupported, sending nothing.
  //
  // set_delivery_time: property TIMER_DELIVER_MS (epoch milliseconds; brokers 5.0+).
  // set_delay: property TIMER_DELAY_MS, counted from the broker's receipt (brokers 5.1+).
  // Each replaces a time set by the other.
  Message& set_delivery_time(std::chrono::system_clock::time_point when);
  Message& set_delay(std::chrono::milliseconds delay);

  // Whether the broker should answer only after storing (property WAIT, default true).
  bool wait_store_ok() const { return property("WAIT") != "false"; }
  Message& set_wait_store_ok(bool wait) { return set_property("WAIT", wait ? "true" : "false"); }

  // Free-form integer carried with the message (Java's Message.flag).
  int32_t flag() const { return flag_; }
  Message& set_flag(int32_t flag) {
    flag_ = flag;
    return *this;
  }

  // Properties, user-defined and system. Names and values must not contain the separators
  // \x01 and \x02, which the wire format reserves; sending such a message fails.
  // Reading a message's properties from several threads at once is safe (a received
  // message decodes them on the first read); changing them is not.
  std::string property(const std::string& name) const;
  bool has_property(const std::string& name) const { return decoded_properties().count(name) != 0; }
  Message& set_property(const std::string& name, const std::string& value);
  Message& clear_property(const std::string& name);
  // Replaces all properties at once (a decoded message's: no copy of each).
  Message& set_properties(std::map<std::string, std::string> properties);
  const std::map<std::string, std::string>& properties() const { return decoded_properties(); }

 private:
  friend struct internal::MessageAccess;

  const std::map<std::string, std::string>& decoded_properties() const {
    if (!properties_decoded_.value.load(std::memory_order_acquire)) DecodeProperties();
    return properties_;
  }
  void DecodeProperties() const;
  // The properties, decoded, for a change.
  std::map<std::string, std::string>& mutable_properties();

  std::string topic_;
  std::string body_;
  int32_t flag_ = 0;
  // A received message keeps its properties as the wire encoded them until they are first
  // read: building the map cost a consumer more than the rest of a message's decoding, and
  // most listeners read few properties or none. Until then properties_ is empty and
  // encoded_properties_ is never changed by a const call.
  mutable std::map<std::string, std::string> properties_;
  std::string encoded_properties_;
  // An atomic that moves with its message (a moved-from message is left with no properties
  // or an unspecified encoding of some).
  struct DecodedFlag {
    DecodedFlag() = default;
    DecodedFlag(const DecodedFlag& other) : value(other.value.load(std::memory_order_relaxed)) {}
    DecodedFlag& operator=(const DecodedFlag& other) {
      value.store(other.value.load(std::memory_order_relaxed), std::memory_order_relaxed);
      return *this;
    }
    std::atomic<bool> value{true};
  };
  mutable DecodedFlag properties_decoded_;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_MESSAGE_H_
