// TopicConfigSerializeWrapper: a broker's whole topic table with its version
// (protocol.md §4.9) — the GET_ALL_TOPIC_CONFIG body, the content of topics.json and the
// heart of a RegisterBrokerBody:
//   {"dataVersion":{...},"topicConfigTable":{"T1":<TopicConfig>,...}}
// 5.x adds static-topic mapping fields (mappingDataVersion, topicQueueMappingInfoMap,
// topicQueueMappingDetailMap); they are ignored on decode and not written.
#ifndef ROCKETMQ_PROTOCOL_TOPIC_CONFIG_WRAPPER_H_
#define ROCKETMQ_PROTOCOL_TOPIC_CONFIG_WRAPPER_H_

#include <json/json.h>

#include <map>
#include <string>
#include <string_view>

#include "protocol/data_version.h"
#include "protocol/json_writer.h"
#include "protocol/topic_config.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct TopicConfigSerializeWrapper {
  DataVersion data_version;
  std::map<std::string, TopicConfig> topic_config_table;  // topic name -> config

  std::string Encode() const;
  static Result<TopicConfigSerializeWrapper> Decode(std::string_view json);
  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what,
                     TopicConfigSerializeWrapper* out);

  bool operator==(const TopicConfigSerializeWrapper& o) const {
    return data_version == o.data_version && topic_config_table == o.topic_config_table;
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_TOPIC_CONFIG_WRAPPER_H_
