// Feeds arbitrary bytes to the HA stream decoders (a master reads slaves' offset reports, a
// slave reads the master's transfer headers): a header outside its bounds is a Protocol
// error, and the report decoder gives the same answer however the stream is split.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "ha/ha_frame.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ha = rocketmq::ha;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (size >= ha::kTransferHeaderSize) {
    auto header = ha::DecodeTransferHeader(bytes.substr(0, ha::kTransferHeaderSize));
    if (header.ok()) {
      if (header->offset < 0 || header->body_size < 0 ||
          header->body_size > ha::kMaxTransferBodySize) {
        std::abort();
      }
      if (ha::EncodeTransferHeader(*header) != bytes.substr(0, ha::kTransferHeaderSize)) {
        std::abort();
      }
    } else if (header.status().code() != rocketmq::ErrorCode::kProtocol) {
      std::abort();
    }
  }
  // The first byte sets the piece size (1..32) the stream arrives in.
  if (size == 0) return 0;
  const size_t piece = data[0] % 32 + 1;
  const std::string_view stream = bytes.substr(1);
  ha::ReportDecoder whole;
  const std::optional<int64_t> expected = whole.Feed(stream);
  ha::ReportDecoder split;
  std::optional<int64_t> last;
  for (size_t pos = 0; pos < stream.size(); pos += piece) {
    if (auto report = split.Feed(stream.substr(pos, piece))) last = report;
  }
  if (last != expected) std::abort();
  return 0;
}
