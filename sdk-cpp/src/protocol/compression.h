// Body compression (protocol.md §5.4): zlib streams (RFC 1950, what java.util.zip's
// Deflater/Inflater produce and consume) and the MessageSysFlag bits that mark a compressed
// message body. Also used for the compressed RegisterBrokerBody.
//
// Decompression always takes an output limit: a few bytes of hostile input can inflate to
// gigabytes.
#ifndef ROCKETMQ_PROTOCOL_COMPRESSION_H_
#define ROCKETMQ_PROTOCOL_COMPRESSION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// Java producer defaults: compress bodies of at least 4 KiB at level 5.
constexpr size_t kDefaultCompressBodyThreshold = 4096;
constexpr int kDefaultCompressLevel = 5;

// One complete zlib stream of `data` at `level` (0..9, or -1 for zlib's default).
Result<std::string> ZlibCompress(std::string_view data, int level = kDefaultCompressLevel);

// Inflates one complete zlib stream. Corruption if `data` is not exactly one valid stream
// (truncated, bad checksum, trailing bytes); ResourceExhausted if the output would exceed
// `max_size` bytes.
Result<std::string> ZlibDecompress(std::string_view data, size_t max_size);

// A message body ready to send: possibly compressed, with the sysflag to put in the send
// header.
struct CompressedBody {
  std::string body;
  int32_t sys_flag = 0;
  bool compressed = false;
};

// What a Java 4.9.4+/5.x producer does: bodies of at least `threshold` bytes are compressed
// with zlib and marked COMPRESSED | ZLIB in `sys_flag`; smaller ones (or ones that do not
// shrink) are passed through unchanged. Batch bodies must never be compressed.
Result<CompressedBody> MaybeCompressBody(std::string_view body, int32_t sys_flag,
                                         size_t threshold = kDefaultCompressBodyThreshold,
                                         int level = kDefaultCompressLevel);

// The consumer side: inflates a body whose sys_flag has COMPRESSED set (zlib, or type 0 from
// clients before 4.9.4) and returns it with the COMPRESSED and type bits cleared from
// *sys_flag. Bodies without the flag are returned as they are. LZ4 and ZSTD bodies give
// NotSupported.
Result<std::string> DecompressBody(std::string_view body, int32_t* sys_flag, size_t max_size);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_COMPRESSION_H_
