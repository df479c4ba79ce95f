// DataVersion: the version stamp of a broker's topic configuration (and other config sets),
// which the nameserver compares to decide whether a registration changed anything
// (protocol.md §4.9): {"counter":N,"stateVersion":S,"timestamp":ms}. stateVersion exists
// only in 5.x; 4.9.8 ignores it.
#ifndef ROCKETMQ_PROTOCOL_DATA_VERSION_H_
#define ROCKETMQ_PROTOCOL_DATA_VERSION_H_

#include <json/json.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/json_writer.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct DataVersion {
  int64_t state_version = 0;
  int64_t timestamp = 0;  // epoch ms of the last change
  int64_t counter = 0;

  // Records one change made at `now_ms` (Apache's nextVersion()).
  void Next(int64_t now_ms) {
    timestamp = now_ms;
    ++counter;
  }

  std::string Encode() const;
  static Result<DataVersion> Decode(std::string_view json);

  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what, DataVersion* out);

  // Apache's equals(): timestamp, counter and stateVersion.
  bool operator==(const DataVersion& other) const {
    return state_version == other.state_version && timestamp == other.timestamp &&
           counter == other.counter;
  }
  bool operator!=(const DataVersion& other) const { return !(*this == other); }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_DATA_VERSION_H_
