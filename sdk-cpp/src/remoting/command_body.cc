#include "remoting/command_body.h"

namespace rocketmq {
namespace remoting {

void CommandBody::AppendReference(const void* data, size_t size,
                                  std::shared_ptr<const void> keep_alive) {
  if (size == 0) return;
  const char* bytes = static_cast<const char*>(data);
  // Records a pull found lie one after another in the mapped file: one segment for the
  // run costs the transport one reference and one iovec instead of one per record.
  if (!segments_.empty()) {
    Segment& last = segments_.back();
    if (last.data + last.size == bytes && last.keep_alive == keep_alive) {
      last.size += size;
      segments_size_ += size;
      return;
    }
  }
  segments_.push_back(Segment{bytes, size, std::move(keep_alive)});
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
