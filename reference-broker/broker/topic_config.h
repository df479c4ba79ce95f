// TopicConfig: one topic as this broker serves it (Apache TopicConfig, protocol.md §4.8) —
// the entry of topics.json and of the REGISTER_BROKER body.
#ifndef ROCKETMQ_BROKER_TOPIC_CONFIG_H_
#define ROCKETMQ_BROKER_TOPIC_CONFIG_H_

#include <json/value.h>

#include <cstdint>
#include <map>
#include <string>

#include "broker/perm_name.h"

namespace rocketmq {
namespace broker {

struct TopicConfig {
  std::string topic_name;
  int32_t read_queue_nums = 16;
  int32_t write_queue_nums = 16;
  int32_t perm = perm::kRead | perm::kWrite;
  // "SINGLE_TAG" or "MULTI_TAG".
  std::string topic_filter_type = "SINGLE_TAG";
  int32_t topic_sys_flag = 0;
  bool order = false;
  // dev brokers' attributes (message.type, ...); kept and written back, not interpreted.
  std::map<std::string, std::string> attributes;

  TopicConfig() = default;
  TopicConfig(std::string name, int32_t read, int32_t write, int32_t permission)
      : topic_name(std::move(name)),
        read_queue_nums(read),
        write_queue_nums(write),
        perm(permission) {}

  Json::Value ToJson() const;
  // Missing members keep their defaults; `name` is used when topicName is missing.
  static TopicConfig FromJson(const Json::Value& value, const std::string& name);

  bool operator==(const TopicConfig& o) const;
  bool operator!=(const TopicConfig& o) const { return !(*this == o); }
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TOPIC_CONFIG_H_
