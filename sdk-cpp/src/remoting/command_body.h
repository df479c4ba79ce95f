// CommandBody: the bytes that follow a command's header in its frame.
//
// A body is an owned buffer optionally followed by segments that reference memory owned
// elsewhere. A segment's keep_alive (for example a shared_ptr to a mapped CommitLog file)
// keeps that memory valid until the transport has written it, so a pull response can be
// sent straight from the store without copying records. Decoded commands always own their
// body and have no segments.
#ifndef ROCKETMQ_REMOTING_COMMAND_BODY_H_
#define ROCKETMQ_REMOTING_COMMAND_BODY_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace rocketmq {
namespace remoting {

class CommandBody {
 public:
  struct Segment {
    const char* data = nullptr;
    size_t size = 0;
    // Owns (directly or indirectly) the memory [data, data + size).
    std::shared_ptr<const void> keep_alive;
  };

  CommandBody() = default;
  explicit CommandBody(std::string owned) : owned_(std::move(owned)) {}

  // The owned part, sent before the segments.
  const std::string& owned() const { return owned_; }
  std::string* mutable_owned() { return &owned_; }
  void set_owned(std::string bytes) { owned_ = std::move(bytes); }

  // Appends a zero-copy segment; empty segments are ignored.
  void AppendReference(const void* data, size_t size, std::shared_ptr<const void> keep_alive);
  const std::vector<Segment>& segments() const { return segments_; }
  // Room for `count` segments (a pull answer's records): appending them then allocates once.
  void ReserveSegments(size_t count) { segments_.reserve(count); }

  // Total length on the wire: owned part plus every segment.
  size_t size() const { return owned_.size() + segments_size_; }
  bool empty() const { return size() == 0; }

  // All bytes in wire order, copied into one string (for tests and local consumers).
  std::string Flatten() const;
  void Clear();

 private:
  std::string owned_;
  std::vector<Segment> segments_;
  size_t segments_size_ = 0;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_COMMAND_BODY_H_
