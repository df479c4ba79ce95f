#include "common/settings.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "common/logging.h"

namespace rocketmq {
namespace {

// Strict decimal parse: optional sign, digits, nothing else.
bool ParseInt64(const std::string& text, int64_t* out) {
  if (text.empty()) return false;
  size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (i == text.size()) return false;
  for (size_t k = i; k < text.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(text[k]))) return false;
  }
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno == ERANGE || end != text.c_str() + text.size()) return false;
  *out = v;
  return true;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

template <typename T>
std::function<std::string(const std::string&)> IntAssigner(T* field, int64_t min, int64_t max) {
  return [field, min, max](const std::string& text) -> std::string {
    int64_t v = 0;
    if (!ParseInt64(text, &v)) return "'" + text + "' is not an integer";
    if (v < min || v > max) {
      return "value " + text + " is out of range [" + std::to_string(min) + ", " +
             std::to_string(max) + "]";
    }
    *field = static_cast<T>(v);
    return "";
  };
}

}  // namespace

void Settings::Add(Setting setting) {
  setting.default_text = setting.current();
  auto it = std::find_if(settings_.begin(), settings_.end(),
                         [&](const Setting& s) { return s.key == setting.key; });
  if (it != settings_.end()) {
    *it = std::move(setting);
  } else {
    settings_.push_back(std::move(setting));
  }
}

void Settings::Int(const std::string& key, int64_t* field, int64_t min, int64_t max,
                   std::string doc) {
  Add(Setting{key, std::move(doc), "", IntAssigner(field, min, max),
              [field] { return std::to_string(*field); }});
}

void Settings::Int(const std::string& key, int32_t* field, int32_t min, int32_t max,
                   std::string doc) {
  Add(Setting{key, std::move(doc), "", IntAssigner(field, min, max),
              [field] { return std::to_string(*field); }});
}

void Settings::Bool(const std::string& key, bool* field, std::string doc) {
  Add(Setting{key, std::move(doc), "",
              [field](const std::string& text) -> std::string {
                const std::string v = Lower(text);
                if (v == "true") {
                  *field = true;
                } else if (v == "false") {
                  *field = false;
                } else {
                  return "'" + text + "' is not a boolean (expected true or false)";
                }
                return "";
              },
              [field] { return std::string(*field ? "true" : "false"); }});
}

void Settings::String(const std::string& key, std::string* field, std::string doc,
                      std::function<std::string(const std::string&)> validate) {
  Add(Setting{key, std::move(doc), "",
              [field, validate](const std::string& text) -> std::string {
                if (validate) {
                  std::string problem = validate(text);
                  if (!problem.empty()) return problem;
                }
                *field = text;
                return "";
              },
              [field] { return *field; }});
}

void Settings::Enum(const std::string& key, std::string* field, std::vector<std::string> allowed,
                    std::string doc) {
  Add(Setting{key, std::move(doc), "",
              [field, allowed](const std::string& text) -> std::string {
                for (const auto& a : allowed) {
                  if (a == text) {
                    *field = text;
                    return "";
                  }
                }
                std::string list;
                for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
                return "'" + text + "' is not one of: " + list;
              },
              [field] { return *field; }});
}

const Settings::Setting* Settings::FindSetting(const std::string& key) const {
  for (const auto& s : settings_) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

bool Settings::Has(const std::string& key) const { return FindSetting(key) != nullptr; }

Status Settings::Set(const std::string& key, const std::string& value, const std::string& origin) {
  const Setting* s = FindSetting(key);
  if (s == nullptr) {
    return Status::InvalidArgument(origin + ": unknown " + component_ + " setting '" + key + "'");
  }
  std::string problem = s->assign(value);
  if (!problem.empty()) {
    return Status::InvalidArgument(origin + ": invalid value for " + component_ + " setting '" +
                                   key + "': " + problem);
  }
  return Status::OK();
}

Status Settings::Apply(const Properties& props, std::vector<std::string>* unknown) {
  for (const auto& [key, entry] : props.entries()) {
    if (!Has(key) && unknown != nullptr) {
      unknown->push_back(key);
      continue;
    }
    RMQ_RETURN_IF_ERROR(Set(key, entry.value, entry.origin));
  }
  return Status::OK();
}

std::string Settings::Dump() const {
  std::ostringstream out;
  for (const auto& s : settings_) out << s.key << "=" << s.current() << "\n";
  return out.str();
}

std::string Settings::Describe() const {
  std::ostringstream out;
  for (const auto& s : settings_) {
    out << "  " << s.key << " (default: " << (s.default_text.empty() ? "\"\"" : s.default_text)
        << ")\n      " << s.doc << "\n";
  }
  return out.str();
}

Result<ServerCommandLine> ParseServerCommandLine(
    int argc, const char* const* argv,
    const std::vector<std::pair<char, std::string>>& short_flags) {
  ServerCommandLine out;
  auto need_value = [&](int& i, const std::string& flag) -> Result<std::string> {
    if (i + 1 >= argc) return Status::InvalidArgument("option " + flag + " needs a value");
    return std::string(argv[++i]);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      out.help = true;
    } else if (arg == "-p" || arg == "--printConfigItem") {
      out.print_config = true;
    } else if (arg == "-c" || arg == "--configFile") {
      auto v = need_value(i, arg);
      if (!v.ok()) return v.status();
      out.config_file = *v;
    } else if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      const size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        out.overrides.Set(arg.substr(2, eq - 2), arg.substr(eq + 1), "command line " + arg);
      } else {
        auto v = need_value(i, arg);
        if (!v.ok()) return v.status();
        out.overrides.Set(arg.substr(2), *v, "command line " + arg);
      }
    } else if (arg.size() > 2 && arg.compare(0, 2, "-D") == 0) {
      // A JVM system property, as Apache's start scripts pass the tls.* settings.
      const size_t eq = arg.find('=');
      if (eq == std::string::npos || eq == 2) {
        return Status::InvalidArgument("option " + arg + " must look like -Dkey=value");
      }
      out.overrides.Set(arg.substr(2, eq - 2), arg.substr(eq + 1), "command line " + arg);
    } else if (arg.size() == 2 && arg[0] == '-') {
      auto it = std::find_if(short_flags.begin(), short_flags.end(),
                             [&](const auto& f) { return f.first == arg[1]; });
      if (it == short_flags.end()) return Status::InvalidArgument("unknown option '" + arg + "'");
      auto v = need_value(i, arg);
      if (!v.ok()) return v.status();
      out.overrides.Set(it->second, *v, "command line " + arg);
    } else {
      return Status::InvalidArgument("unexpected argument '" + arg + "'");
    }
  }
  return out;
}

Status LoadServerSettings(const ServerCommandLine& cmdline, Settings* settings) {
  if (!cmdline.config_file.empty()) {
    auto props = Properties::LoadFile(cmdline.config_file);
    if (!props.ok()) return props.status();
    std::vector<std::string> unknown;
    RMQ_RETURN_IF_ERROR(settings->Apply(*props, &unknown));
    for (const auto& key : unknown) {
      RMQ_LOG_WARN << cmdline.config_file << ": ignoring setting '" << key
                   << "', which this program does not use";
    }
  }
  return settings->Apply(cmdline.overrides, nullptr);
}

}  // namespace rocketmq
