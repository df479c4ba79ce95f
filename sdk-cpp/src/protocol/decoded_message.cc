#include "protocol/decoded_message.h"

#include "protocol/compression.h"
#include "protocol/message_id.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace protocol {

const std::string& DecodedMessage::msg_id() const {
  const auto it = properties.find(MessageConst::kPropertyUniqClientMessageIdKeyidx);
  return it != properties.end() ? it->second : offset_msg_id;
}

const std::string& DecodedMessage::property(const std::string& name) const {
  static const std::string kEmpty;
  const auto it = properties.find(name);
  return it != properties.end() ? it->second : kEmpty;
}

Result<DecodedMessage> ToDecodedMessage(const MessageRecord& record,
                                        const DecodeMessageOptions& options) {
  DecodedMessage m;
  m.topic = std::string(record.topic);
  m.queue_id = record.queue_id;
  m.queue_offset = record.queue_offset;
  m.commit_log_offset = record.physical_offset;
  m.store_size = record.total_size;
  m.flag = record.flag;
  m.sys_flag = record.sys_flag;
  m.body_crc = record.body_crc;
  m.born_timestamp = record.born_timestamp;
  m.born_host = record.born_host;
  m.store_timestamp = record.store_timestamp;
  m.store_host = record.store_host;
  m.reconsume_times = record.reconsume_times;
  m.prepared_transaction_offset = record.prepared_transaction_offset;
  if (options.decode_properties) m.properties = DecodeMessageProperties(record.properties);
  m.offset_msg_id = EncodeOffsetMessageId(record.store_host, record.physical_offset);
  if (options.decompress_body && MessageSysFlag::IsCompressed(record.sys_flag)) {
    Result<std::string> body = DecompressBody(record.body, &m.sys_flag, options.max_body_size);
    if (!body.ok()) {
      return body.status().WithContext("message " + m.offset_msg_id + " of topic " + m.topic);
    }
    m.body = std::move(body).value();
  } else {
    m.body = std::string(record.body);
  }
  return m;
}

Result<std::vector<DecodedMessage>> DecodeMessages(std::string_view data,
                                                   const DecodeMessageOptions& options) {
  Result<std::vector<MessageRecord>> records = DecodeMessageRecords(data, options.verify_body_crc);
  if (!records.ok()) return records.status();
  std::vector<DecodedMessage> messages;
  messages.reserve(records->size());
  for (const MessageRecord& record : *records) {
    Result<DecodedMessage> message = ToDecodedMessage(record, options);
    if (!message.ok()) return message.status();
    messages.push_back(std::move(message).value());
  }
  return messages;
}

}  // namespace protocol
}  // namespace rocketmq
