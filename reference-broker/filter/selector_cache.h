// SelectorCache: compiled selectors by their text, failures included, so that a selector
// is compiled once however many heartbeats, checks and pulls carry it (Apache keeps such a
// cache of 100 in SelectorParser). Bounded: when full it starts over. Thread-safe.
#ifndef ROCKETMQ_FILTER_SELECTOR_CACHE_H_
#define ROCKETMQ_FILTER_SELECTOR_CACHE_H_

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "filter/expression.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace filter {

class SelectorCache {
 public:
  explicit SelectorCache(size_t capacity = 100) : capacity_(capacity) {}

  // ParseSelector(text), from the cache when it was compiled before.
  Result<std::shared_ptr<const Expression>> Compile(const std::string& text);

  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, Result<std::shared_ptr<const Expression>>, std::less<>> compiled_;
};

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_SELECTOR_CACHE_H_
