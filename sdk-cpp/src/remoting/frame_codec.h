// The frame codec: RemotingCommand <-> bytes on the wire (protocol.md §1.1-1.4).
//
//   frame  = length:u32 | serializeType:u8 | headerLength:u24 | header | body
//   length = 4 + headerLength + bodyLength   (everything after the length field)
//
// The header is written in the command's serialize_type(): JSON exactly as Apache's
// fastjson writes it (sorted keys, nulls omitted, fastjson's string escapes), or the binary
// ROCKETMQ form. Decoding accepts both forms on every frame. Every decoding function takes
// untrusted bytes: any inconsistency is a Status::Protocol naming the problem, never a
// crash, an over-read or an allocation larger than the frame itself.
#ifndef ROCKETMQ_REMOTING_FRAME_CODEC_H_
#define ROCKETMQ_REMOTING_FRAME_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

// Java's com.rocketmq.remoting.frameMaxLength default: the largest frame, length prefix
// included.
constexpr size_t kDefaultMaxFrameBytes = 16 * 1024 * 1024;
// The length field plus the serialize-type/header-length int.
constexpr size_t kFramePrefixBytes = 8;
// The largest header the 24-bit header-length field can describe.
constexpr size_t kMaxHeaderBytes = 0xFFFFFF;

// The header of `command` in its serialize_type(). Java truncates code and version to 16
// bits in the binary form; so does this (§1.2), which makes codes above 32767 JSON-only.
std::string EncodeHeader(const RemotingCommand& command);

// Everything of the frame but the body: length, type/header length and header. The body
// (owned part, then segments) must follow it on the wire. Fails when the header or the
// whole frame cannot be described by the length fields.
Result<std::string> EncodeFrameHead(const RemotingCommand& command);
// The same appended to `out`, which a sender reuses from frame to frame (no allocation per
// frame once it has grown); on error `out` is left as it was.
Status AppendFrameHead(const RemotingCommand& command, std::string* out);

// A whole frame with the body copied in.
Result<std::string> EncodeFrame(const RemotingCommand& command);

// What the first kFramePrefixBytes of a frame announce, validated.
struct FramePrefix {
  size_t frame_bytes = 0;  // the whole frame, length prefix included
  SerializeType serialize_type = SerializeType::kJson;
  size_t header_bytes = 0;
  size_t body_bytes = 0;
};

// Validates the length field alone (4 bytes): at least 4, and the whole frame no larger
// than `max_frame_bytes`. Returns the whole frame's size. Lets a reader reject an
// oversized frame before buffering it.
Result<size_t> ParseFrameLength(const char* data, size_t max_frame_bytes);

// Validates the first kFramePrefixBytes: the length as above, a known serialize type and a
// header length that fits in the frame.
Result<FramePrefix> ParseFramePrefix(const char* data, size_t max_frame_bytes);

// Decodes a header of the given form into a command with an empty body.
Result<RemotingCommand> DecodeHeader(SerializeType type, const char* data, size_t size);

// Decodes exactly one complete frame (length prefix included); the body is copied.
Result<RemotingCommand> DecodeFrame(std::string_view frame,
                                    size_t max_frame_bytes = kDefaultMaxFrameBytes);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_FRAME_CODEC_H_
