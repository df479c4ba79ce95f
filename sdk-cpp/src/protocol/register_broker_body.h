// RegisterBrokerBody: what a broker sends with REGISTER_BROKER (protocol.md §4.10) — its
// topic table with version and the (legacy, normally empty) filter server list.
//
// Plain form (header compressed=false, the default): fastjson JSON
//   {"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":...,"topicConfigTable":...}}
// Compressed form (compressed=true): one zlib stream of big-endian length-prefixed parts:
//   int32 len + DataVersion JSON | int32 count, count x (int32 len + TopicConfig text form) |
//   int32 len + filterServerList JSON | 5.x: int32 count, count x (int32 len + mapping JSON)
// The 5.x static-topic mapping section is kept as raw JSON strings.
#ifndef ROCKETMQ_PROTOCOL_REGISTER_BROKER_BODY_H_
#define ROCKETMQ_PROTOCOL_REGISTER_BROKER_BODY_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/topic_config_wrapper.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// Upper bound on an inflated compressed body; a broker with 100k topics needs ~10 MiB.
constexpr size_t kMaxRegisterBodyInflatedSize = 256u << 20;

struct RegisterBrokerBody {
  TopicConfigSerializeWrapper topic_config_serialize_wrapper;
  std::vector<std::string> filter_server_list;
  // 5.x TopicQueueMappingInfo JSON objects (compressed form only), passed through verbatim.
  std::vector<std::string> topic_queue_mapping_infos;

  std::string Encode() const;
  // The compressed form. `with_mapping_section` writes the 5.x trailer, which brokers of
  // version >= V5_0_0 send and 5.x nameservers expect from them; 4.x nameservers stop
  // reading before it.
  Result<std::string> EncodeCompressed(bool with_mapping_section) const;

  // Decodes either form, as told by the request header's `compressed` field. The mapping
  // section of the compressed form is read when present.
  static Result<RegisterBrokerBody> Decode(std::string_view data, bool compressed);

  bool operator==(const RegisterBrokerBody& o) const {
    return topic_config_serialize_wrapper == o.topic_config_serialize_wrapper &&
           filter_server_list == o.filter_server_list &&
           topic_queue_mapping_infos == o.topic_queue_mapping_infos;
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_REGISTER_BROKER_BODY_H_
