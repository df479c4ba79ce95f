#include "client/namespace_util.h"

#include <array>
#include <string_view>

#include "protocol/topic_names.h"

namespace rocketmq {
namespace client {
namespace {

constexpr std::string_view kRetryPrefix = protocol::topic::kRetryGroupTopicPrefix;
constexpr std::string_view kDlqPrefix = protocol::topic::kDlqGroupTopicPrefix;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Topics and groups the broker itself owns; they are never namespaced.
bool IsSystemResource(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "TBW102", "BenchmarkTest", "DEFAULT_PRODUCER", "DEFAULT_CONSUMER", "CLIENT_INNER_PRODUCER"};
  for (auto n : kNames) {
    if (name == n) return true;
  }
  return StartsWith(name, "rmq_sys_") || StartsWith(name, "RMQ_SYS_") ||
         StartsWith(name, "CID_RMQ_SYS_") || protocol::topic::IsNotAllowedSendTopic(name);
}

// Splits off a %RETRY% or %DLQ% prefix.
std::string_view SplitPrefix(std::string_view name, std::string_view* rest) {
  for (auto prefix : {kRetryPrefix, kDlqPrefix}) {
    if (StartsWith(name, prefix)) {
      *rest = name.substr(prefix.size());
      return prefix;
    }
  }
  *rest = name;
  return {};
}

}  // namespace

std::string WrapNamespace(const std::string& name_space, const std::string& name) {
  if (name_space.empty() || name.empty() || IsSystemResource(name)) return name;
  std::string_view rest;
  const std::string_view prefix = SplitPrefix(name, &rest);
  const std::string marker = name_space + "%";
  if (StartsWith(rest, marker)) return name;
  return std::string(prefix) + marker + std::string(rest);
}

std::string UnwrapNamespace(const std::string& name_space, const std::string& name) {
  if (name_space.empty()) return name;
  std::string_view rest;
  const std::string_view prefix = SplitPrefix(name, &rest);
  const std::string marker = name_space + "%";
  if (!StartsWith(rest, marker)) return name;
  return std::string(prefix) + std::string(rest.substr(marker.size()));
}

}  // namespace client
}  // namespace rocketmq
