// Message: what a producer sends, as a plain value type.
//
// Topic, tags, keys and body are the common fields; everything else RocketMQ carries
// travels as string properties (user properties and the system ones the SDK sets, such as
// DELAY or UNIQ_KEY). A Message is cheap to copy except for its body, which it owns.
#ifndef ROCKETMQ_MESSAGE_H_
#define ROCKETMQ_MESSAGE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rocketmq/export.h"

namespace rocketmq {

class RMQ_EXPORT Message {
 public:
  Message() = default;
  Message(std::string topic, std::string body) : topic_(std::move(topic)), body_(std::move(body)) {}
  Message(std::string topic, std::string tags, std::string body);

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
  std::string property(const std::string& name) const;
  bool has_property(const std::string& name) const { return properties_.count(name) != 0; }
  Message& set_property(const std::string& name, const std::string& value);
  Message& clear_property(const std::string& name);
  const std::map<std::string, std::string>& properties() const { return properties_; }

 private:
  std::string topic_;
  std::string body_;
  int32_t flag_ = 0;
  std::map<std::string, std::string> properties_;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_MESSAGE_H_
