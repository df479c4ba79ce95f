#include "remoting/json_header.h"

#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace rocketmq {
namespace remoting {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

// The longest decimal int64 with its sign.
constexpr size_t kMaxIntChars = 20;
// What a byte of a string literal can take at most: \u00XX.
constexpr size_t kMaxEscapedChars = 6;

// The header is written into room sized for its worst case and then trimmed: appended piece
// by piece, each of the ~40 pieces of a send's answer paid the string's capacity check and
// a call (a fifth of encoding the answer to a Java producer).
char* PutText(std::string_view text, char* at) {
  std::memcpy(at, text.data(), text.size());
  return at + text.size();
}

char* PutUnicodeEscape(unsigned code_point, char* at) {
  at = PutText("\\u00", at);
  *at++ = kHexDigits[(code_point >> 4) & 0xF];
  *at++ = kHexDigits[code_point & 0xF];
  return at;
}

// `"key":value`; `quoted_key` is `"key":`.
char* PutInt(std::string_view quoted_key, int64_t value, char* at) {
  at = PutText(quoted_key, at);
  return std::to_chars(at, at + kMaxIntChars, value).ptr;
}

// A byte fastjson writes unescaped, and that does not start a C1 control's UTF-8.
bool IsPlainJsonByte(unsigned char byte) {
  return byte >= 0x20 && byte != '"' && byte != '\\' && byte != 0x7F && byte != 0xC2;
}

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Whether any byte of `word` is zero (exact for the word as a whole).
constexpr uint64_t HasZeroByte(uint64_t word) { return (word - kOnes) & ~word & kHighBits; }

// Whether any of the 8 bytes at `p` is not plain (IsPlainJsonByte). Tested a word at a time:
// the byte loop was a fifth of encoding a send's answer for a Java producer.
bool WordNeedsEscape(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  // Bytes below 0x20 (exact for any word: bytes >= 0x80 never set their high bit here).
  const uint64_t control = (word - kOnes * 0x20) & ~word & kHighBits;
  return (control | HasZeroByte(word ^ (kOnes * '"')) | HasZeroByte(word ^ (kOnes * '\\')) |
          HasZeroByte(word ^ (kOnes * 0x7F)) | HasZeroByte(word ^ (kOnes * 0xC2))) != 0;
}

// The length of the run of plain bytes at text[i..size).
size_t PlainRun(const char* text, size_t i, size_t size) {
  const size_t start = i;
  while (i + 8 <= size && !WordNeedsEscape(text + i)) i += 8;
  while (i < size && IsPlainJsonByte(static_cast<unsigned char>(text[i]))) ++i;
  return i - start;
}

Status Malformed(const std::string& what) {
  return Status::Protocol("malformed JSON header: " + what);
}

using simdjson::dom::element;
using simdjson::dom::element_type;

// Nesting deeper than this is refused (a header is two levels deep).
constexpr size_t kMaxDepth = 32;

// fastjson maps numbers and numeric strings onto int fields; anything else, or a value
// outside Java's int, is an error. Null leaves the field at 0.
Status ReadInt(element value, const char* key, int32_t* out) {
  constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  switch (value.type()) {
    case element_type::NULL_VALUE:
      return Status::OK();
    case element_type::INT64: {
      const int64_t v = int64_t(value);
      if (v >= kMin && v <= kMax) {
        *out = static_cast<int32_t>(v);
        return Status::OK();
      }
      break;
    }
    case element_type::DOUBLE: {
      // 11.0 is an int to Java's parsers too.
      const double v = double(value);
      if (std::trunc(v) == v && v >= static_cast<double>(kMin) && v <= static_cast<double>(kMax)) {
        *out = static_cast<int32_t>(v);
        return Status::OK();
      }
      break;
    }
    case element_type::STRING: {
      const std::string text{std::string_view(value)};
      char* end = nullptr;
      errno = 0;
      const long long parsed = std::strtoll(text.c_str(), &end, 10);
      if (!text.empty() && end == text.c_str() + text.size() && errno == 0 && parsed >= kMin &&
          parsed <= kMax) {
        *out = static_cast<int32_t>(parsed);
        return Status::OK();
      }
      break;
    }
    default:
      break;
  }
  return Malformed(std::string("\"") + key + "\" is not a 32-bit integer");
}

Status ReadLanguage(element value, RemotingCommand* command) {
  switch (value.type()) {
    case element_type::NULL_VALUE:
      return Status::OK();
    case element_type::STRING:
      // A name from a newer peer is kept as OTHER rather than failing the whole frame.
      command->set_language(
          ParseLanguageCode(std::string(std::string_view(value))).value_or(LanguageCode::kOther));
      return Status::OK();
    case element_type::INT64:
      if (int64_t(value) >= 0 && int64_t(value) <= 255) {
        command->set_language(static_cast<LanguageCode>(int64_t(value)));
        return Status::OK();
      }
      break;
    default:
      break;
  }
  return Malformed("\"language\" is neither a language name nor an ordinal");
}

// A number or boolean extFields value as text, as Java's map holds it: written as JSON has
// it (a real with 17 significant digits and ".0" when integral, as the jsoncpp reader this
// replaced wrote it). Strings are taken as they are.
std::string NonStringScalarText(element value) {
  switch (value.type()) {
    case element_type::INT64:
      return std::to_string(int64_t(value));
    case element_type::UINT64:
      return std::to_string(uint64_t(value));
    case element_type::BOOL:
      return bool(value) ? "true" : "false";
    case element_type::DOUBLE: {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "%.17g", double(value));
      std::string text(buffer);
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      return text;
    }
    default:
      return std::string();
  }
}

// Byte order, as ExtFields sorts; header keys mostly differ in their first byte, which
// settles it without a memcmp call.
bool KeyLess(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0]) {
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  }
  return a < b;
}

// The most fields SortedLastWins sorts through an index on the stack.
constexpr size_t kMaxIndexedFields = 64;

// `fields` sorted by key, of a repeated key the last one kept, as ExtFields::FromUnsorted
// does; but sorted through an index, then each pair moved once: FromUnsorted's insertion
// sort moves the pairs of strings themselves about, which for the hash order of a Java
// consumer's pull header cost more than the whole parse. Out of line: inlined into
// ReadExtFields it cost the in-order case (every send) ~20 ns in json_header_bench.
[[gnu::noinline]] std::vector<protocol::ExtFields::value_type> SortedLastWins(
    std::vector<protocol::ExtFields::value_type> fields) {
  const size_t size = fields.size();
  if (size > kMaxIndexedFields) return fields;  // left to FromUnsorted
  uint8_t order[kMaxIndexedFields];
  for (size_t i = 0; i < size; ++i) order[i] = static_cast<uint8_t>(i);
  const auto by_key = [&fields](uint8_t x, uint8_t y) {
    return KeyLess(fields[x].first, fields[y].first);
  };
  // Stable: of a repeated key the last stays last in its run.
  for (uint8_t* it = order; it != order + size; ++it) {
    std::rotate(std::upper_bound(order, it, *it, by_key), it, it + 1);
  }
  std::vector<protocol::ExtFields::value_type> sorted;
  sorted.reserve(std::max(size, protocol::ExtFields::kInitialCapacity));
  for (size_t i = 0; i < size; ++i) {
    // Of a run of equal keys the last is kept.
    if (i + 1 < size && fields[order[i + 1]].first == fields[order[i]].first) continue;
    sorted.push_back(std::move(fields[order[i]]));
  }
  return sorted;
}

Status ReadExtFields(element value, RemotingCommand* command) {
  if (value.type() == element_type::NULL_VALUE) return Status::OK();
  if (value.type() != element_type::OBJECT) return Malformed("\"extFields\" is not an object");
  std::vector<protocol::ExtFields::value_type> fields;
  fields.reserve(protocol::ExtFields::kInitialCapacity);
  // Keys whose first bytes strictly increase (a send's a..m) need neither sorting nor
  // de-duplicating.
  bool in_order = true;
  for (const simdjson::dom::key_value_pair field : simdjson::dom::object(value)) {
    const element_type type = field.value.type();
    if (type == element_type::NULL_VALUE) continue;  // Java's map would hold null, never sent
    if (type == element_type::OBJECT || type == element_type::ARRAY) {
      return Malformed("extFields value of \"" + std::string(field.key) + "\" is not a scalar");
    }
    // First bytes alone: a byte compare per field. Keys sharing one go the sorting way.
    if (in_order && !fields.empty() &&
        !(!field.key.empty() && !fields.back().first.empty() &&
          static_cast<unsigned char>(fields.back().first[0]) <
              static_cast<unsigned char>(field.key[0]))) {
      in_order = false;
    }
    // Both strings built in place: built first and then moved into the pair, they were a
    // fifth of reading the fields.
    if (type == element_type::STRING) {
      fields.emplace_back(std::piecewise_construct, std::forward_as_tuple(field.key),
                          std::forward_as_tuple(std::string_view(field.value)));
    } else {
      fields.emplace_back(std::piecewise_construct, std::forward_as_tuple(field.key),
                          std::forward_as_tuple(NonStringScalarText(field.value)));
    }
  }
  if (!in_order) fields = SortedLastWins(std::move(fields));
  // Java's HashMap writes its keys in hash order; of a repeated key the last wins.
  *command->mutable_ext_fields() = protocol::ExtFields::FromUnsorted(std::move(fields));
  return Status::OK();
}

// Each I/O thread's parser keeps its buffers from header to header: no allocation per
// frame once it has seen the largest.
struct ThreadParser {
  simdjson::dom::parser parser;
  // simdjson reads up to SIMDJSON_PADDING bytes past the end of its input.
  std::string padded;
};

ThreadParser& Parser() {
  thread_local ThreadParser parser;
  return parser;
}

// Room for `text` as a string literal, quotes included.
size_t FastjsonStringBound(const std::string& text) { return text.size() * kMaxEscapedChars + 2; }

// Writes `text` as AppendFastjsonString describes into room of FastjsonStringBound(text).
char* PutFastjsonString(const std::string& text, char* at) {
  *at++ = '"';
  const size_t size = text.size();
  for (size_t i = 0; i < size; ++i) {
    // Runs of bytes written as they are go in one copy: header values rarely hold any other.
    const size_t run = PlainRun(text.data(), i, size);
    at = PutText(std::string_view(text.data() + i, run), at);
    i += run;
    if (i == size) break;
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '\b':
        at = PutText("\\b", at);
        continue;
      case '\t':
        at = PutText("\\t", at);
        continue;
      case '\n':
        at = PutText("\\n", at);
        continue;
      case '\f':
        at = PutText("\\f", at);
        continue;
      case '\r':
        at = PutText("\\r", at);
        continue;
      case '"':
        at = PutText("\\\"", at);
        continue;
      case '\\':
        at = PutText("\\\\", at);
        continue;
      default:
        break;
    }
    if (byte < 0x20 || byte == 0x7F) {
      at = PutUnicodeEscape(byte, at);
    } else if (byte == 0xC2 && i + 1 < size && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      // UTF-8 of the C1 controls U+0080..U+009F, which fastjson escapes like C0 controls.
      at = PutUnicodeEscape(static_cast<unsigned char>(text[i + 1]), at);
      ++i;
    } else {
      *at++ = static_cast<char>(byte);
    }
  }
  *at++ = '"';
  return at;
}

}  // namespace

void AppendFastjsonString(const std::string& text, std::string* out) {
  const size_t start = out->size();
  out->resize(start + FastjsonStringBound(text));
  char* const begin = &(*out)[0];
  out->resize(static_cast<size_t>(PutFastjsonString(text, begin + start) - begin));
}

void AppendJsonHeader(const RemotingCommand& command, std::string* out) {
  const std::string_view language = LanguageCodeName(command.language());
  // The fixed keys and punctuation, four ints, the language's name; then the strings.
  size_t bound = 160 + 4 * kMaxIntChars + language.size();
  for (const auto& [key, value] : command.ext_fields()) {
    bound += FastjsonStringBound(key) + FastjsonStringBound(value) + 2;
  }
  if (command.remark()) bound += FastjsonStringBound(*command.remark());
  const size_t start = out->size();
  out->resize(start + bound);
  char* const begin = &(*out)[0];
  char* at = begin + start;
  at = PutInt("{\"code\":", command.code(), at);
  if (command.has_ext_fields()) {
    at = PutText(",\"extFields\":{", at);
    bool first = true;
    for (const auto& [key, value] : command.ext_fields()) {
      if (!first) *at++ = ',';
      first = false;
      at = PutFastjsonString(key, at);
      *at++ = ':';
      at = PutFastjsonString(value, at);
    }
    *at++ = '}';
  }
  at = PutInt(",\"flag\":", command.flag(), at);
  at = PutText(",\"language\":\"", at);
  at = PutText(language, at);
  at = PutInt("\",\"opaque\":", command.opaque(), at);
  if (command.remark()) {
    at = PutText(",\"remark\":", at);
    at = PutFastjsonString(*command.remark(), at);
  }
  at = PutInt(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":", command.version(), at);
  *at++ = '}';
  out->resize(static_cast<size_t>(at - begin));
}

Result<RemotingCommand> DecodeJsonHeader(const char* data, size_t size) {
  ThreadParser& thread_parser = Parser();
  if (thread_parser.parser.max_depth() != kMaxDepth) {
    const simdjson::error_code allocated = thread_parser.parser.allocate(4096, kMaxDepth);
    if (allocated) {
      return Status::ResourceExhausted(std::string("JSON header parser: ") +
                                       simdjson::error_message(allocated));
    }
  }
  thread_parser.padded.assign(data, size);
  thread_parser.padded.resize(size + simdjson::SIMDJSON_PADDING);
  element root;
  const simdjson::error_code error =
      thread_parser.parser.parse(thread_parser.padded.data(), size, false).get(root);
  if (error) return Malformed(std::string("invalid JSON: ") + simdjson::error_message(error));
  if (root.type() != element_type::OBJECT) return Malformed("the header is not a JSON object");

  RemotingCommand command;
  command.set_serialize_type(SerializeType::kJson);
  int32_t code = 0;
  int32_t version = 0;
  int32_t opaque = 0;
  int32_t flag = 0;
  // Java's default when the header names no language.
  command.set_language(LanguageCode::kJava);
  // In document order, so that of a repeated key the last wins; unknown keys are skipped.
  for (const simdjson::dom::key_value_pair field : simdjson::dom::object(root)) {
    const std::string_view key = field.key;
    if (key == "code") {
      RMQ_RETURN_IF_ERROR(ReadInt(field.value, "code", &code));
    } else if (key == "version") {
      RMQ_RETURN_IF_ERROR(ReadInt(field.value, "version", &version));
    } else if (key == "opaque") {
      RMQ_RETURN_IF_ERROR(ReadInt(field.value, "opaque", &opaque));
    } else if (key == "flag") {
      RMQ_RETURN_IF_ERROR(ReadInt(field.value, "flag", &flag));
    } else if (key == "language") {
      RMQ_RETURN_IF_ERROR(ReadLanguage(field.value, &command));
    } else if (key == "remark") {
      if (field.value.type() == element_type::STRING) {
        command.set_remark(std::string(std::string_view(field.value)));
      } else if (field.value.type() == element_type::NULL_VALUE) {
        command.set_remark(std::nullopt);
      } else {
        return Malformed("\"remark\" is not a string");
      }
    } else if (key == "extFields") {
      command.clear_ext_fields();
      RMQ_RETURN_IF_ERROR(ReadExtFields(field.value, &command));
    }
  }
  command.set_code(code);
  command.set_version(version);
  command.set_opaque(opaque);
  command.set_flag(flag);
  return command;
}

}  // namespace remoting
}  // namespace rocketmq
