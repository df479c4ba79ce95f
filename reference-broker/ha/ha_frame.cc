#include "ha/ha_frame.h"

#include <algorithm>
#include <cstring>

#include "protocol/big_endian.h"

namespace rocketmq {
namespace ha {

namespace be = protocol::big_endian;

std::string EncodeReport(int64_t offset) {
  std::string out(kReportSize, '\0');
  be::Store64(out.data(), static_cast<uint64_t>(offset));
  return out;
}

std::string EncodeTransferHeader(const TransferHeader& header) {
  std::string out(kTransferHeaderSize, '\0');
  be::Store64(out.data(), static_cast<uint64_t>(header.offset));
  be::Store32(out.data() + 8, static_cast<uint32_t>(header.body_size));
  return out;
}

Result<TransferHeader> DecodeTransferHeader(std::string_view data) {
  if (data.size() < kTransferHeaderSize) {
    return Status::Protocol("HA transfer header needs 12 bytes, got " +
                            std::to_string(data.size()));
  }
  TransferHeader header;
  header.offset = static_cast<int64_t>(be::Load64(data.data()));
  header.body_size = static_cast<int32_t>(be::Load32(data.data() + 8));
  if (header.offset < 0) {
    return Status::Protocol("HA transfer header has a negative offset " +
                            std::to_string(header.offset));
  }
  if (header.body_size < 0 || header.body_size > kMaxTransferBodySize) {
    return Status::Protocol("HA transfer header announces " + std::to_string(header.body_size) +
                            " bytes (at most " + std::to_string(kMaxTransferBodySize) + ")");
  }
  return header;
}

std::optional<int64_t> ReportDecoder::Feed(std::string_view bytes) {
  std::optional<int64_t> newest;
  while (!bytes.empty()) {
    const size_t n = std::min(kReportSize - partial_size_, bytes.size());
    std::memcpy(partial_ + partial_size_, bytes.data(), n);
    partial_size_ += n;
    bytes.remove_prefix(n);
    if (partial_size_ == kReportSize) {
      newest = static_cast<int64_t>(be::Load64(partial_));
      partial_size_ = 0;
    }
  }
  return newest;
}

}  // namespace ha
}  // namespace rocketmq
