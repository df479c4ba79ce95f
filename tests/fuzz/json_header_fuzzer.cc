// Feeds arbitrary bytes to the JSON header decoder alone (the frame fuzzer reaches it only
// behind a valid frame prefix): it must refuse cleanly with a Protocol error, and whatever
// it accepts must encode again and decode to the same command.
#include <cstddef>
#include <cstdint>
#include <string>

#include "header_round_trip.h"
#include "remoting/json_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using rocketmq::fuzz::Check;
  using rocketmq::remoting::DecodeJsonHeader;
  auto command = DecodeJsonHeader(reinterpret_cast<const char*>(data), size);
  if (!command.ok()) {
    Check(command.status().code() == rocketmq::ErrorCode::kProtocol);
    return 0;
  }
  std::string again;
  rocketmq::remoting::AppendJsonHeader(*command, &again);
  auto round_trip = DecodeJsonHeader(again.data(), again.size());
  Check(round_trip.ok());
  rocketmq::fuzz::CheckSameHeader(*command, *round_trip);
  Check(round_trip->remark() == command->remark());
  return 0;
}
