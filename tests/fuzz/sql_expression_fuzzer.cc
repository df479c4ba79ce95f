// Feeds arbitrary text to the SQL92 selector compiler (consumers send it in heartbeats,
// CHECK_CLIENT_CONFIG and pulls): it must compile or refuse cleanly, within its nesting and
// cost bounds. What compiles is evaluated against a few property sets, so that the
// evaluator meets every shape the parser can build.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "filter/evaluator.h"
#include "filter/parser.h"

namespace {

class FixedProperties final : public rocketmq::filter::PropertySource {
 public:
  explicit FixedProperties(std::map<std::string, std::string, std::less<>> values)
      : values_(std::move(values)) {}
  std::optional<std::string_view> Find(std::string_view name) const override {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return std::string_view(it->second);
  }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto selector = rocketmq::filter::ParseSelector(text);
  if (!selector.ok()) return 0;
  static const FixedProperties kEmpty({});
  static const FixedProperties kNumbers({{"a", "1"}, {"b", "2.5"}, {"c", "-7"}, {"x", "NaN"}});
  static const FixedProperties kStrings(
      {{"a", "abc"}, {"b", "true"}, {"c", ""}, {"TAGS", "TagA"}, {"x", " 1e308 "}});
  for (const auto* properties : {&kEmpty, &kNumbers, &kStrings}) {
    rocketmq::filter::Matches(**selector, *properties);
  }
  return 0;
}
