// Feeds arbitrary bytes to the SEND_BATCH_MESSAGE body decoder (a producer's bytes, split by
// the broker into messages): it must refuse truncated or inconsistent entries cleanly, and
// what it accepts must encode again to a body that decodes to the same entries.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/batch_body.h"
#include "protocol/message_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using rocketmq::protocol::BatchEntry;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto entries = rocketmq::protocol::DecodeBatchBody(bytes);
  if (!entries.ok()) {
    if (entries.status().code() != rocketmq::ErrorCode::kProtocol) std::abort();
    return 0;
  }
  for (const BatchEntry& entry : *entries) {
    (void)rocketmq::protocol::DecodeMessageProperties(entry.properties);
  }
  auto again = rocketmq::protocol::EncodeBatchBody(*entries);
  if (!again.ok()) std::abort();
  auto round_trip = rocketmq::protocol::DecodeBatchBody(*again);
  if (!round_trip.ok() || round_trip->size() != entries->size()) std::abort();
  for (size_t i = 0; i < entries->size(); ++i) {
    const BatchEntry& a = (*entries)[i];
    const BatchEntry& b = (*round_trip)[i];
    if (a.flag != b.flag || a.body != b.body || a.properties != b.properties) std::abort();
  }
  return 0;
}
