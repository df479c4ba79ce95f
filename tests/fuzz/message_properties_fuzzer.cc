// Feeds arbitrary bytes to the message properties decoders (every record and send carries
// a properties string): decoding never fails, the single-name lookup agrees with the full
// decode, and a decoded map that validates encodes to a string that decodes to the same map.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/message_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace protocol = rocketmq::protocol;
  const std::string_view encoded(reinterpret_cast<const char*>(data), size);
  const protocol::MessageProperties properties = protocol::DecodeMessageProperties(encoded);
  for (const char* name :
       {protocol::MessageConst::kPropertyKeys, protocol::MessageConst::kPropertyTags,
        protocol::MessageConst::kPropertyDelayTimeLevel}) {
    auto found = protocol::FindProperty(encoded, name);
    auto it = properties.find(name);
    if (found.has_value() != (it != properties.end())) std::abort();
    if (found && *found != it->second) std::abort();
  }
  auto keys = properties.find(protocol::MessageConst::kPropertyKeys);
  if (keys != properties.end()) (void)protocol::SplitKeys(keys->second);
  if (protocol::ValidateMessageProperties(properties).ok()) {
    const std::string again = protocol::EncodeMessageProperties(properties);
    if (protocol::DecodeMessageProperties(again) != properties) std::abort();
  }
  return 0;
}
