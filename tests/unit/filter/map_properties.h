// Message properties for tests: a plain map read by the evaluator.
#ifndef ROCKETMQ_TESTS_UNIT_FILTER_MAP_PROPERTIES_H_
#define ROCKETMQ_TESTS_UNIT_FILTER_MAP_PROPERTIES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "filter/evaluator.h"

namespace rocketmq {
namespace filter {

class MapProperties final : public PropertySource {
 public:
  MapProperties() = default;
  explicit MapProperties(std::map<std::string, std::string, std::less<>> values)
      : values_(std::move(values)) {}
  std::optional<std::string_view> Find(std::string_view name) const override {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return std::string_view(it->second);
  }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_UNIT_FILTER_MAP_PROPERTIES_H_
