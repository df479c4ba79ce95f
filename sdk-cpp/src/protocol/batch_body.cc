#include "protocol/batch_body.h"

#include <cstring>
#include <limits>

#include "protocol/big_endian.h"

namespace rocketmq {
namespace protocol {

char* BeginBatchEntry(char* at, int32_t flag, std::string_view body) {
  // TOTALSIZE (filled in by FinishBatchEntry), MAGICCODE (0), BODYCRC (0), FLAG, BODYLEN.
  big_endian::Store32(at + 4, 0);
  big_endian::Store32(at + 8, 0);
  big_endian::Store32(at + 12, static_cast<uint32_t>(flag));
  big_endian::Store32(at + 16, static_cast<uint32_t>(body.size()));
  if (!body.empty()) std::memcpy(at + 20, body.data(), body.size());
  // PROPERTIESLEN comes before the properties and is filled in by FinishBatchEntry.
  return at + 20 + body.size() + 2;
}

void FinishBatchEntry(char* entry, char* properties, const char* end) {
  big_endian::Store32(entry, static_cast<uint32_t>(end - entry));
  big_endian::Store16(properties - 2, static_cast<uint16_t>(end - properties));
}

Result<std::string> EncodeBatchBody(const std::vector<BatchEntry>& entries) {
  size_t total = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].properties.size() > kMaxBatchEntryProperties) {
      return Status::InvalidArgument("batch message " + std::to_string(i) + " has " +
                                     std::to_string(entries[i].properties.size()) +
                                     " bytes of properties, more than 32767");
    }
    total += kBatchEntryOverhead + entries[i].body.size() + entries[i].properties.size();
  }
  if (total > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return Status::InvalidArgument("batch body of " + std::to_string(total) +
                                   " bytes is larger than 2 GiB");
  }
  std::string out(total, '\0');
  char* at = out.data();
  for (const BatchEntry& entry : entries) {
    char* properties = BeginBatchEntry(at, entry.flag, entry.body);
    if (!entry.properties.empty()) {
      std::memcpy(properties, entry.properties.data(), entry.properties.size());
    }
    char* end = properties + entry.properties.size();
    FinishBatchEntry(at, properties, end);
    at = end;
  }
  return out;
}

Result<std::vector<BatchEntry>> DecodeBatchBody(std::string_view data) {
  std::vector<BatchEntry> entries;
  size_t pos = 0;
  while (pos < data.size()) {
    // Formatted only for an error: per entry it cost the broker as much as the decoding.
    auto where = [&] {
      return "batch message " + std::to_string(entries.size()) + " at byte " + std::to_string(pos);
    };
    const size_t left = data.size() - pos;
    if (left < kBatchEntryOverhead) {
      return Status::Protocol(where() + " is truncated: " + std::to_string(left) +
                              " bytes left, a message needs at least " +
                              std::to_string(kBatchEntryOverhead));
    }
    const char* p = data.data() + pos;
    const auto total = static_cast<int32_t>(big_endian::Load32(p));
    if (total < static_cast<int32_t>(kBatchEntryOverhead) || static_cast<size_t>(total) > left) {
      return Status::Protocol(where() + " has TOTALSIZE " + std::to_string(total) + " but " +
                              std::to_string(left) + " bytes are left");
    }
    BatchEntry entry;
    entry.flag = static_cast<int32_t>(big_endian::Load32(p + 12));
    const auto body_length = static_cast<int32_t>(big_endian::Load32(p + 16));
    if (body_length < 0 ||
        static_cast<size_t>(body_length) > static_cast<size_t>(total) - kBatchEntryOverhead) {
      return Status::Protocol(where() + " has BODYLEN " + std::to_string(body_length) +
                              " that does not fit its TOTALSIZE " + std::to_string(total));
    }
    entry.body = data.substr(pos + 20, static_cast<size_t>(body_length));
    const size_t props_pos = 20 + static_cast<size_t>(body_length);
    const size_t props_length = big_endian::Load16(p + props_pos);
    if (props_pos + 2 + props_length != static_cast<size_t>(total)) {
      return Status::Protocol(where() + " has PROPERTIESLEN " + std::to_string(props_length) +
                              " inconsistent with its TOTALSIZE " + std::to_string(total));
    }
    entry.properties = data.substr(pos + props_pos + 2, props_length);
    // A batch's entries are mostly of one size: one allocation instead of one per doubling.
    if (entries.empty()) entries.reserve(data.size() / static_cast<size_t>(total) + 1);
    entries.push_back(entry);
    pos += static_cast<size_t>(total);
  }
  return entries;
}

}  // namespace protocol
}  // namespace rocketmq
