// The ROCKETMQ binary header form (protocol.md §1.4). Used through frame_codec.h.
#ifndef ROCKETMQ_REMOTING_BINARY_HEADER_H_
#define ROCKETMQ_REMOTING_BINARY_HEADER_H_

#include <cstddef>
#include <string>

#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

// Appends the header to `out`: code and version as 16-bit, an empty remark and an empty
// extFields map written as absent (length 0), exactly as Java does. extFields given as bytes
// (RemotingCommand::set_binary_ext_fields) are copied as they are.
void AppendBinaryHeader(const RemotingCommand& command, std::string* out);

// Parses a binary header; every length is checked against the bytes that remain.
Result<RemotingCommand> DecodeBinaryHeader(const char* data, size_t size);

// Parses the extFields part of a binary header (its entries, without the length before them).
Result<protocol::ExtFields> DecodeBinaryExtFields(const char* data, size_t size);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_BINARY_HEADER_H_
