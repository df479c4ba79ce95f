// Feeds arbitrary bytes to the CommitLog record decoder (pull response bodies come from the
// network): it must fail cleanly, never read outside the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/message_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  rocketmq::protocol::ClassifyRecord(bytes);
  rocketmq::protocol::DecodeMessageRecord(bytes, true);
  rocketmq::protocol::DecodeMessageRecords(bytes, true);
  return 0;
}
