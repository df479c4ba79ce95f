#include "broker/process_memory.h"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace rocketmq {
namespace broker {
namespace {

// The value of a "Name:   1234 kB" line of smaps_rollup, in bytes.
std::optional<int64_t> FieldBytes(std::string_view text, std::string_view name) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() <= name.size() || line.substr(0, name.size()) != name ||
        line[name.size()] != ':') {
      continue;
    }
    line.remove_prefix(name.size() + 1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    int64_t kib = 0;
    auto [rest, error] = std::from_chars(line.data(), line.data() + line.size(), kib);
    if (error != std::errc() || kib < 0 || kib > INT64_MAX / 1024) return std::nullopt;
    if (std::string_view(rest, static_cast<size_t>(line.data() + line.size() - rest)) != " kB") {
      return std::nullopt;
    }
    return kib * 1024;
  }
  return std::nullopt;
}

std::optional<std::string> ReadWhole(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<ProcessMemory> ParseSmapsRollup(std::string_view text) {
  const std::optional<int64_t> rss = FieldBytes(text, "Rss");
  const std::optional<int64_t> anonymous = FieldBytes(text, "Anonymous");
  if (!rss || !anonymous) {
    return Status::InvalidArgument("smaps_rollup without readable Rss and Anonymous lines");
  }
  ProcessMemory memory;
  memory.resident_bytes = *rss;
  memory.anonymous_bytes = *anonymous;
  memory.file_backed_bytes = std::max<int64_t>(0, *rss - *anonymous);
  memory.swap_bytes = FieldBytes(text, "Swap").value_or(0);
  return memory;
}

Result<ProcessMemory> ParseStatm(std::string_view text, int64_t page_size) {
  std::istringstream in{std::string(text)};
  int64_t size = 0, resident = 0, shared = 0;
  if (!(in >> size >> resident >> shared) || resident < 0 || shared < 0 || page_size <= 0) {
    return Status::InvalidArgument("statm is not 'size resident shared ...'");
  }
  ProcessMemory memory;
  memory.resident_bytes = resident * page_size;
  memory.file_backed_bytes = std::min(shared, resident) * page_size;
  memory.anonymous_bytes = memory.resident_bytes - memory.file_backed_bytes;
  return memory;
}

Result<ProcessMemory> ReadProcessMemory() {
  if (auto rollup = ReadWhole("/proc/self/smaps_rollup")) {
    auto memory = ParseSmapsRollup(*rollup);
    if (memory.ok()) return memory;
  }
  auto statm = ReadWhole("/proc/self/statm");
  if (!statm) return Status::IoError("cannot read /proc/self/smaps_rollup or /proc/self/statm");
  return ParseStatm(*statm, static_cast<int64_t>(sysconf(_SC_PAGESIZE)));
}

}  // namespace broker
}  // namespace rocketmq
