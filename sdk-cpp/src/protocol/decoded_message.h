// DecodedMessage: a message as a consumer (or an admin query) sees it after decoding a
// record from a PULL_MESSAGE / QUERY_MESSAGE / VIEW_MESSAGE_BY_ID / CHECK_TRANSACTION_STATE
// body — owned fields, properties parsed, body inflated, ids computed — like Java's
// MessageDecoder.decode(..., readBody = true, deCompressBody = true, isClient = true).
//
// Use MessageRecord (message_record.h) directly where zero-copy views are enough, e.g. in
// the store.
#ifndef ROCKETMQ_PROTOCOL_DECODED_MESSAGE_H_
#define ROCKETMQ_PROTOCOL_DECODED_MESSAGE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/host_address.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct DecodedMessage {
  std::string topic;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  int64_t commit_log_offset = 0;
  int32_t store_size = 0;  // the record's TOTALSIZE
  int32_t flag = 0;
  // MessageSysFlag; the compression bits are cleared once the body has been inflated.
  int32_t sys_flag = 0;
  int32_t body_crc = 0;
  int64_t born_timestamp = 0;
  HostAddress born_host;
  int64_t store_timestamp = 0;
  HostAddress store_host;
  int32_t reconsume_times = 0;
  int64_t prepared_transaction_offset = 0;
  std::string body;
  // Empty when DecodeMessageOptions::decode_properties was false.
  MessageProperties properties;
  // Offset message id from the store host and commit-log offset (§7.1).
  std::string offset_msg_id;

  // What Java calls the message id (MessageClientExt.getMsgId()): the producer's UNIQ_KEY
  // when present, otherwise the offset message id.
  const std::string& msg_id() const;
  // A property's value, or "" when absent.
  const std::string& property(const std::string& name) const;
};

struct DecodeMessageOptions {
  bool verify_body_crc = false;
  // Inflate zlib bodies (COMPRESSED flag); LZ4/ZSTD bodies fail with NotSupported.
  bool decompress_body = true;
  // Limit on an inflated body; a hostile record must not make us allocate gigabytes.
  size_t max_body_size = 64u << 20;
  // False leaves `properties` empty, for a caller that keeps the record's encoded ones.
  bool decode_properties = true;
};

Result<DecodedMessage> ToDecodedMessage(const MessageRecord& record,
                                        const DecodeMessageOptions& options = {});

// All records of a response body, in order. Errors name the failing record.
Result<std::vector<DecodedMessage>> DecodeMessages(std::string_view data,
                                                   const DecodeMessageOptions& options = {});

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_DECODED_MESSAGE_H_
