#include "common/properties.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace rocketmq {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

std::string Trim(const std::string& s) {
  size_t begin = 0;
  size_t end = s.size();
  while (begin < end && (IsBlank(s[begin]) || s[begin] == '\r')) ++begin;
  while (end > begin && (IsBlank(s[end - 1]) || s[end - 1] == '\r')) --end;
  return s.substr(begin, end - begin);
}

// A line ends in a continuation when it ends in an odd number of backslashes.
bool EndsWithContinuation(const std::string& line) {
  size_t count = 0;
  for (size_t i = line.size(); i > 0 && line[i - 1] == '\\'; --i) ++count;
  return count % 2 == 1;
}

// Resolves the escapes java.util.Properties knows: \t \n \r \f, \uXXXX and \<char>.
Status Unescape(const std::string& in, const std::string& origin, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\' || i + 1 == in.size()) {
      out->push_back(in[i]);
      continue;
    }
    const char c = in[++i];
    switch (c) {
      case 't':
        out->push_back('\t');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'u': {
        if (i + 4 >= in.size()) {
          return Status::InvalidArgument(origin + ": malformed \\u escape");
        }
        unsigned code = 0;
        for (int k = 0; k < 4; ++k) {
          const char h = in[++i];
          code <<= 4;
          if (h >= '0' && h <= '9')
            code |= static_cast<unsigned>(h - '0');
          else if (h >= 'a' && h <= 'f')
            code |= static_cast<unsigned>(h - 'a' + 10);
          else if (h >= 'A' && h <= 'F')
            code |= static_cast<unsigned>(h - 'A' + 10);
          else
            return Status::InvalidArgument(origin + ": malformed \\u escape");
        }
        // UTF-8 encode the BMP code point.
        if (code < 0x80) {
          out->push_back(static_cast<char>(code));
        } else if (code < 0x800) {
          out->push_back(static_cast<char>(0xC0 | (code >> 6)));
          out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
          out->push_back(static_cast<char>(0xE0 | (code >> 12)));
          out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
        break;
      }
      default:
        out->push_back(c);
        break;
    }
  }
  return Status::OK();
}

}  // namespace

Result<Properties> Properties::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError("cannot read config file '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

Result<Properties> Properties::Parse(const std::string& text, const std::string& source) {
  Properties props;
  std::istringstream in(text);
  std::string raw;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    const int first_line = line_no;
    std::string logical = Trim(raw);
    if (logical.empty() || logical[0] == '#' || logical[0] == '!') continue;
    while (EndsWithContinuation(logical)) {
      logical.pop_back();
      std::string next;
      if (!std::getline(in, next)) break;
      ++line_no;
      logical += Trim(next);
    }
    // The key ends at the first unescaped '=', ':' or blank.
    size_t pos = 0;
    while (pos < logical.size()) {
      const char c = logical[pos];
      if (c == '\\') {
        pos += 2;
        continue;
      }
      if (c == '=' || c == ':' || IsBlank(c)) break;
      ++pos;
    }
    const std::string origin = source + ":" + std::to_string(first_line);
    std::string key;
    RMQ_RETURN_IF_ERROR(Unescape(logical.substr(0, std::min(pos, logical.size())), origin, &key));
    size_t value_start = pos;
    while (value_start < logical.size() && IsBlank(logical[value_start])) ++value_start;
    if (value_start < logical.size() &&
        (logical[value_start] == '=' || logical[value_start] == ':')) {
      ++value_start;
    }
    while (value_start < logical.size() && IsBlank(logical[value_start])) ++value_start;
    std::string value;
    RMQ_RETURN_IF_ERROR(Unescape(logical.substr(value_start), origin, &value));
    props.Set(key, Trim(value), origin);
  }
  return props;
}

void Properties::Set(const std::string& key, std::string value, std::string origin) {
  entries_[key] = Entry{std::move(value), std::move(origin)};
}

const Properties::Entry* Properties::Find(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace rocketmq
