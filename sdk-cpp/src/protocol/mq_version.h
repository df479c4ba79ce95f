// MQVersion ordinals: the `version` a RemotingCommand carries is the ordinal of Apache's
// MQVersion.Version enum (protocol.md §1.6). Listed here are the ones that change behaviour
// somewhere, and what each peer generation sends.
#ifndef ROCKETMQ_PROTOCOL_MQ_VERSION_H_
#define ROCKETMQ_PROTOCOL_MQ_VERSION_H_

#include <cstdint>
#include <optional>

#include "protocol/json_writer.h"

namespace rocketmq {
namespace protocol {

namespace MQVersion {

// Brokers at least this old send a RegisterBrokerBody with filterServerList.
constexpr int32_t kV3_0_11 = 37;
// Brokers honour a send's maxReconsumeTimes from clients at least this new.
constexpr int32_t kV3_4_9 = 121;
constexpr int32_t kV4_0_0 = 213;
// Clients refuse SQL92 pulls against brokers older than this.
constexpr int32_t kV4_1_0_Snapshot = 232;
constexpr int32_t kV4_5_2 = 317;  // rocketmq-client-go
constexpr int32_t kV4_6_0 = 333;  // rocketmq-client-cpp
constexpr int32_t kV4_9_3 = 399;
// Namesrvs answer routes in standard JSON to requesters at least this new.
constexpr int32_t kV4_9_4 = 401;
constexpr int32_t kV4_9_8 = 409;
// Compressed RegisterBrokerBody carries the static-topic mapping section from here on.
constexpr int32_t kV5_0_0 = 413;
constexpr int32_t kV5_3_3 = 479;

}  // namespace MQVersion

// How a namesrv encodes TopicRouteData for a requester (4.9.4+ behaviour): standard JSON for
// clients of V4_9_4 or later, or that set acceptStandardJsonOnly; fastjson's raw form
// otherwise.
inline JsonWriter::Mode RouteJsonModeFor(int32_t request_version,
                                         std::optional<bool> accept_standard_json_only) {
  const bool standard =
      request_version >= MQVersion::kV4_9_4 || accept_standard_json_only.value_or(false);
  return standard ? JsonWriter::Mode::kStandard : JsonWriter::Mode::kFastjson;
}

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_MQ_VERSION_H_
