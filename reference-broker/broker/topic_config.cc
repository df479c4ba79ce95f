#include "broker/topic_config.h"

#include "broker/json_util.h"

namespace rocketmq {
namespace broker {

Json::Value TopicConfig::ToJson() const {
  Json::Value out(Json::objectValue);
  if (!attributes.empty()) {
    Json::Value attrs(Json::objectValue);
    for (const auto& [k, v] : attributes) attrs[k] = v;
    out["attributes"] = attrs;
  }
  out["order"] = order;
  out["perm"] = perm;
  out["readQueueNums"] = read_queue_nums;
  out["topicFilterType"] = topic_filter_type;
  out["topicName"] = topic_name;
  out["topicSysFlag"] = topic_sys_flag;
  out["writeQueueNums"] = write_queue_nums;
  return out;
}

TopicConfig TopicConfig::FromJson(const Json::Value& value, const std::string& name) {
  TopicConfig c;
  c.topic_name = json::GetString(value, "topicName", name);
  c.read_queue_nums = json::GetInt32(value, "readQueueNums", c.read_queue_nums);
  c.write_queue_nums = json::GetInt32(value, "writeQueueNums", c.write_queue_nums);
  c.perm = json::GetInt32(value, "perm", c.perm);
  c.topic_filter_type = json::GetString(value, "topicFilterType", c.topic_filter_type);
  c.topic_sys_flag = json::GetInt32(value, "topicSysFlag", c.topic_sys_flag);
  c.order = json::GetBool(value, "order", c.order);
  if (value.isObject() && value["attributes"].isObject()) {
    const Json::Value& attrs = value["attributes"];
    for (const auto& key : attrs.getMemberNames()) {
      if (attrs[key].isString()) c.attributes[key] = attrs[key].asString();
    }
  }
  return c;
}

bool TopicConfig::operator==(const TopicConfig& o) const {
  return topic_name == o.topic_name && read_queue_nums == o.read_queue_nums &&
         write_queue_nums == o.write_queue_nums && perm == o.perm &&
         topic_filter_type == o.topic_filter_type && topic_sys_flag == o.topic_sys_flag &&
         order == o.order && attributes == o.attributes;
}

}  // namespace broker
}  // namespace rocketmq
