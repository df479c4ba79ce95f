// Headers of SEND_MESSAGE and its variants (protocol.md §3.1, §3.2).
//
// One struct carries a send request; it encodes to the V1 field names (SEND_MESSAGE 10,
// SEND_REPLY_MESSAGE 324) or to the one-letter V2 names a..n (SEND_MESSAGE_V2 310,
// SEND_BATCH_MESSAGE 320, SEND_REPLY_MESSAGE_V2 325), as Apache's
// SendMessageRequestHeaderV2.createSendMessageRequestHeaderV1/V2 map them.
#ifndef ROCKETMQ_PROTOCOL_SEND_HEADERS_H_
#define ROCKETMQ_PROTOCOL_SEND_HEADERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/ext_fields.h"
#include "protocol/header_codec.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// The template topic brokers auto-create topics from.
constexpr char kAutoCreateTopicKeyTopic[] = "TBW102";

// SendMessageRequestHeader's fields as views of strings its writer keeps alive: a producer
// writes a header per send straight from its message and configuration (copying four strings
// into a SendMessageRequestHeader first cost ~700 instructions per send).
struct SendMessageRequestHeaderView {
  std::string_view producer_group;
  std::string_view topic;
  std::string_view default_topic = kAutoCreateTopicKeyTopic;
  int32_t default_topic_queue_nums = 4;
  int32_t queue_id = 0;
  int32_t sys_flag = 0;
  int64_t born_timestamp = 0;
  int32_t flag = 0;
  std::optional<std::string_view> properties;
  std::optional<int32_t> reconsume_times;
  bool unit_mode = false;
  std::optional<int32_t> max_reconsume_times;
  bool batch = false;
  std::optional<std::string_view> broker_name;

  // SendMessageRequestHeader::EncodeV2's fields appended to `out` in the ROCKETMQ binary
  // header's extFields layout, the same bytes that map gives (its keys a..n are visited in
  // key order): building the map cost ~13 sorted inserts.
  void AppendBinaryV2(std::string* out) const;

  // SendMessageRequestHeader::DecodeForRequestCode with the strings viewing `fields`, valid
  // while it lives and is not changed: a broker reads a send's header without a string per
  // field (the properties and a long producer group were an allocation each, and the header
  // was moved whole).
  static Result<SendMessageRequestHeaderView> DecodeForRequestCode(int32_t request_code,
                                                                   const ExtFields& fields);
  // The same, read straight off the extFields bytes of a ROCKETMQ binary header (a
  // broker's send requests keep them: RemotingCommand::binary_ext_fields()), the strings
  // viewing them; a malformed entry is an error.
  static Result<SendMessageRequestHeaderView> DecodeBinaryForRequestCode(
      int32_t request_code, std::string_view ext_fields_bytes);
};

struct SendMessageRequestHeader {
  static constexpr char kName[] = "SendMessageRequestHeader";
  std::string producer_group;                            // V1 producerGroup / V2 a
  std::string topic;                                     // b
  std::string default_topic = kAutoCreateTopicKeyTopic;  // c
  int32_t default_topic_queue_nums = 4;                  // d
  int32_t queue_id = 0;                                  // e; < 0 lets the broker choose
  int32_t sys_flag = 0;                                  // f, MessageSysFlag
  int64_t born_timestamp = 0;                            // g
  int32_t flag = 0;                                      // h, the user flag
  std::optional<std::string> properties;                 // i, encoded properties
  std::optional<int32_t> reconsume_times;                // j, %RETRY% sends
  bool unit_mode = false;                                // k
  std::optional<int32_t> max_reconsume_times;            // l, %RETRY% sends
  bool batch = false;                                    // m; brokers pick batch handling from it
  std::optional<std::string> broker_name;                // V1 bname / V2 n

  ExtFields Encode() const;    // V1 names
  ExtFields EncodeV2() const;  // a..n
  // Views of this header's fields, valid while it lives and is not changed.
  SendMessageRequestHeaderView View() const;
  void AppendBinaryV2(std::string* out) const { View().AppendBinaryV2(out); }
  static Result<SendMessageRequestHeader> Decode(const ExtFields& fields);
  static Result<SendMessageRequestHeader> DecodeV2(const ExtFields& fields);
  // V2 for SEND_MESSAGE_V2, SEND_BATCH_MESSAGE and SEND_REPLY_MESSAGE_V2, V1 otherwise.
  static Result<SendMessageRequestHeader> DecodeForRequestCode(int32_t request_code,
                                                               const ExtFields& fields);
  static bool UsesV2(int32_t request_code);
  // The request codes this is the header of: SEND_MESSAGE, its V2, batch and reply forms.
  static bool IsSendRequest(int32_t request_code);
};

// Extra fields a broker adds to every send response (not part of the header class).
constexpr char kSendResponseMsgRegion[] = "MSG_REGION";
constexpr char kSendResponseTraceOn[] = "TRACE_ON";

struct SendMessageResponseHeader : HeaderBase<SendMessageResponseHeader> {
  static constexpr char kName[] = "SendMessageResponseHeader";
  std::string msg_id;  // offset message id(s), comma-joined for a batch
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  std::optional<std::string> transaction_id;  // the message's UNIQ_KEY
  std::optional<std::string> batch_uniq_id;   // 5.x inner batch
  std::optional<std::string> recall_handle;   // 5.3+

  // In the map's key order: read off a map, each key is then the entry at the reader's
  // cursor or just past it. `self` may also be a SendMessageResponseHeaderView.
  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Optional("batchUniqId", self.batch_uniq_id);
    v.Required("msgId", self.msg_id);
    v.Required("queueId", self.queue_id);
    v.Required("queueOffset", self.queue_offset);
    v.Optional("recallHandle", self.recall_handle);
    v.Optional("transactionId", self.transaction_id);
  }
};

// SendMessageResponseHeader's fields as views of strings its writer keeps alive (a broker
// answers from per-thread buffers), written through the same field list.
struct SendMessageResponseHeaderView {
  std::string_view msg_id;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  std::optional<std::string_view> transaction_id;
  std::optional<std::string_view> batch_uniq_id;
  std::optional<std::string_view> recall_handle;
};

// A broker's answer to a stored send, visited in the map's key order (the writer may lay
// it out as the binary header's bytes): Apache's two extra fields, then the header's.
template <typename Header, typename V>
void VisitSendAnswer(std::string_view region, bool trace_on, const Header& header, V& v) {
  v.Required(kSendResponseMsgRegion, region);
  v.Required(kSendResponseTraceOn, trace_on);
  SendMessageResponseHeader::Fields(header, v);
}

// PUSH_REPLY_MESSAGE_TO_CLIENT (326): the broker forwards a reply to the requester.
struct ReplyMessageRequestHeader : HeaderBase<ReplyMessageRequestHeader> {
  static constexpr char kName[] = "ReplyMessageRequestHeader";
  std::string producer_group;
  std::string topic;
  std::string default_topic;
  int32_t default_topic_queue_nums = 0;
  int32_t queue_id = 0;
  int32_t sys_flag = 0;
  int64_t born_timestamp = 0;
  int32_t flag = 0;
  std::optional<std::string> properties;
  std::optional<int32_t> reconsume_times;
  bool unit_mode = false;
  std::string born_host;   // "ip:port"
  std::string store_host;  // "ip:port"
  int64_t store_timestamp = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("producerGroup", self.producer_group);
    v.Required("topic", self.topic);
    v.Required("defaultTopic", self.default_topic);
    v.Required("defaultTopicQueueNums", self.default_topic_queue_nums);
    v.Required("queueId", self.queue_id);
    v.Required("sysFlag", self.sys_flag);
    v.Required("bornTimestamp", self.born_timestamp);
    v.Required("flag", self.flag);
    v.Optional("properties", self.properties);
    v.Optional("reconsumeTimes", self.reconsume_times);
    v.Defaulted("unitMode", self.unit_mode);
    v.Required("bornHost", self.born_host);
    v.Required("storeHost", self.store_host);
    v.Required("storeTimestamp", self.store_timestamp);
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_SEND_HEADERS_H_
