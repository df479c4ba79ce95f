// A BrokerCluster for consumer tests whose delay levels are all one second, so that messages
// a consumer sends back come again within about a second instead of after Apache's default
// 10 s and more (level 3 + reconsume times).
#ifndef ROCKETMQ_TESTS_INTEGRATION_CONSUMER_FAST_RETRY_CLUSTER_H_
#define ROCKETMQ_TESTS_INTEGRATION_CONSUMER_FAST_RETRY_CLUSTER_H_

#include <memory>

#include "broker/broker_cluster.h"
#include "rocketmq/status.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace testing {

// The broker reads the levels from a config file in `config_dir` (which must outlive the
// cluster: a restarted broker reads it again). A config file, unlike a command-line flag,
// lets a broker that has no delayed delivery ignore the key with a warning.
Result<std::unique_ptr<BrokerCluster>> StartFastRetryCluster(const TempDir& config_dir);

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_INTEGRATION_CONSUMER_FAST_RETRY_CLUSTER_H_
