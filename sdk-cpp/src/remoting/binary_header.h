// The ROCKETMQ binary header form (protocol.md §1.4). Used through frame_codec.h.
#ifndef ROCKETMQ_REMOTING_BINARY_HEADER_H_
#define ROCKETMQ_REMOTING_BINARY_HEADER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "protocol/header_codec.h"
#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

// Appends the header to `out`: code and version as 16-bit, an empty remark and an empty
// extFields map written as absent (length 0), exactly as Java does. extFields given as bytes
// (RemotingCommand::set_binary_ext_fields) are copied as they are.
void AppendBinaryHeader(const RemotingCommand& command, std::string* out);
// The same in two steps, for a writer that makes room for more than the header at once (a
// frame's prefix and header): its size, then the header written at `at` into that much room
// (returns the position after it).
size_t BinaryHeaderSize(const RemotingCommand& command);
char* PutBinaryHeader(const RemotingCommand& command, char* at);

// Parses a binary header; every length is checked against the bytes that remain. The
// extFields of an answer, of a send request (SendMessageRequestHeader::IsSendRequest) and of
// a pull request stay the bytes they arrived as (binary_ext_fields(); ext_fields() decodes
// them on first use): read them with ForEachExtField or protocol::DecodeFieldsFromBytes.
Result<RemotingCommand> DecodeBinaryHeader(const char* data, size_t size);

// protocol::ForEachBinaryExtField over `command`'s extFields: off the bytes an answer keeps them in
// (DecodeBinaryHeader), else off its map.
template <typename Visit>
Status ForEachExtField(const RemotingCommand& command, Visit&& visit) {
  if (const std::string* bytes = command.binary_ext_fields()) {
    return protocol::ForEachBinaryExtField(bytes->data(), bytes->size(), visit);
  }
  for (const auto& [key, value] : command.ext_fields()) visit(key, value);
  return Status::OK();
}

// A header of `command`'s extFields: off the bytes it kept them in (DecodeBinaryHeader),
// else off its map.
template <typename Header>
Result<Header> DecodeCommandHeader(const RemotingCommand& command) {
  if (const std::string* bytes = command.binary_ext_fields()) {
    return protocol::DecodeHeaderFromBytes<Header>(*bytes);
  }
  return protocol::DecodeHeader<Header>(command.ext_fields());
}

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_BINARY_HEADER_H_
