#include "broker/save_tracker.h"

#include "common/logging.h"

namespace rocketmq {
namespace broker {

Status SaveTracker::Record(Status written) {
  std::lock_guard<std::mutex> lock(mu_);
  if (written.ok()) {
    if (failures_ > 0) {
      RMQ_LOG_WARN << "saved " << what_ << " again after " << failures_ << " failed attempt(s)";
    }
    failures_ = 0;
  } else if (failures_++ == 0) {
    RMQ_LOG_ERROR << "cannot save " << what_ << " (" << written.ToString()
                  << "); the file keeps its previous content, and saving is tried again until "
                     "it succeeds";
  }
  return written;
}

bool SaveTracker::unsaved() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_ > 0;
}

}  // namespace broker
}  // namespace rocketmq
