// The answer to a pull (MessageStore::GetMessage), shaped like Apache's GetMessageResult;
// the broker maps its status onto PULL_MESSAGE response codes (protocol.md §8.1).
#ifndef ROCKETMQ_STORE_GET_MESSAGE_RESULT_H_
#define ROCKETMQ_STORE_GET_MESSAGE_RESULT_H_

#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "store/selected_record.h"

namespace rocketmq {
namespace store {

// Apache's GetMessageStatus.
enum class GetMessageStatus {
  kFound,
  kNoMatchedMessage,
  kMessageWasRemoving,
  kOffsetFoundNull,
  kOffsetOverflowBadly,
  kOffsetOverflowOne,
  kOffsetTooSmall,
  kNoMatchedLogicQueue,
  kNoMessageInQueue,
};

const char* GetMessageStatusName(GetMessageStatus status);

struct GetMessageResult {
  GetMessageStatus status = GetMessageStatus::kNoMatchedLogicQueue;
  int64_t next_begin_offset = 0;
  int64_t min_offset = 0;
  int64_t max_offset = 0;
  // Records in queue order, each a view into the CommitLog.
  std::vector<SelectedRecord> messages;
  int64_t buffer_total_size = 0;
  // The data read is older than accessMessageInMemoryMaxRatio of RAM from the head.
  bool suggest_pulling_from_slave = false;
};

// Decides which messages a pull returns. The ConsumeQueue check runs first, on the tags
// code alone; the CommitLog check then sees the whole record (SQL92 filters).
class MessageFilter {
 public:
  virtual ~MessageFilter() = default;
  virtual bool IsMatchedByConsumeQueue(int64_t tags_code) const = 0;
  virtual bool IsMatchedByCommitLog(std::string_view record) const = 0;
};

// Tag subscription: passes messages whose tags code is in the set; an empty set ("*")
// passes everything.
class TagsCodeFilter final : public MessageFilter {
 public:
  explicit TagsCodeFilter(std::unordered_set<int64_t> codes) : codes_(std::move(codes)) {}
  bool IsMatchedByConsumeQueue(int64_t tags_code) const override {
    return codes_.empty() || codes_.count(tags_code) > 0;
  }
  bool IsMatchedByCommitLog(std::string_view) const override { return true; }

 private:
  std::unordered_set<int64_t> codes_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_GET_MESSAGE_RESULT_H_
