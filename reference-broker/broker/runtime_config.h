// RuntimeConfig: the broker's settings as GET_BROKER_CONFIG reports them and
// UPDATE_BROKER_CONFIG changes them (Apache's Configuration object).
//
// An update is all or nothing: every key must be a known setting outside configBlackList
// and every value valid, and the whole configuration is written to the broker's config file
// (atomically, config_file.h) before it counts. The caller then applies the keys that take
// effect live (LiveKeys()); the others take effect at the next start, from the file.
//
// Thread-safe: updates are serialized, and readers get a consistent copy.
#ifndef ROCKETMQ_BROKER_RUNTIME_CONFIG_H_
#define ROCKETMQ_BROKER_RUNTIME_CONFIG_H_

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "broker/broker_config.h"
#include "common/properties.h"
#include "common/settings.h"
#include "store/message_store_config.h"

namespace rocketmq {
namespace broker {

class RuntimeConfig {
 public:
  // `path` is the file updates are written to: the -c file, as in Apache.
  RuntimeConfig(const BrokerConfig& config, const store::MessageStoreConfig& store_config,
                std::string path);
  RuntimeConfig(const RuntimeConfig&) = delete;
  RuntimeConfig& operator=(const RuntimeConfig&) = delete;

  // Every setting as "key=value" lines.
  std::string Text() const;
  const std::string& path() const { return path_; }

  struct Outcome {
    int32_t response_code;  // SUCCESS, NO_PERMISSION, INVALID_PARAMETER or SYSTEM_ERROR
    std::string remark;
    BrokerConfig config;            // the broker settings after the update (on SUCCESS)
    std::vector<std::string> keys;  // the keys the update set
  };
  Outcome Update(const Properties& props);

  // The keys whose new value the broker applies at once (Apache's broker reads them at
  // each use, so an update changes its behaviour at once).
  static const std::set<std::string>& LiveKeys();

 private:
  mutable std::mutex mutex_;
  BrokerConfig config_;
  store::MessageStoreConfig store_config_;
  Settings settings_{"broker"};
  const std::string path_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_RUNTIME_CONFIG_H_
