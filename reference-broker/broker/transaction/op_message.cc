#include "broker/transaction/op_message.h"

#include <charconv>

#include "broker/topic_validator.h"
#include "broker/transaction/transactional_message_util.h"
#include "protocol/crc32.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"

namespace rocketmq {
namespace broker {
namespace transaction {

namespace mc = protocol::MessageConst;

Result<std::string> BuildOpMessage(int64_t half_queue_offset, const protocol::HostAddress& broker,
                                   const std::string& uniq_key, int64_t now_ms) {
  const std::string body = std::to_string(half_queue_offset);
  std::string properties;
  protocol::AppendProperty(&properties, mc::kPropertyTags, kRemoveTag);
  protocol::AppendProperty(&properties, mc::kPropertyWaitStoreMsgOk, "true");
  protocol::AppendProperty(&properties, mc::kPropertyUniqClientMessageIdKeyidx, uniq_key);
  protocol::MessageRecord record;
  record.body_crc = protocol::MaskedCrc32(body);
  record.queue_id = kHalfQueueId;
  record.born_timestamp = now_ms;
  record.born_host = broker;
  record.store_host = broker;
  record.body = body;
  record.topic = topic::kTransOpHalfTopic;
  record.properties = properties;
  return protocol::EncodeMessageRecordToString(record);
}

std::vector<int64_t> ParseOpBody(std::string_view body) {
  std::vector<int64_t> offsets;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find(',', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view token = body.substr(start, end - start);
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (!token.empty() && ec == std::errc() && ptr == token.data() + token.size() && value >= 0) {
      offsets.push_back(value);
    }
    start = end + 1;
  }
  return offsets;
}

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
