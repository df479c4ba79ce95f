#include "remoting/command_body.h"

namespace rocketmq {
namespace remoting {

void CommandBody::AppendReference(const void* data, size_t size,
                                  std::shared_ptr<const void> keep_alive) {
  if (size == 0) return;
  segments_.push_back(Segment{static_cast<const char*>(data), size, std::move(keep_alive)});
  segments_size_ += size;
}

std::string CommandBody::Flatten() const {
  std::string out;
  out.reserve(size());
  out.append(owned_);
  for (const Segment& segment : segments_) out.append(segment.data, segment.size);
  return out;
}

void CommandBody::Clear() {
  owned_.clear();
  segments_.clear();
  segments_size_ = 0;
}

}  // namespace remoting
}  // namespace rocketmq
