// KVTable: a string map body, {"table":{"k":"v",...}} (protocol.md §4.9). Used for
// GET_KVLIST_BY_NAMESPACE, GET_BROKER_RUNTIME_INFO and the ORDER_TOPIC_CONFIG table a
// nameserver returns to a registering broker.
#ifndef ROCKETMQ_PROTOCOL_KV_TABLE_H_
#define ROCKETMQ_PROTOCOL_KV_TABLE_H_

#include <map>
#include <string>
#include <string_view>

#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct KVTable {
  std::map<std::string, std::string> table;

  std::string Encode() const;
  static Result<KVTable> Decode(std::string_view json);
  bool operator==(const KVTable& o) const { return table == o.table; }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_KV_TABLE_H_
