#include "protocol/compression.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace protocol {
namespace {

// zlib counts in uInt; feed it at most this much per call.
constexpr size_t kMaxChunk = std::numeric_limits<uInt>::max();

std::string ZlibMessage(const z_stream& stream, int code) {
  std::string text = stream.msg != nullptr ? stream.msg : zError(code);
  return text;
}

}  // namespace

Result<std::string> ZlibCompress(std::string_view data, int level) {
  if (level < -1 || level > 9) {
    return Status::InvalidArgument("zlib compression level " + std::to_string(level) +
                                   " is outside -1..9");
  }
  z_stream stream{};
  int rc = deflateInit(&stream, level);
  if (rc != Z_OK) {
    return Status::Internal("zlib deflateInit failed: " + ZlibMessage(stream, rc));
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(std::min(data.size(), kMaxChunk))) + 64);
  size_t in_pos = 0;
  size_t out_pos = 0;
  do {
    if (stream.avail_in == 0 && in_pos < data.size()) {
      const size_t chunk = std::min(data.size() - in_pos, kMaxChunk);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + in_pos));
      stream.avail_in = static_cast<uInt>(chunk);
      in_pos += chunk;
    }
    if (out_pos == out.size()) out.resize(out.size() * 2);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + out_pos);
    stream.avail_out = static_cast<uInt>(std::min(out.size() - out_pos, kMaxChunk));
    const uInt before = stream.avail_out;
    rc = deflate(&stream, in_pos == data.size() && stream.avail_in == 0 ? Z_FINISH : Z_NO_FLUSH);
    out_pos += before - stream.avail_out;
  } while (rc == Z_OK || rc == Z_BUF_ERROR);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) {
    return Status::Internal("zlib deflate failed: " + ZlibMessage(stream, rc));
  }
  out.resize(out_pos);
  return out;
}

Result<std::string> ZlibDecompress(std::string_view data, size_t max_size) {
  z_stream stream{};
  int rc = inflateInit(&stream);
  if (rc != Z_OK) {
    return Status::Internal("zlib inflateInit failed: " + ZlibMessage(stream, rc));
  }
  // One byte beyond the limit lets a stream of exactly max_size bytes finish.
  const size_t capacity = max_size == std::numeric_limits<size_t>::max() ? max_size : max_size + 1;
  std::string out;
  out.resize(std::min(capacity, std::max<size_t>(data.size() * 4, 256)));
  size_t in_pos = 0;
  size_t out_pos = 0;
  Status failure;
  while (true) {
    if (stream.avail_in == 0 && in_pos < data.size()) {
      const size_t chunk = std::min(data.size() - in_pos, kMaxChunk);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + in_pos));
      stream.avail_in = static_cast<uInt>(chunk);
      in_pos += chunk;
    }
    if (out_pos == out.size()) {
      if (out.size() >= capacity) {
        failure = Status::ResourceExhausted("zlib data inflates to more than the limit of " +
                                            std::to_string(max_size) + " bytes");
        break;
      }
      out.resize(std::min(capacity, out.size() * 2));
    }
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + out_pos);
    stream.avail_out = static_cast<uInt>(std::min(out.size() - out_pos, kMaxChunk));
    const uInt before = stream.avail_out;
    rc = inflate(&stream, Z_NO_FLUSH);
    out_pos += before - stream.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && stream.avail_in == 0 && in_pos == data.size() &&
        stream.avail_out != 0) {
      failure = Status::Corruption("zlib data is truncated (" + std::to_string(data.size()) +
                                   " bytes, stream not finished)");
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      failure = Status::Corruption("zlib data is invalid: " + ZlibMessage(stream, rc));
      break;
    }
  }
  const size_t trailing = stream.avail_in + (data.size() - in_pos);
  inflateEnd(&stream);
  if (!failure.ok()) return failure;
  if (out_pos > max_size) {
    return Status::ResourceExhausted("zlib data inflates to more than the limit of " +
                                     std::to_string(max_size) + " bytes");
  }
  if (trailing != 0) {
    return Status::Corruption("zlib data has " + std::to_string(trailing) +
                              " bytes after the end of the stream");
  }
  out.resize(out_pos);
  return out;
}

Result<CompressedBody> MaybeCompressBody(std::string_view body, int32_t sys_flag, size_t threshold,
                                         int level) {
  CompressedBody result;
  result.sys_flag = sys_flag;
  if (body.size() >= threshold) {
    Result<std::string> deflated = ZlibCompress(body, level);
    if (!deflated.ok()) return deflated.status();
    if (deflated->size() < body.size()) {
      result.body = std::move(deflated).value();
      result.sys_flag = (sys_flag & ~MessageSysFlag::kCompressionTypeMask) |
                        MessageSysFlag::kCompressedFlag | MessageSysFlag::kCompressionZlib;
      result.compressed = true;
      return result;
    }
  }
  result.body = std::string(body);
  return result;
}

Result<std::string> DecompressBody(std::string_view body, int32_t* sys_flag, size_t max_size) {
  if (!MessageSysFlag::IsCompressed(*sys_flag)) return std::string(body);
  const int32_t type = MessageSysFlag::CompressionType(*sys_flag);
  if (type != 0 && type != MessageSysFlag::kCompressionZlib) {
    return Status::NotSupported(std::string("message body is compressed with ") +
                                (type == MessageSysFlag::kCompressionLz4 ? "LZ4"
                                 : type == MessageSysFlag::kCompressionZstd
                                     ? "ZSTD"
                                     : "an unknown algorithm") +
                                ", only zlib is supported");
  }
  Result<std::string> inflated = ZlibDecompress(body, max_size);
  if (!inflated.ok()) return inflated.status().WithContext("compressed message body");
  *sys_flag &= ~(MessageSysFlag::kCompressedFlag | MessageSysFlag::kCompressionTypeMask);
  return inflated;
}

}  // namespace protocol
}  // namespace rocketmq
