// LanguageCode: the implementation language a peer announces in every command (protocol.md
// §1.5), and SerializeType: which of the two header encodings a frame uses (§1.1).
#ifndef ROCKETMQ_REMOTING_LANGUAGE_CODE_H_
#define ROCKETMQ_REMOTING_LANGUAGE_CODE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace rocketmq {
namespace remoting {

// The byte of the binary header; JSON headers carry the name instead. Values outside the
// table can arrive from newer peers and are kept as they are.
enum class LanguageCode : uint8_t {
  kJava = 0,
  kCpp = 1,
  kDotnet = 2,
  kPython = 3,
  kDelphi = 4,
  kErlang = 5,
  kRuby = 6,
  kOther = 7,
  kHttp = 8,
  kGo = 9,
  kPhp = 10,
  kOms = 11,
  kRust = 12,
  kNodeJs = 13,
};

// Java's enum name ("JAVA", "CPP", ..., "NODE_JS"); "OTHER" for values outside the table,
// because Java maps an unknown name to null and then fails on it.
const char* LanguageCodeName(LanguageCode code);
// The code for a Java enum name; nullopt for names Java would not know.
std::optional<LanguageCode> ParseLanguageCode(std::string_view name);

// The high byte of a frame's second int.
enum class SerializeType : uint8_t {
  kJson = 0,
  kRocketMQ = 1,
};

const char* SerializeTypeName(SerializeType type);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_LANGUAGE_CODE_H_
