#include "bench_flags.h"

#include <cerrno>
#include <cstdlib>

namespace rocketmq {
namespace bench {

Result<BenchFlags> BenchFlags::Parse(int argc, char** argv, const std::set<std::string>& known) {
  BenchFlags flags;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    std::string name;
    std::string value;
    bool has_value = false;
    if (arg.rfind("--", 0) == 0) {
      name = arg.substr(2);
      const size_t eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_value = true;
      }
    } else if (arg.size() == 2 && arg[0] == '-') {
      name = arg.substr(1);
    } else {
      return Status::InvalidArgument("unexpected argument '" + arg + "'");
    }
    if (known.count(name) == 0) return Status::InvalidArgument("unknown option '" + arg + "'");
    if (!has_value) {
      if (i + 1 >= argc) return Status::InvalidArgument("option '" + arg + "' needs a value");
      value = argv[++i];
    }
    flags.values_[name] = value;
  }
  return flags;
}

std::string BenchFlags::String(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

Result<int64_t> BenchFlags::Int(const std::string& name, int64_t fallback, int64_t min,
                                int64_t max) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || errno == ERANGE || v < min || v > max) {
    return Status::InvalidArgument("option " + name + " wants an integer in [" +
                                   std::to_string(min) + ", " + std::to_string(max) + "], not '" +
                                   it->second + "'");
  }
  return static_cast<int64_t>(v);
}

}  // namespace bench
}  // namespace rocketmq
