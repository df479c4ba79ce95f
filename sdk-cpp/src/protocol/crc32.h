// CRC-32 with zlib's IEEE polynomial (0xEDB88320 reflected), bit-for-bit what zlib's crc32()
// and java.util.zip.CRC32 compute, but several times faster: the store checksums every
// message body on append and, when asked to, on recovery.
//
// On x86-64 CPUs with PCLMULQDQ and SSE4.1 buffers of 64 bytes or more are folded with
// carry-less multiplication (about 4x zlib 1.2.13 on long buffers); elsewhere long buffers go
// to zlib itself. Short buffers and tails use a slicing-by-8 table walk. The choice is made
// once per process from CPUID; the tables are compile-time constants.
#ifndef ROCKETMQ_PROTOCOL_CRC32_H_
#define ROCKETMQ_PROTOCOL_CRC32_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rocketmq {
namespace protocol {

// Continues `crc` over `size` bytes, exactly like zlib's crc32(crc, data, size): start with
// 0, and Crc32(Crc32(0, a), b) equals the CRC of a followed by b.
uint32_t Crc32(uint32_t crc, const void* data, size_t size);

inline uint32_t Crc32(std::string_view data) { return Crc32(0, data.data(), data.size()); }

// Apache's UtilAll.crc32(): the CRC with its sign bit cleared. This is what a CommitLog
// record stores as BODYCRC and what a broker sends as RegisterBrokerRequestHeader.bodyCrc32.
inline int32_t MaskedCrc32(std::string_view data) {
  return static_cast<int32_t>(Crc32(data) & 0x7FFFFFFFu);
}

// The portable table-driven implementation, exposed so tests and benchmarks can compare
// it with the accelerated one. Same contract as Crc32().
uint32_t Crc32Portable(uint32_t crc, const void* data, size_t size);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_CRC32_H_
