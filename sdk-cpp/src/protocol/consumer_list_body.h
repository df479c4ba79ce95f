// GetConsumerListByGroupResponseBody (38): {"consumerIdList":["10.0.0.5@12345#...",...]}
// (protocol.md §4.5), the client ids a consumer rebalances against.
#ifndef ROCKETMQ_PROTOCOL_CONSUMER_LIST_BODY_H_
#define ROCKETMQ_PROTOCOL_CONSUMER_LIST_BODY_H_

#include <string>
#include <string_view>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct GetConsumerListByGroupResponseBody {
  std::vector<std::string> consumer_id_list;

  std::string Encode() const;
  static Result<GetConsumerListByGroupResponseBody> Decode(std::string_view json);
};

// GroupList (QUERY_TOPIC_CONSUME_BY_WHO): {"groupList":["G1",...]}.
struct GroupList {
  std::vector<std::string> group_list;

  std::string Encode() const;
  static Result<GroupList> Decode(std::string_view json);
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_CONSUMER_LIST_BODY_H_
