// ConsumerFilterManager: the compiled SQL92 selector of each (topic, consumer group), as
// the group's heartbeats announce it (Apache ConsumerFilterManager, without its bloom
// filter bit maps, which only spare decoding messages and are off by default).
//
// A pull without its own subscription is filtered with the selector registered here; the
// version is the client's subVersion, so a heartbeat older than the registered one changes
// nothing, and a pull newer than it is told FILTER_DATA_NOT_LATEST. Apache's rules for a
// new registration: a newer version with a different expression replaces the selector (or,
// if it does not compile, removes it, so pulls get FILTER_DATA_NOT_EXIST); a newer version
// with the same expression only raises the version.
//
// Entries live until the group's last connection goes away (Apache keeps them 24 hours
// more, as "dead" data, and persists them in consumerFilter.json; the data here is rebuilt
// from the next heartbeats). Thread-safe.
#ifndef ROCKETMQ_FILTER_CONSUMER_FILTER_MANAGER_H_
#define ROCKETMQ_FILTER_CONSUMER_FILTER_MANAGER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "filter/expression.h"
#include "filter/selector_cache.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace filter {

struct ConsumerFilterData {
  std::string topic;
  std::string group;
  std::string expression;
  int64_t client_version = 0;
  std::shared_ptr<const Expression> selector;
};

class ConsumerFilterManager {
 public:
  // Compiles `expression` (through the cache) and registers it for (topic, group) by the
  // rules above. Returns the compilation's status, also when an older version leaves the
  // registration unchanged, so that the caller can tell the client.
  Status Register(const std::string& topic, const std::string& group, const std::string& expression,
                  int64_t client_version);

  // Forgets every selector of `group`.
  void UnregisterGroup(const std::string& group);

  // The selector registered for (topic, group), or null.
  std::shared_ptr<const ConsumerFilterData> Get(const std::string& topic,
                                                const std::string& group) const;

  // Compiles a selector carried by a request, through the same cache.
  Result<std::shared_ptr<const Expression>> Compile(const std::string& expression) {
    return cache_.Compile(expression);
  }

 private:
  using Key = std::pair<std::string, std::string>;  // topic, group
  SelectorCache cache_;
  mutable std::mutex mutex_;
  std::map<Key, std::shared_ptr<const ConsumerFilterData>> filters_;
};

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_CONSUMER_FILTER_MANAGER_H_
