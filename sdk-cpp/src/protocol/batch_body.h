// The body of SEND_BATCH_MESSAGE (protocol.md §5.5): messages back to back, each
//   TOTALSIZE 4 | MAGICCODE 4 (0) | BODYCRC 4 (0) | FLAG 4 | BODYLEN 4 + BODY |
//   PROPERTIESLEN 2 + PROPERTIES                                       (big-endian)
// Clients write 0 for the magic code and CRC and brokers ignore them. Each message carries
// its own properties (TAGS, KEYS, UNIQ_KEY); the batch never uses compression.
#ifndef ROCKETMQ_PROTOCOL_BATCH_BODY_H_
#define ROCKETMQ_PROTOCOL_BATCH_BODY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// One message of a batch; the views point into the caller's data (encoding) or into the
// decoded body (decoding).
struct BatchEntry {
  int32_t flag = 0;
  std::string_view body;
  std::string_view properties;  // encoded (protocol/message_properties.h)
};

// The bytes an entry takes, besides its body and its properties.
constexpr size_t kBatchEntryOverhead = 5 * 4 + 2;
// The most bytes of properties an entry carries (PROPERTIESLEN is a signed short).
constexpr size_t kMaxBatchEntryProperties = 32767;

// Writes an entry into a buffer sized beforehand, so that a producer can encode each
// message's properties straight into the body, with no growth check per piece:
//   char* properties = BeginBatchEntry(at, flag, body);
//   <write the entry's encoded properties from `properties` on, up to `end`>
//   FinishBatchEntry(at, properties, end);  // the next entry begins at `end`
// `at` must have room for kBatchEntryOverhead + body.size() + the properties, which must
// not exceed kMaxBatchEntryProperties bytes.
char* BeginBatchEntry(char* at, int32_t flag, std::string_view body);
void FinishBatchEntry(char* entry, char* properties, const char* end);

// InvalidArgument if an entry's properties exceed 32767 bytes or the batch exceeds 2 GiB.
Result<std::string> EncodeBatchBody(const std::vector<BatchEntry>& entries);

// Protocol errors name the entry and the field that is truncated or inconsistent.
Result<std::vector<BatchEntry>> DecodeBatchBody(std::string_view data);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_BATCH_BODY_H_
