// The ROCKETMQ binary header form (protocol.md §1.4). Used through frame_codec.h.
#ifndef ROCKETMQ_REMOTING_BINARY_HEADER_H_
#define ROCKETMQ_REMOTING_BINARY_HEADER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "protocol/big_endian.h"
#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

// Appends the header to `out`: code and version as 16-bit, an empty remark and an empty
// extFields map written as absent (length 0), exactly as Java does. extFields given as bytes
// (RemotingCommand::set_binary_ext_fields) are copied as they are.
void AppendBinaryHeader(const RemotingCommand& command, std::string* out);

// Parses a binary header; every length is checked against the bytes that remain. An
// answer's extFields stay the bytes they arrived as (binary_ext_fields(); ext_fields()
// decodes them on first use): read them with ForEachExtField.
Result<RemotingCommand> DecodeBinaryHeader(const char* data, size_t size);

// Parses the extFields part of a binary header (its entries, without the length before them).
Result<protocol::ExtFields> DecodeBinaryExtFields(const char* data, size_t size);

// Words what is wrong with the malformed extFields entry at `offset` of such a part.
Status MalformedBinaryExtField(const char* data, size_t size, size_t offset);

// Calls visit(key, value) for each entry of such a part, in wire order, with views of
// `data`: for a reader that wants a few fields, not the map. Every length is checked
// against the bytes that remain; stops at a malformed entry. Inline: an answer's half dozen
// entries cost a few instructions each rather than a call and a Status each.
template <typename Visit>
Status ForEachBinaryExtField(const char* data, size_t size, Visit&& visit) {
  size_t offset = 0;
  while (offset < size) {
    // Key length (2 bytes, sign bit clear), key, value length (4 bytes), value.
    if (size - offset < 2) return MalformedBinaryExtField(data, size, offset);
    const size_t key_size = protocol::big_endian::Load16(data + offset);
    if ((key_size & 0x8000) != 0 || size - offset - 2 < key_size + 4) {
      return MalformedBinaryExtField(data, size, offset);
    }
    const size_t value_at = offset + 2 + key_size + 4;
    const size_t value_size = protocol::big_endian::Load32(data + value_at - 4);
    if (value_size > size - value_at) return MalformedBinaryExtField(data, size, offset);
    visit(std::string_view(data + offset + 2, key_size),
          std::string_view(data + value_at, value_size));
    offset = value_at + value_size;
  }
  return Status::OK();
}

// ForEachBinaryExtField over `command`'s extFields: off the bytes an answer keeps them in
// (DecodeBinaryHeader), else off its map.
template <typename Visit>
Status ForEachExtField(const RemotingCommand& command, Visit&& visit) {
  if (const std::string* bytes = command.binary_ext_fields()) {
    return ForEachBinaryExtField(bytes->data(), bytes->size(), visit);
  }
  for (const auto& [key, value] : command.ext_fields()) visit(key, value);
  return Status::OK();
}

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_BINARY_HEADER_H_
