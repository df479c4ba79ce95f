#include "dledger/entry.h"

#include "protocol/big_endian.h"

namespace rocketmq {
namespace dledger {

namespace be = protocol::big_endian;

bool Entry::operator==(const Entry& other) const {
  return magic == other.magic && index == other.index && term == other.term && pos == other.pos &&
         channel == other.channel && chain_crc == other.chain_crc && body_crc == other.body_crc &&
         body == other.body;
}

void EncodeEntry(const Entry& entry, std::string* out) {
  char header[kEntryHeaderSize];
  be::Store32(header, static_cast<uint32_t>(entry.magic));
  be::Store32(header + 4, static_cast<uint32_t>(entry.size()));
  be::Store64(header + 8, static_cast<uint64_t>(entry.index));
  be::Store64(header + 16, static_cast<uint64_t>(entry.term));
  be::Store64(header + kEntryPosOffset, static_cast<uint64_t>(entry.pos));
  be::Store32(header + 32, static_cast<uint32_t>(entry.channel));
  be::Store32(header + 36, static_cast<uint32_t>(entry.chain_crc));
  be::Store32(header + 40, static_cast<uint32_t>(entry.body_crc));
  be::Store32(header + 44, static_cast<uint32_t>(entry.body.size()));
  out->append(header, sizeof(header));
  out->append(entry.body);
}

void PeekEntryHeader(const char* data, int32_t* magic, int32_t* size) {
  *magic = static_cast<int32_t>(be::Load32(data));
  *size = static_cast<int32_t>(be::Load32(data + 4));
}

Result<Entry> DecodeEntry(const char* data, size_t n) {
  if (n < static_cast<size_t>(kEntryHeaderSize)) {
    return Status::Corruption("DLedger entry: " + std::to_string(n) +
                              " bytes, shorter than its 48-byte header");
  }
  Entry entry;
  int32_t size = 0;
  PeekEntryHeader(data, &entry.magic, &size);
  if (entry.magic != kEntryMagic) {
    return Status::Corruption("DLedger entry: magic " + std::to_string(entry.magic) +
                              ", expected 1");
  }
  entry.index = static_cast<int64_t>(be::Load64(data + 8));
  entry.term = static_cast<int64_t>(be::Load64(data + 16));
  entry.pos = static_cast<int64_t>(be::Load64(data + kEntryPosOffset));
  entry.channel = static_cast<int32_t>(be::Load32(data + 32));
  entry.chain_crc = static_cast<int32_t>(be::Load32(data + 36));
  entry.body_crc = static_cast<int32_t>(be::Load32(data + 40));
  const int32_t body_size = static_cast<int32_t>(be::Load32(data + 44));
  // In 64 bits: a body length near INT32_MAX must not overflow the sum.
  if (body_size < 0 || size != int64_t{kEntryHeaderSize} + body_size) {
    return Status::Corruption("DLedger entry " + std::to_string(entry.index) + ": size " +
                              std::to_string(size) + " disagrees with body length " +
                              std::to_string(body_size));
  }
  if (static_cast<size_t>(size) > n) {
    return Status::Corruption("DLedger entry " + std::to_string(entry.index) + ": " +
                              std::to_string(size) + " bytes run past the " + std::to_string(n) +
                              " available");
  }
  entry.body.assign(data + kEntryHeaderSize, static_cast<size_t>(body_size));
  return entry;
}

void EncodeIndexUnit(const IndexUnit& unit, char out[kIndexUnitSize]) {
  be::Store32(out, static_cast<uint32_t>(unit.magic));
  be::Store64(out + 4, static_cast<uint64_t>(unit.pos));
  be::Store32(out + 12, static_cast<uint32_t>(unit.size));
  be::Store64(out + 16, static_cast<uint64_t>(unit.index));
  be::Store64(out + 24, static_cast<uint64_t>(unit.term));
}

IndexUnit DecodeIndexUnit(const char* data) {
  IndexUnit unit;
  unit.magic = static_cast<int32_t>(be::Load32(data));
  unit.pos = static_cast<int64_t>(be::Load64(data + 4));
  unit.size = static_cast<int32_t>(be::Load32(data + 12));
  unit.index = static_cast<int64_t>(be::Load64(data + 16));
  unit.term = static_cast<int64_t>(be::Load64(data + 24));
  return unit;
}

}  // namespace dledger
}  // namespace rocketmq
