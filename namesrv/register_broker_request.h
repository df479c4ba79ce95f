// The body of a REGISTER_BROKER request, read the way Apache's nameserver reads it for the
// broker's announced version: a RegisterBrokerBody (plain JSON or zlib-compressed) from
// V3_0_11 on, a bare TopicConfigSerializeWrapper before.
#ifndef ROCKETMQ_NAMESRV_REGISTER_BROKER_REQUEST_H_
#define ROCKETMQ_NAMESRV_REGISTER_BROKER_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/data_version.h"
#include "protocol/topic_config.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace namesrv {

// MQVersion ordinals that change what the nameserver reads or writes (protocol.md §1.6).
inline constexpr int32_t kVersionV3_0_11 = 37;  // register body carries filterServerList
inline constexpr int32_t kVersionV4_9_4 = 401;  // routes in standard JSON

struct RegisterBrokerContent {
  protocol::DataVersion data_version;
  std::vector<protocol::TopicConfig> topics;
  // Null for pre-V3_0_11 bodies, which carry only the topic table.
  std::optional<std::vector<std::string>> filter_server_list;
};

// Decodes `body` (non-empty). A body labelled uncompressed that is a zlib stream is read
// as compressed: Apache 5.x brokers with compressedRegister=true send exactly that
// (BrokerOuterAPI always sets compressed=false).
Result<RegisterBrokerContent> DecodeRegisterBrokerContent(const std::string& body, bool compressed,
                                                          int32_t version);

}  // namespace namesrv
}  // namespace rocketmq

#endif  // ROCKETMQ_NAMESRV_REGISTER_BROKER_REQUEST_H_
