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

// Appends a batch body to a buffer entry by entry, so that a producer can encode each
// message's properties straight into the body: no buffer of their own, no second copy.
//   writer.BeginEntry(flag, body);  <append the entry's encoded properties to the buffer>
//   RMQ_RETURN_IF_ERROR(writer.EndEntry());
class BatchBodyWriter {
 public:
  explicit BatchBodyWriter(std::string* out) : out_(out) {}

  // Appends the entry's fixed fields and its body; its properties come next.
  void BeginEntry(int32_t flag, std::string_view body);
  // The properties appended since BeginEntry.
  std::string_view Properties() const;
  // Fills in the entry's TOTALSIZE and PROPERTIESLEN; InvalidArgument, naming the entry,
  // when its properties exceed 32767 bytes.
  Status EndEntry();

 private:
  std::string* out_;
  size_t entry_begin_ = 0;
  size_t properties_begin_ = 0;
  size_t entries_ = 0;
};

// InvalidArgument if an entry's properties exceed 32767 bytes or the batch exceeds 2 GiB.
Result<std::string> EncodeBatchBody(const std::vector<BatchEntry>& entries);

// Protocol errors name the entry and the field that is truncated or inconsistent.
Result<std::vector<BatchEntry>> DecodeBatchBody(std::string_view data);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_BATCH_BODY_H_
