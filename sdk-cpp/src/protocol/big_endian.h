// Big-endian loads and stores: every integer RocketMQ puts on the wire or on disk is
// big-endian (Java ByteBuffer's default). Unaligned access is fine; these go through
// memcpy, which compilers turn into a single load/store plus a byte swap.
#ifndef ROCKETMQ_PROTOCOL_BIG_ENDIAN_H_
#define ROCKETMQ_PROTOCOL_BIG_ENDIAN_H_

#include <cstdint>
#include <cstring>

namespace rocketmq {
namespace protocol {
namespace big_endian {

inline uint16_t ToBig16(uint16_t v) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return __builtin_bswap16(v);
#else
  return v;
#endif
}
inline uint32_t ToBig32(uint32_t v) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return __builtin_bswap32(v);
#else
  return v;
#endif
}
inline uint64_t ToBig64(uint64_t v) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return __builtin_bswap64(v);
#else
  return v;
#endif
}

inline void Store16(void* dst, uint16_t v) {
  v = ToBig16(v);
  std::memcpy(dst, &v, sizeof v);
}
inline void Store32(void* dst, uint32_t v) {
  v = ToBig32(v);
  std::memcpy(dst, &v, sizeof v);
}
inline void Store64(void* dst, uint64_t v) {
  v = ToBig64(v);
  std::memcpy(dst, &v, sizeof v);
}

inline uint16_t Load16(const void* src) {
  uint16_t v;
  std::memcpy(&v, src, sizeof v);
  return ToBig16(v);
}
inline uint32_t Load32(const void* src) {
  uint32_t v;
  std::memcpy(&v, src, sizeof v);
  return ToBig32(v);
}
inline uint64_t Load64(const void* src) {
  uint64_t v;
  std::memcpy(&v, src, sizeof v);
  return ToBig64(v);
}

}  // namespace big_endian
}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_BIG_ENDIAN_H_
