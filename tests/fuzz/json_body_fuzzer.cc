// Feeds arbitrary bytes to every JSON body decoder of the protocol (routes, heartbeats,
// cluster info, registration, admin bodies, ...): peers send these, so each must decode or
// refuse cleanly. The first byte picks the decoder, the rest is the body, so one corpus
// reaches all of them.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <string_view>

#include "protocol/cluster_info.h"
#include "protocol/connection_bodies.h"
#include "protocol/consume_stats.h"
#include "protocol/consumer_list_body.h"
#include "protocol/consumer_running_info.h"
#include "protocol/consumer_status_body.h"
#include "protocol/data_version.h"
#include "protocol/heartbeat_data.h"
#include "protocol/kv_table.h"
#include "protocol/lock_batch_body.h"
#include "protocol/register_broker_body.h"
#include "protocol/topic_config.h"
#include "protocol/topic_config_wrapper.h"
#include "protocol/topic_list.h"
#include "protocol/topic_route_data.h"

namespace {

using namespace rocketmq::protocol;  // NOLINT: every decoder below lives there

// Each decoder's result is dropped: the fuzzer looks for crashes, leaks and UB, and each
// type's own tests check what it decodes to.
const std::function<void(std::string_view)> kDecoders[] = {
    [](std::string_view b) { (void)TopicRouteData::Decode(b); },
    [](std::string_view b) { (void)HeartbeatData::Decode(b); },
    [](std::string_view b) { (void)ClusterInfo::Decode(b); },
    [](std::string_view b) { (void)RegisterBrokerBody::Decode(b, false); },
    [](std::string_view b) { (void)RegisterBrokerBody::Decode(b, true); },
    [](std::string_view b) { (void)TopicConfigSerializeWrapper::Decode(b); },
    [](std::string_view b) { (void)TopicConfig::Decode(b); },
    [](std::string_view b) { (void)TopicConfig::DecodeText(b); },
    [](std::string_view b) { (void)TopicList::Decode(b); },
    [](std::string_view b) { (void)KVTable::Decode(b); },
    [](std::string_view b) { (void)DataVersion::Decode(b); },
    [](std::string_view b) { (void)ConsumeStats::Decode(b); },
    [](std::string_view b) { (void)TopicStatsTable::Decode(b); },
    [](std::string_view b) { (void)ResetOffsetBody::Decode(b); },
    [](std::string_view b) { (void)ConsumerConnection::Decode(b); },
    [](std::string_view b) { (void)ProducerConnection::Decode(b); },
    [](std::string_view b) { (void)GetConsumerListByGroupResponseBody::Decode(b); },
    [](std::string_view b) { (void)GroupList::Decode(b); },
    [](std::string_view b) { (void)ConsumerRunningInfo::Decode(b); },
    [](std::string_view b) { (void)ConsumeMessageDirectlyResult::Decode(b); },
    [](std::string_view b) { (void)GetConsumerStatusBody::Decode(b); },
    [](std::string_view b) { (void)LockBatchRequestBody::Decode(b); },
    [](std::string_view b) { (void)LockBatchResponseBody::Decode(b); },
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t which = data[0] % std::size(kDecoders);
  kDecoders[which](std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  return 0;
}
