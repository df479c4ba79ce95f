// DataVersion: the change stamp of a config table (topics, subscription groups). Every
// change bumps the counter and the timestamp; a nameserver compares the stamp a broker
// registers with to decide whether to rebuild that broker's routes.
//
// JSON: {"counter":N,"stateVersion":S,"timestamp":ms} (protocol.md §4.9).
#ifndef ROCKETMQ_BROKER_DATA_VERSION_H_
#define ROCKETMQ_BROKER_DATA_VERSION_H_

#include <json/value.h>

#include <cstdint>

namespace rocketmq {
namespace broker {

struct DataVersion {
  int64_t state_version = 0;
  int64_t timestamp = 0;
  int64_t counter = 0;

  // A fresh stamp at the current wall time.
  static DataVersion Now();
  // Counter + 1 at the current wall time.
  void Next();

  Json::Value ToJson() const;
  // Missing members keep their defaults; wrong types read as 0.
  static DataVersion FromJson(const Json::Value& value);

  bool operator==(const DataVersion& o) const {
    return state_version == o.state_version && timestamp == o.timestamp && counter == o.counter;
  }
  bool operator!=(const DataVersion& o) const { return !(*this == o); }
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_DATA_VERSION_H_
