#include "remoting/frame_codec.h"

#include <cstdint>
#include <string>

#include "remoting/binary_header.h"
#include "remoting/json_header.h"

namespace rocketmq {
namespace remoting {
namespace {

uint32_t ReadU32(const char* data) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(data);
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
         uint32_t{bytes[3]};
}

void WriteU32(uint32_t value, char* out) {
  out[0] = static_cast<char>(value >> 24);
  out[1] = static_cast<char>(value >> 16);
  out[2] = static_cast<char>(value >> 8);
  out[3] = static_cast<char>(value);
}

void AppendHeader(const RemotingCommand& command, std::string* out) {
  if (command.serialize_type() == SerializeType::kRocketMQ) {
    AppendBinaryHeader(command, out);
  } else {
    AppendJsonHeader(command, out);
  }
}

}  // namespace

std::string EncodeHeader(const RemotingCommand& command) {
  std::string header;
  AppendHeader(command, &header);
  return header;
}

Status AppendFrameHead(const RemotingCommand& command, std::string* out) {
  const size_t start = out->size();
  size_t header_bytes = 0;
  if (command.serialize_type() == SerializeType::kRocketMQ) {
    // Prefix and header sized at once (one growth of `out` per frame rather than two).
    header_bytes = BinaryHeaderSize(command);
    if (header_bytes <= kMaxHeaderBytes) {
      out->resize(start + kFramePrefixBytes + header_bytes);
      PutBinaryHeader(command, &(*out)[start + kFramePrefixBytes]);
    }
  } else {
    out->append(kFramePrefixBytes, '\0');
    AppendJsonHeader(command, out);
    header_bytes = out->size() - start - kFramePrefixBytes;
  }
  if (header_bytes > kMaxHeaderBytes) {
    out->resize(start);
    return Status::InvalidArgument(
        "cannot encode " + command.ToString() + ": its header is " + std::to_string(header_bytes) +
        " bytes, the frame format allows at most " + std::to_string(kMaxHeaderBytes));
  }
  const uint64_t length = 4 + uint64_t{header_bytes} + command.body().size();
  if (length > INT32_MAX) {
    out->resize(start);
    return Status::InvalidArgument("cannot encode " + command.ToString() + ": the frame would be " +
                                   std::to_string(length) + " bytes, over the 2 GiB format limit");
  }
  WriteU32(static_cast<uint32_t>(length), &(*out)[start]);
  WriteU32((uint32_t{static_cast<uint8_t>(command.serialize_type())} << 24) |
               static_cast<uint32_t>(header_bytes),
           &(*out)[start + 4]);
  return Status::OK();
}

Result<std::string> EncodeFrameHead(const RemotingCommand& command) {
  std::string head;
  RMQ_RETURN_IF_ERROR(AppendFrameHead(command, &head));
  return head;
}

Result<std::string> EncodeFrame(const RemotingCommand& command) {
  Result<std::string> head = EncodeFrameHead(command);
  if (!head.ok()) return head;
  std::string frame = std::move(head).value();
  frame.reserve(frame.size() + command.body().size());
  frame.append(command.body().owned());
  for (const CommandBody::Segment& segment : command.body().segments()) {
    frame.append(segment.data, segment.size);
  }
  return frame;
}

Result<size_t> ParseFrameLength(const char* data, size_t max_frame_bytes) {
  const uint32_t length = ReadU32(data);
  if (length < 4) {
    return Status::Protocol("frame length " + std::to_string(length) +
                            " is smaller than the 4-byte header-length field it must contain");
  }
  const uint64_t frame_bytes = uint64_t{length} + 4;
  if (frame_bytes > max_frame_bytes) {
    return Status::Protocol("frame of " + std::to_string(frame_bytes) +
                            " bytes exceeds the limit of " + std::to_string(max_frame_bytes) +
                            " bytes");
  }
  return static_cast<size_t>(frame_bytes);
}

Result<FramePrefix> ParseFramePrefix(const char* data, size_t max_frame_bytes) {
  Result<size_t> frame_bytes = ParseFrameLength(data, max_frame_bytes);
  if (!frame_bytes.ok()) return frame_bytes.status();
  const uint32_t type_and_length = ReadU32(data + 4);
  const uint8_t type = static_cast<uint8_t>(type_and_length >> 24);
  if (type != static_cast<uint8_t>(SerializeType::kJson) &&
      type != static_cast<uint8_t>(SerializeType::kRocketMQ)) {
    return Status::Protocol("unknown header serialize type " + std::to_string(type) +
                            " (0 = JSON, 1 = ROCKETMQ)");
  }
  FramePrefix prefix;
  prefix.frame_bytes = *frame_bytes;
  prefix.serialize_type = static_cast<SerializeType>(type);
  prefix.header_bytes = type_and_length & 0xFFFFFF;
  const size_t after_prefix = prefix.frame_bytes - kFramePrefixBytes;
  if (prefix.header_bytes > after_prefix) {
    return Status::Protocol("header length " + std::to_string(prefix.header_bytes) +
                            " exceeds the " + std::to_string(after_prefix) +
                            " bytes the frame length leaves for header and body");
  }
  prefix.body_bytes = after_prefix - prefix.header_bytes;
  return prefix;
}

Result<RemotingCommand> DecodeHeader(SerializeType type, const char* data, size_t size) {
  if (type == SerializeType::kRocketMQ) return DecodeBinaryHeader(data, size);
  return DecodeJsonHeader(data, size);
}

Result<RemotingCommand> DecodeFrame(std::string_view frame, size_t max_frame_bytes) {
  if (frame.size() < kFramePrefixBytes) {
    return Status::Protocol("frame of " + std::to_string(frame.size()) +
                            " bytes is shorter than the 8-byte prefix");
  }
  Result<FramePrefix> prefix = ParseFramePrefix(frame.data(), max_frame_bytes);
  if (!prefix.ok()) return prefix.status();
  if (prefix->frame_bytes != frame.size()) {
    return Status::Protocol("frame length field announces " + std::to_string(prefix->frame_bytes) +
                            " bytes but " + std::to_string(frame.size()) + " were given");
  }
  Result<RemotingCommand> command =
      DecodeHeader(prefix->serialize_type, frame.data() + kFramePrefixBytes, prefix->header_bytes);
  if (!command.ok()) return command;
  command->set_body(
      std::string(frame.substr(kFramePrefixBytes + prefix->header_bytes, prefix->body_bytes)));
  return command;
}

}  // namespace remoting
}  // namespace rocketmq
