#include "cli_options.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace rocketmq {
namespace admin_cli {

std::string ParsedArgs::Get(const std::string& long_name, const std::string& fallback) const {
  auto it = values_.find(long_name);
  return it == values_.end() ? fallback : it->second;
}

Result<int64_t> ParsedArgs::GetInt(const std::string& long_name, int64_t fallback) const {
  auto it = values_.find(long_name);
  if (it == values_.end()) return fallback;
  const std::string& text = it->second;
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE) {
    return Status::InvalidArgument("option --" + long_name + ": '" + text + "' is not an integer");
  }
  return static_cast<int64_t>(value);
}

Result<bool> ParsedArgs::GetBool(const std::string& long_name, bool fallback) const {
  auto it = values_.find(long_name);
  if (it == values_.end()) return fallback;
  std::string text = it->second;
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text == "true") return true;
  if (text == "false") return false;
  return Status::InvalidArgument("option --" + long_name + ": '" + it->second +
                                 "' is not true or false");
}

const std::vector<OptionSpec>& CommonOptions() {
  static const std::vector<OptionSpec> options = {
      {'n', "namesrvAddr", true, false,
       "nameserver address list, eg: 192.168.0.1:9876;192.168.0.2:9876 (default: $NAMESRV_ADDR)"},
      {'h', "help", false, false, "print this help"},
      {'\0', "json", false, false, "print the result as JSON"},
      {'\0', "timeout", true, false, "milliseconds to wait for each request (default 5000)"},
      {'\0', "aclAccessKey", true, false, "sign requests for ACL with this access key"},
      {'\0', "aclSecretKey", true, false, "the secret key of --aclAccessKey"},
  };
  return options;
}

namespace {

const OptionSpec* FindShort(const CommandSpec& spec, char name) {
  for (const auto* list : {&CommonOptions(), &spec.options}) {
    for (const auto& o : *list) {
      if (o.short_name == name) return &o;
    }
  }
  return nullptr;
}

const OptionSpec* FindLong(const CommandSpec& spec, const std::string& name) {
  for (const auto* list : {&CommonOptions(), &spec.options}) {
    for (const auto& o : *list) {
      if (o.long_name == name) return &o;
    }
  }
  return nullptr;
}

std::string Display(const OptionSpec& o) {
  std::string text = o.short_name ? std::string("-") + o.short_name : "--" + o.long_name;
  return o.has_arg ? text + " <arg>" : text;
}

}  // namespace

Result<ParsedArgs> ParseArgs(const CommandSpec& spec, const std::vector<std::string>& args) {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const OptionSpec* option = nullptr;
    std::string value;
    bool has_inline_value = false;
    if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      std::string name = arg.substr(2);
      const size_t eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
        has_inline_value = true;
      }
      option = FindLong(spec, name);
      if (option == nullptr) {
        return Status::InvalidArgument("unknown option '" + arg + "' for " + spec.name);
      }
    } else if (arg.size() >= 2 && arg[0] == '-' && arg[1] != '-') {
      option = FindShort(spec, arg[1]);
      if (option == nullptr) {
        return Status::InvalidArgument("unknown option '" + arg + "' for " + spec.name);
      }
      if (arg.size() > 2) {
        value = arg.substr(2);
        has_inline_value = true;
      }
    } else {
      return Status::InvalidArgument("unexpected argument '" + arg + "' for " + spec.name);
    }
    if (!option->has_arg) {
      if (has_inline_value) {
        return Status::InvalidArgument("option " + Display(*option) + " takes no value");
      }
      parsed.Set(option->long_name, "true");
      continue;
    }
    if (!has_inline_value) {
      if (i + 1 >= args.size()) {
        return Status::InvalidArgument("option " + Display(*option) + " needs a value");
      }
      value = args[++i];
    }
    parsed.Set(option->long_name, value);
  }
  if (parsed.Has("help")) return parsed;
  for (const auto& o : spec.options) {
    if (o.required && !parsed.Has(o.long_name)) {
      return Status::InvalidArgument("missing required option " + Display(o) + " (--" +
                                     o.long_name + ") for " + spec.name);
    }
  }
  return parsed;
}

std::string CommandHelp(const CommandSpec& spec) {
  std::string usage = "usage: rmq-admin " + spec.name;
  std::vector<const OptionSpec*> all;
  for (const auto& o : CommonOptions()) all.push_back(&o);
  for (const auto& o : spec.options) all.push_back(&o);
  for (const auto* o : all) {
    usage += " " + (o->required ? Display(*o) : "[" + Display(*o) + "]");
  }
  std::string text = usage + "\n" + spec.summary + "\n";
  std::vector<std::string> names;
  size_t width = 0;
  for (const auto* o : all) {
    std::string name = o->short_name ? std::string(" -") + o->short_name + "," : "    ";
    name += "--" + o->long_name + (o->has_arg ? " <arg>" : "");
    width = std::max(width, name.size());
    names.push_back(std::move(name));
  }
  for (size_t i = 0; i < all.size(); ++i) {
    names[i].resize(width, ' ');
    text += names[i] + "  " + all[i]->help + "\n";
  }
  return text;
}

}  // namespace admin_cli
}  // namespace rocketmq
