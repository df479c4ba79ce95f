// Feeds arbitrary bytes to what the broker reads from files: broker.conf (Properties syntax
// applied to every broker setting) and the store's JSON config files (topics,
// subscription groups, consumer offsets, delay offsets). Each must load or be refused
// with an error; none may crash the broker at startup. The first byte picks the reader.
#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "broker/broker_config.h"
#include "broker/consumer_offset_manager.h"
#include "broker/schedule/delay_offset_table.h"
#include "broker/subscription_group_manager.h"
#include "broker/topic_config_manager.h"
#include "common/logging.h"
#include "common/properties.h"
#include "common/settings.h"

namespace {

// Defaults computed once: BrokerConfig's constructor asks the system for the host's name and
// addresses, which would dominate every iteration.
const rocketmq::broker::BrokerConfig& DefaultConfig() {
  static const rocketmq::broker::BrokerConfig config;
  return config;
}

// One scratch config directory per process; TopicConfigManager reads only from a file.
const std::string& ScratchDir() {
  static const std::string dir = [] {
    char pattern[] = "/tmp/rmq-config-fuzz.XXXXXX";
    const char* made = mkdtemp(pattern);
    return std::string(made != nullptr ? made : "/tmp");
  }();
  return dir;
}

void LoadTopicsFile(const std::string& content) {
  const std::string path = ScratchDir() + "/topics.json";
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return;
  std::fwrite(content.data(), 1, content.size(), file);
  std::fclose(file);
  rocketmq::broker::TopicConfigManager topics(DefaultConfig(), ScratchDir());
  (void)topics.Load();
}

}  // namespace

// The readers log every refusal; the fuzzer would spend its time writing them to stderr.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  rocketmq::logging::SetLevel(rocketmq::LogLevel::kOff);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rocketmq;  // NOLINT: broker and common types below
  if (size == 0) return 0;
  const std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {
      auto properties = Properties::Parse(content, "fuzz.conf");
      if (!properties.ok()) return 0;
      broker::BrokerConfig config = DefaultConfig();
      Settings settings("broker");
      broker::RegisterBrokerSettings(&config, &settings);
      std::vector<std::string> unknown;
      (void)settings.Apply(*properties, &unknown);
      (void)config.NamesrvAddrs();
      break;
    }
    case 1:
      LoadTopicsFile(content);
      break;
    case 2: {
      broker::SubscriptionGroupManager groups(DefaultConfig(), "");
      (void)groups.Decode(content);
      break;
    }
    case 3: {
      broker::ConsumerOffsetManager offsets("");
      (void)offsets.Decode(content);
      break;
    }
    default: {
      broker::schedule::DelayOffsetTable delays;
      (void)delays.Decode(content);
      break;
    }
  }
  return 0;
}
