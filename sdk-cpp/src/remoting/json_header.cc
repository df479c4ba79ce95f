#include "remoting/json_header.h"

#include <json/json.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <limits>
#include <memory>
#include <string>

namespace rocketmq {
namespace remoting {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

void AppendUnicodeEscape(unsigned code_point, std::string* out) {
  out->append("\\u00");
  out->push_back(kHexDigits[(code_point >> 4) & 0xF]);
  out->push_back(kHexDigits[code_point & 0xF]);
}

void AppendInt(const char* key, int64_t value, std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
  out->append(std::to_string(value));
}

Status Malformed(const std::string& what) {
  return Status::Protocol("malformed JSON header: " + what);
}

// fastjson maps numbers and numeric strings onto int fields; anything else, or a value
// outside Java's int, is an error.
Status ReadInt(const Json::Value& root, const char* key, int32_t* out) {
  const Json::Value& value = root[key];
  if (value.isNull()) return Status::OK();
  if (value.isInt()) {
    *out = value.asInt();
    return Status::OK();
  }
  if (value.isString()) {
    const std::string text = value.asString();
    char* end = nullptr;
    errno = 0;
    const long long parsed = std::strtoll(text.c_str(), &end, 10);
    if (!text.empty() && end == text.c_str() + text.size() && errno == 0 &&
        parsed >= std::numeric_limits<int32_t>::min() &&
        parsed <= std::numeric_limits<int32_t>::max()) {
      *out = static_cast<int32_t>(parsed);
      return Status::OK();
    }
  }
  return Malformed(std::string("\"") + key + "\" is not a 32-bit integer");
}

Status ReadLanguage(const Json::Value& root, RemotingCommand* command) {
  const Json::Value& value = root["language"];
  if (value.isNull()) return Status::OK();
  if (value.isString()) {
    // A name from a newer peer is kept as OTHER rather than failing the whole frame.
    command->set_language(ParseLanguageCode(value.asString()).value_or(LanguageCode::kOther));
    return Status::OK();
  }
  if (value.isInt() && value.asInt() >= 0 && value.asInt() <= 255) {
    command->set_language(static_cast<LanguageCode>(value.asInt()));
    return Status::OK();
  }
  return Malformed("\"language\" is neither a language name nor an ordinal");
}

Status ReadExtFields(const Json::Value& root, RemotingCommand* command) {
  const Json::Value& value = root["extFields"];
  if (value.isNull()) return Status::OK();
  if (!value.isObject()) return Malformed("\"extFields\" is not an object");
  protocol::ExtFields* fields = command->mutable_ext_fields();
  for (auto it = value.begin(); it != value.end(); ++it) {
    const Json::Value& field = *it;
    if (field.isNull()) continue;  // Java's map would hold null, which is never sent on
    if (field.isObject() || field.isArray()) {
      return Malformed("extFields value of \"" + it.name() + "\" is not a scalar");
    }
    (*fields)[it.name()] = field.asString();
  }
  return Status::OK();
}

Json::CharReader& ThreadReader() {
  thread_local std::unique_ptr<Json::CharReader> reader = [] {
    Json::CharReaderBuilder builder;
    builder["collectComments"] = false;
    builder["failIfExtra"] = true;
    builder["stackLimit"] = 32;
    return std::unique_ptr<Json::CharReader>(builder.newCharReader());
  }();
  return *reader;
}

}  // namespace

void AppendFastjsonString(const std::string& text, std::string* out) {
  out->push_back('"');
  const size_t size = text.size();
  for (size_t i = 0; i < size; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '\b':
        out->append("\\b");
        continue;
      case '\t':
        out->append("\\t");
        continue;
      case '\n':
        out->append("\\n");
        continue;
      case '\f':
        out->append("\\f");
        continue;
      case '\r':
        out->append("\\r");
        continue;
      case '"':
        out->append("\\\"");
        continue;
      case '\\':
        out->append("\\\\");
        continue;
      default:
        break;
    }
    if (byte < 0x20 || byte == 0x7F) {
      AppendUnicodeEscape(byte, out);
    } else if (byte == 0xC2 && i + 1 < size && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      // UTF-8 of the C1 controls U+0080..U+009F, which fastjson escapes like C0 controls.
      AppendUnicodeEscape(static_cast<unsigned char>(text[i + 1]), out);
      ++i;
    } else {
      out->push_back(static_cast<char>(byte));
    }
  }
  out->push_back('"');
}

void AppendJsonHeader(const RemotingCommand& command, std::string* out) {
  out->push_back('{');
  AppendInt("code", command.code(), out);
  if (command.has_ext_fields()) {
    out->append(",\"extFields\":{");
    bool first = true;
    for (const auto& [key, value] : command.ext_fields()) {
      if (!first) out->push_back(',');
      first = false;
      AppendFastjsonString(key, out);
      out->push_back(':');
      AppendFastjsonString(value, out);
    }
    out->push_back('}');
  }
  out->push_back(',');
  AppendInt("flag", command.flag(), out);
  out->append(",\"language\":\"");
  out->append(LanguageCodeName(command.language()));
  out->append("\",");
  AppendInt("opaque", command.opaque(), out);
  if (command.remark()) {
    out->append(",\"remark\":");
    AppendFastjsonString(*command.remark(), out);
  }
  out->append(",\"serializeTypeCurrentRPC\":\"JSON\",");
  AppendInt("version", command.version(), out);
  out->push_back('}');
}

Result<RemotingCommand> DecodeJsonHeader(const char* data, size_t size) {
  Json::Value parsed;
  std::string errors;
  bool parsed_ok = false;
  try {
    parsed_ok = ThreadReader().parse(data, data + size, &parsed, &errors);
  } catch (const std::exception& e) {
    // jsoncpp reports nesting beyond stackLimit by throwing.
    errors = e.what();
  }
  if (!parsed_ok) {
    while (!errors.empty() && (errors.back() == '\n' || errors.back() == ' ')) errors.pop_back();
    return Malformed("invalid JSON: " + errors);
  }
  // Const, so that looking up an absent key does not insert it.
  const Json::Value& root = parsed;
  if (!root.isObject()) return Malformed("the header is not a JSON object");

  RemotingCommand command;
  command.set_serialize_type(SerializeType::kJson);
  int32_t code = 0;
  int32_t version = 0;
  int32_t opaque = 0;
  int32_t flag = 0;
  RMQ_RETURN_IF_ERROR(ReadInt(root, "code", &code));
  RMQ_RETURN_IF_ERROR(ReadInt(root, "version", &version));
  RMQ_RETURN_IF_ERROR(ReadInt(root, "opaque", &opaque));
  RMQ_RETURN_IF_ERROR(ReadInt(root, "flag", &flag));
  command.set_code(code);
  command.set_version(version);
  command.set_opaque(opaque);
  command.set_flag(flag);
  // Java's default when the header names no language.
  command.set_language(LanguageCode::kJava);
  RMQ_RETURN_IF_ERROR(ReadLanguage(root, &command));

  const Json::Value& remark = root["remark"];
  if (remark.isString()) {
    command.set_remark(remark.asString());
  } else if (!remark.isNull()) {
    return Malformed("\"remark\" is not a string");
  }
  RMQ_RETURN_IF_ERROR(ReadExtFields(root, &command));
  return command;
}

}  // namespace remoting
}  // namespace rocketmq
