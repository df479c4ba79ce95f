#include "remoting/language_code.h"

#include <array>

namespace rocketmq {
namespace remoting {
namespace {

constexpr std::array<const char*, 14> kLanguageNames = {
    "JAVA",  "CPP",  "DOTNET", "PYTHON", "DELPHI", "ERLANG", "RUBY",
    "OTHER", "HTTP", "GO",     "PHP",    "OMS",    "RUST",   "NODE_JS",
};

}  // namespace

const char* LanguageCodeName(LanguageCode code) {
  const auto index = static_cast<size_t>(code);
  return index < kLanguageNames.size() ? kLanguageNames[index] : "OTHER";
}

std::optional<LanguageCode> ParseLanguageCode(std::string_view name) {
  for (size_t i = 0; i < kLanguageNames.size(); ++i) {
    if (name == kLanguageNames[i]) return static_cast<LanguageCode>(i);
  }
  return std::nullopt;
}

const char* SerializeTypeName(SerializeType type) {
  switch (type) {
    case SerializeType::kJson:
      return "JSON";
    case SerializeType::kRocketMQ:
      return "ROCKETMQ";
  }
  return "UNKNOWN";
}

}  // namespace remoting
}  // namespace rocketmq
