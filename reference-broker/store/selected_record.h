// SelectedRecord: bytes of the CommitLog read in place, without copying.
//
// It holds a reference to the mapped file, so the bytes stay valid (even if expiry deletes
// the file meanwhile) until the SelectedRecord is destroyed. The broker writes them to
// the socket straight from here.
#ifndef ROCKETMQ_STORE_SELECTED_RECORD_H_
#define ROCKETMQ_STORE_SELECTED_RECORD_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "store/mapped_file.h"

namespace rocketmq {
namespace store {

class SelectedRecord {
 public:
  SelectedRecord() = default;
  SelectedRecord(std::shared_ptr<MappedFile> file, int64_t offset, int32_t size)
      : file_(std::move(file)), offset_(offset), size_(size) {}

  // CommitLog offset of the first byte.
  int64_t offset() const { return offset_; }
  int32_t size() const { return size_; }
  std::string_view bytes() const {
    return {file_->data() + (offset_ - file_->file_from_offset()), static_cast<size_t>(size_)};
  }
  bool valid() const { return file_ != nullptr; }
  // The bytes as a range of their file, for sendfile (descriptor -1 if the file has none).
  int descriptor() const { return file_->descriptor(); }
  int64_t file_position() const { return offset_ - file_->file_from_offset(); }

 private:
  std::shared_ptr<MappedFile> file_;
  int64_t offset_ = 0;
  int32_t size_ = 0;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_SELECTED_RECORD_H_
