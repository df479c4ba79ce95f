// MessageSysFlag: the bit set carried in a send header's `sysFlag` and stored in every
// CommitLog record's SYSFLAG (protocol.md §5.3, Apache C/sysflag/MessageSysFlag.java).
#ifndef ROCKETMQ_PROTOCOL_MESSAGE_SYSFLAG_H_
#define ROCKETMQ_PROTOCOL_MESSAGE_SYSFLAG_H_

#include <cstdint>

namespace rocketmq {
namespace protocol {

namespace MessageSysFlag {

constexpr int32_t kCompressedFlag = 0x1;
// Set by the broker when the topic's filter type is MULTI_TAG.
constexpr int32_t kMultiTagsFlag = 0x2;
// Transaction type: a 2-bit field, not independent bits; compare (flag & kTransactionTypeMask).
constexpr int32_t kTransactionNotType = 0x0;
constexpr int32_t kTransactionPreparedType = 0x4;
constexpr int32_t kTransactionCommitType = 0x8;
constexpr int32_t kTransactionRollbackType = 0xC;
constexpr int32_t kTransactionTypeMask = 0xC;
// The born / store host of the record is IPv6 (a 20-byte host field instead of 8).
constexpr int32_t kBornHostV6Flag = 0x10;
constexpr int32_t kStoreHostAddressV6Flag = 0x20;
// dev inner-batch messages.
constexpr int32_t kNeedUnwrapFlag = 0x40;
constexpr int32_t kInnerBatchFlag = 0x80;
// Compression algorithm of a compressed body (bits 8..10). 0 comes from clients older than
// 4.9.4 and means zlib, like kCompressionZlib.
constexpr int32_t kCompressionTypeMask = 0x700;
constexpr int32_t kCompressionLz4 = 0x100;
constexpr int32_t kCompressionZstd = 0x200;
constexpr int32_t kCompressionZlib = 0x300;

constexpr int32_t TransactionType(int32_t flag) { return flag & kTransactionTypeMask; }
constexpr int32_t WithTransactionType(int32_t flag, int32_t type) {
  return (flag & ~kTransactionTypeMask) | (type & kTransactionTypeMask);
}
constexpr bool IsCompressed(int32_t flag) { return (flag & kCompressedFlag) != 0; }
constexpr bool IsBornHostV6(int32_t flag) { return (flag & kBornHostV6Flag) != 0; }
constexpr bool IsStoreHostV6(int32_t flag) { return (flag & kStoreHostAddressV6Flag) != 0; }
constexpr int32_t CompressionType(int32_t flag) { return flag & kCompressionTypeMask; }

}  // namespace MessageSysFlag

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_MESSAGE_SYSFLAG_H_
