#include "consumer/fast_retry_cluster.h"

#include <string>

namespace rocketmq {
namespace testing {

Result<std::unique_ptr<BrokerCluster>> StartFastRetryCluster(const TempDir& config_dir) {
  // Apache's messageDelayLevel has 18 levels; send-back uses up to level 3 + 16.
  std::string levels;
  for (int level = 0; level < 18; ++level) levels += level == 0 ? "1s" : " 1s";
  const std::string path = config_dir.File("broker.conf");
  RMQ_RETURN_IF_ERROR(WriteFile(path, "messageDelayLevel=" + levels + "\n"));
  return BrokerCluster::Start({"-c", path});
}

}  // namespace testing
}  // namespace rocketmq
