// The classic HA wire format (Apache HAService / HAConnection, protocol.md §9.1): a raw TCP
// stream, not remoting frames, big-endian like every RocketMQ integer.
//
//   slave -> master   offset report: [int64 slave's max CommitLog offset], 8 bytes, repeated
//   master -> slave   transfer:      [int64 offset of the first byte][int32 n] + n bytes of
//                                    CommitLog, n = 0 for a heartbeat
//
// These are pure codecs: the master's and the slave's connections feed them whatever the
// socket delivered, in pieces of any size.
#ifndef ROCKETMQ_HA_HA_FRAME_H_
#define ROCKETMQ_HA_HA_FRAME_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rocketmq/status.h"

namespace rocketmq {
namespace ha {

constexpr size_t kReportSize = 8;
constexpr size_t kTransferHeaderSize = 12;
// Apache's slave reads into a 4 MiB buffer and cannot take a bigger frame; a header asking
// for more is garbage, not a transfer.
constexpr int32_t kMaxTransferBodySize =
    4 * 1024 * 1024 - static_cast<int32_t>(kTransferHeaderSize);

std::string EncodeReport(int64_t offset);

struct TransferHeader {
  int64_t offset = 0;
  int32_t body_size = 0;
};
std::string EncodeTransferHeader(const TransferHeader& header);
// Decodes the 12 bytes at `data` (which must hold them); Protocol error for a negative
// offset or a body size outside [0, kMaxTransferBodySize].
Result<TransferHeader> DecodeTransferHeader(std::string_view data);

// The master's reading side: offset reports arrive 8 bytes at a time, possibly split.
// Only the newest complete report counts (Apache reads the last whole one of a read).
class ReportDecoder {
 public:
  // Consumes `bytes`; returns the newest report completed by them, if any.
  std::optional<int64_t> Feed(std::string_view bytes);

 private:
  char partial_[kReportSize] = {};
  size_t partial_size_ = 0;
};

}  // namespace ha
}  // namespace rocketmq

#endif  // ROCKETMQ_HA_HA_FRAME_H_
