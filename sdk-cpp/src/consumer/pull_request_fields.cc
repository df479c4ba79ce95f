#include "consumer/pull_request_fields.h"

#include <cstring>
#include <string_view>

#include "protocol/header_codec.h"

namespace rocketmq {
namespace consumer {
namespace {

using Header = protocol::PullMessageRequestHeader;

constexpr std::string_view kCommitOffsetKey = Header::kCommitOffsetField;
constexpr std::string_view kQueueOffsetKey = Header::kQueueOffsetField;
constexpr std::string_view kSysFlagKey = Header::kSysFlagField;
// Bytes() writes the changing fields in this order, which must be the map's.
static_assert(kCommitOffsetKey < kQueueOffsetKey && kQueueOffsetKey < kSysFlagKey);

// The three changing fields at their longest (a number is at most 20 characters).
constexpr size_t kChangingFieldsBytes = protocol::BinaryFieldSize(kCommitOffsetKey, {}) +
                                        protocol::BinaryFieldSize(kQueueOffsetKey, {}) +
                                        protocol::BinaryFieldSize(kSysFlagKey, {}) + 3 * 20;

}  // namespace

Header PullHeaderFor(const ConsumerConfig& config, const MessageQueue& queue,
                     const protocol::SubscriptionData& subscription) {
  Header header;
  header.consumer_group = config.group;
  header.topic = queue.topic;
  header.queue_id = queue.queue_id;
  header.max_msg_nums = config.pull_batch_size;
  header.suspend_timeout_millis = config.broker_suspend_max_time_ms;
  header.subscription = subscription.sub_string;
  header.sub_version = subscription.sub_version;
  header.expression_type = subscription.expression_type;
  header.broker_name = queue.broker_name;
  return header;
}

PullRequestFields::PullRequestFields(const Header& header) {
  const protocol::ExtFields fields = header.Encode();
  protocol::BinaryHeaderWriter writer(&constant_, 0);
  size_t written = 0;
  for (const auto& [key, value] : fields) {
    if (key == kCommitOffsetKey) {
      commit_offset_at_ = written;
    } else if (key == kQueueOffsetKey) {
      queue_offset_at_ = written;
    } else if (key == kSysFlagKey) {
      sys_flag_at_ = written;
    } else {
      writer.Put(key, value);
      written += protocol::BinaryFieldSize(key, value);
    }
  }
  writer.Finish();
}

std::string PullRequestFields::Bytes(int64_t queue_offset, int64_t commit_offset,
                                     int32_t sys_flag) const {
  std::string bytes(constant_.size() + kChangingFieldsBytes, '\0');
  char* at = bytes.data();
  size_t copied = 0;
  const auto copy_up_to = [&](size_t end) {
    std::memcpy(at, constant_.data() + copied, end - copied);
    at += end - copied;
    copied = end;
  };
  copy_up_to(commit_offset_at_);
  at = protocol::PutBinaryField(kCommitOffsetKey, protocol::HeaderValueText(commit_offset).view(),
                                at);
  copy_up_to(queue_offset_at_);
  at =
      protocol::PutBinaryField(kQueueOffsetKey, protocol::HeaderValueText(queue_offset).view(), at);
  copy_up_to(sys_flag_at_);
  at = protocol::PutBinaryField(kSysFlagKey, protocol::HeaderValueText(sys_flag).view(), at);
  copy_up_to(constant_.size());
  bytes.resize(static_cast<size_t>(at - bytes.data()));
  return bytes;
}

}  // namespace consumer
}  // namespace rocketmq
