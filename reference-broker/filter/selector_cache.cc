#include "filter/selector_cache.h"

#include "filter/parser.h"

namespace rocketmq {
namespace filter {

Result<std::shared_ptr<const Expression>> SelectorCache::Compile(const std::string& text) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = compiled_.find(text);
    if (it != compiled_.end()) return it->second;
  }
  // Compiled outside the lock: another thread may compile the same text meanwhile, and the
  // results are equal.
  Result<std::shared_ptr<const Expression>> result = ParseSelector(text);
  std::lock_guard<std::mutex> lock(mutex_);
  if (compiled_.size() >= capacity_) compiled_.clear();
  compiled_.emplace(text, result);
  return result;
}

size_t SelectorCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return compiled_.size();
}

}  // namespace filter
}  // namespace rocketmq
