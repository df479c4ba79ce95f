// SaveTracker: whether a config file (consumer offsets, topics, subscription groups) holds
// the latest content, so that one that could not be written, as on a full disk, is written
// again as soon as the disk allows it, and so that an outage is reported once when it starts
// and once when it ends, not at every attempt. (A failed write never leaves a truncated file:
// WriteConfigFile replaces the file only with a complete, synced copy.) Thread-safe.
#ifndef ROCKETMQ_BROKER_SAVE_TRACKER_H_
#define ROCKETMQ_BROKER_SAVE_TRACKER_H_

#include <mutex>
#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

class SaveTracker {
 public:
  // `what` names the content in log lines, e.g. "consumer offsets".
  explicit SaveTracker(std::string what) : what_(std::move(what)) {}

  // Records the outcome of a write of the content, and returns it.
  Status Record(Status written);
  // True after a failed write until a write succeeds.
  bool unsaved() const;

 private:
  const std::string what_;
  mutable std::mutex mu_;
  int failures_ = 0;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SAVE_TRACKER_H_
