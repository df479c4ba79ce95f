// DLedger log entry and index unit: the byte layout of openmessaging/dledger 0.3.1.2
// (DLedgerEntry, DLedgerEntryCoder), the jar Apache RocketMQ 4.9.7 ships, so a store directory
// moves between Apache's DLedger broker and ours. Integers are big-endian.
//
// Data entry (48-byte header, then the body = one classic CommitLog record):
//   0 magic (1)   4 size (48 + body)   8 index   16 term   24 pos (absolute offset of the entry)
//   32 channel    36 chainCrc          40 bodyCrc          44 body length    48 body
// channel, chainCrc and bodyCrc are 0 in 0.3.1.2 and never validated (Apache never sets them).
// A data file ends with a blank filler [int32 -1][int32 bytes left] when an entry plus 8 bytes
// does not fit; entries never span files.
//
// Index unit (32 bytes at index * 32): [int32 magic][int64 pos][int32 size][int64 index][int64
// term].
#ifndef ROCKETMQ_DLEDGER_ENTRY_H_
#define ROCKETMQ_DLEDGER_ENTRY_H_

#include <cstdint>
#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace dledger {

constexpr int32_t kEntryMagic = 1;
constexpr int32_t kBlankMagic = -1;
constexpr int32_t kMinBlankLen = 8;
constexpr int32_t kEntryHeaderSize = 48;  // DLedgerEntry.BODY_OFFSET
constexpr int32_t kEntryPosOffset = 24;   // DLedgerEntry.POS_OFFSET
constexpr int32_t kIndexUnitSize = 32;

struct Entry {
  int32_t magic = kEntryMagic;
  int64_t index = -1;
  int64_t term = -1;
  int64_t pos = -1;
  int32_t channel = 0;
  int32_t chain_crc = 0;
  int32_t body_crc = 0;
  std::string body;

  int32_t size() const { return kEntryHeaderSize + static_cast<int32_t>(body.size()); }
  // DLedgerEntry.equals: every header field and the body.
  bool operator==(const Entry& other) const;
  bool operator!=(const Entry& other) const { return !(*this == other); }
};

struct IndexUnit {
  int32_t magic = kEntryMagic;
  int64_t pos = -1;
  int32_t size = 0;
  int64_t index = -1;
  int64_t term = -1;
};

// Appends the encoded entry (header + body) to `out`.
void EncodeEntry(const Entry& entry, std::string* out);
// Decodes one entry from `data` (at least its header; `n` bytes available). Corruption when the
// magic is not kEntryMagic, the sizes disagree, or the entry runs past `n`.
Result<Entry> DecodeEntry(const char* data, size_t n);
// Reads the two ints at the start of a data position: the magic and the size field.
void PeekEntryHeader(const char* data, int32_t* magic, int32_t* size);

void EncodeIndexUnit(const IndexUnit& unit, char out[kIndexUnitSize]);
IndexUnit DecodeIndexUnit(const char* data);

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_ENTRY_H_
