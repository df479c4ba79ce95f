#include "broker/runtime_config.h"

#include <sstream>
#include <utility>

#include "broker/config_file.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace {

namespace rc = protocol::ResponseCode;

std::set<std::string> SplitList(const std::string& list) {
  std::set<std::string> out;
  std::istringstream in(list);
  std::string item;
  while (std::getline(in, item, ';')) {
    const size_t begin = item.find_first_not_of(" \t");
    const size_t end = item.find_last_not_of(" \t");
    if (begin != std::string::npos) out.insert(item.substr(begin, end - begin + 1));
  }
  return out;
}

}  // namespace

RuntimeConfig::RuntimeConfig(const BrokerConfig& config,
                             const store::MessageStoreConfig& store_config, std::string path)
    : config_(config), store_config_(store_config), path_(std::move(path)) {
  RegisterBrokerSettings(&config_, &settings_);
  store::RegisterMessageStoreSettings(&store_config_, &settings_);
}

const std::set<std::string>& RuntimeConfig::LiveKeys() {
  static const std::set<std::string> keys = {"brokerPermission", "autoCreateTopicEnable",
                                             "autoCreateSubscriptionGroup", "slaveReadEnable",
                                             "rejectTransactionMessage"};
  return keys;
}

std::string RuntimeConfig::Text() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return settings_.Dump();
}

RuntimeConfig::Outcome RuntimeConfig::Update(const Properties& props) {
  std::lock_guard<std::mutex> lock(mutex_);
  Outcome outcome{rc::kSuccess, "", {}, {}};
  const std::set<std::string> black_list = SplitList(config_.config_black_list);
  for (const auto& [key, entry] : props.entries()) {
    // TLS is set up once, when the ports open; a new value could only apply at restart,
    // and a client must not be able to lower it.
    if (black_list.count(key) > 0 || key.rfind("tls.", 0) == 0) {
      return {rc::kNoPermission, "Can not update config in black list: " + key, {}, {}};
    }
    if (!settings_.Has(key)) {
      return {rc::kInvalidParameter, "unknown broker setting '" + key + "'", {}, {}};
    }
    outcome.keys.push_back(key);
  }
  // Validated on copies, so that a bad value leaves the configuration as it was.
  BrokerConfig config = config_;
  store::MessageStoreConfig store_config = store_config_;
  Settings scratch("broker");
  RegisterBrokerSettings(&config, &scratch);
  store::RegisterMessageStoreSettings(&store_config, &scratch);
  if (Status s = scratch.Apply(props); !s.ok()) {
    return {rc::kInvalidParameter, s.message(), {}, {}};
  }
  if (Status s = store_config.Validate(); !s.ok()) {
    return {rc::kInvalidParameter, s.message(), {}, {}};
  }
  if (Status s = WriteConfigFile(path_, scratch.Dump()); !s.ok()) {
    return {rc::kSystemError, "cannot persist the broker config: " + s.message(), {}, {}};
  }
  // The file holds the new values: make them ours (settings_ stays bound to the members).
  config_ = config;
  store_config_ = store_config;
  outcome.config = config_;
  return outcome;
}

}  // namespace broker
}  // namespace rocketmq
