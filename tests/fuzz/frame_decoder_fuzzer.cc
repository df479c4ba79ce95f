// Feeds arbitrary bytes to the frame decoder, the way a connection sees them: the length is
// validated first, then the frame. Whatever decodes must encode again and decode to the same
// command.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "remoting/frame_codec.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using rocketmq::remoting::DecodeFrame;
  using rocketmq::remoting::EncodeFrame;
  using rocketmq::remoting::ParseFramePrefix;
  using rocketmq::remoting::RemotingCommand;
  constexpr size_t kLimit = 1 << 20;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (size >= rocketmq::remoting::kFramePrefixBytes) ParseFramePrefix(bytes.data(), kLimit);

  rocketmq::Result<RemotingCommand> command = DecodeFrame(bytes, kLimit);
  if (!command.ok()) {
    Check(command.status().code() == rocketmq::ErrorCode::kProtocol);
    return 0;
  }
  rocketmq::Result<std::string> again = EncodeFrame(*command);
  Check(again.ok());
  rocketmq::Result<RemotingCommand> round_trip = DecodeFrame(*again, kLimit);
  Check(round_trip.ok());
  Check(round_trip->code() == command->code() && round_trip->opaque() == command->opaque() &&
        round_trip->flag() == command->flag() &&
        round_trip->ext_fields() == command->ext_fields() &&
        round_trip->body().owned() == command->body().owned());
  return 0;
}
