// The properties part of a consumer's running info (GET_CONSUMER_RUNNING_INFO) that push and
// lite pull consumers share: settings under the Java client's field names (what
// MixAll.object2Properties lists) and the PROP_* entries MQClientInstance adds, which
// mqadmin consumerStatus reads.
#ifndef ROCKETMQ_CONSUMER_RUNNING_PROPERTIES_H_
#define ROCKETMQ_CONSUMER_RUNNING_PROPERTIES_H_

#include <cstdint>
#include <map>
#include <string>

#include "rocketmq/consumer_config.h"

namespace rocketmq {
namespace consumer {

// `config` as the consumer runs it (group with its namespace); `namesrv_addr`: the
// nameservers it resolved; `consume_type`: protocol::kConsumePassively (push) or
// kConsumeActively (pull).
std::map<std::string, std::string> RunningProperties(const ConsumerConfig& config,
                                                     const std::string& namesrv_addr,
                                                     const char* consume_type,
                                                     int64_t start_wall_ms);

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_RUNNING_PROPERTIES_H_
