// TopicList: {"brokerAddr":"...","topicList":["T1",...]} (protocol.md §4.9), the answer to
// GET_ALL_TOPIC_LIST_FROM_NAMESERVER, GET_TOPICS_BY_CLUSTER, the system/unit topic list
// requests and QUERY_TOPICS_BY_CONSUMER. brokerAddr is only set by the system-topic
// requests (and omitted from JSON when empty).
#ifndef ROCKETMQ_PROTOCOL_TOPIC_LIST_H_
#define ROCKETMQ_PROTOCOL_TOPIC_LIST_H_

#include <set>
#include <string>
#include <string_view>

#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct TopicList {
  std::set<std::string> topic_list;
  std::string broker_addr;

  std::string Encode() const;
  static Result<TopicList> Decode(std::string_view json);
  bool operator==(const TopicList& o) const {
    return topic_list == o.topic_list && broker_addr == o.broker_addr;
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_TOPIC_LIST_H_
