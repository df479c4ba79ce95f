// Feeds arbitrary bytes to the binary (ROCKETMQ) header decoder alone: lengths inside the
// header must be checked against the input, and whatever decodes must encode again and
// decode to the same command.
#include <cstddef>
#include <cstdint>
#include <string>

#include "header_round_trip.h"
#include "remoting/binary_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using rocketmq::fuzz::Check;
  using rocketmq::remoting::DecodeBinaryHeader;
  auto command = DecodeBinaryHeader(reinterpret_cast<const char*>(data), size);
  if (!command.ok()) {
    Check(command.status().code() == rocketmq::ErrorCode::kProtocol);
    return 0;
  }
  std::string again;
  rocketmq::remoting::AppendBinaryHeader(*command, &again);
  auto round_trip = DecodeBinaryHeader(again.data(), again.size());
  Check(round_trip.ok());
  rocketmq::fuzz::CheckSameHeader(*command, *round_trip);
  return 0;
}
