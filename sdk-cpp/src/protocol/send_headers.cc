#include "protocol/send_headers.h"

#include <string_view>
#include <utility>

#include "protocol/request_code.h"

namespace rocketmq {
namespace protocol {
namespace {

struct SendKeys {
  std::string_view producer_group;
  std::string_view topic;
  std::string_view default_topic;
  std::string_view default_topic_queue_nums;
  std::string_view queue_id;
  std::string_view sys_flag;
  std::string_view born_timestamp;
  std::string_view flag;
  std::string_view properties;
  std::string_view reconsume_times;
  std::string_view unit_mode;
  std::string_view max_reconsume_times;
  std::string_view batch;
  std::string_view broker_name;
};

constexpr SendKeys kV1Keys = {
    "producerGroup", "topic",          "defaultTopic",  "defaultTopicQueueNums",
    "queueId",       "sysFlag",        "bornTimestamp", "flag",
    "properties",    "reconsumeTimes", "unitMode",      "maxReconsumeTimes",
    "batch",         "bname"};
constexpr char kV2Name[] = "SendMessageRequestHeaderV2";
constexpr SendKeys kV2Keys = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"};

// The keys are a template argument: their lengths are then constants where the visits are
// inlined (a reader compares each key by a memcmp of known size, a writer copies it so).
template <const SendKeys& k, typename Self, typename V>
void SendFields(Self& self, V& v) {
  v.Required(k.producer_group, self.producer_group);
  v.Required(k.topic, self.topic);
  v.Required(k.default_topic, self.default_topic);
  v.Required(k.default_topic_queue_nums, self.default_topic_queue_nums);
  v.Required(k.queue_id, self.queue_id);
  v.Required(k.sys_flag, self.sys_flag);
  v.Required(k.born_timestamp, self.born_timestamp);
  v.Required(k.flag, self.flag);
  v.Optional(k.properties, self.properties);
  v.Optional(k.reconsume_times, self.reconsume_times);
  v.Defaulted(k.unit_mode, self.unit_mode);
  v.Optional(k.max_reconsume_times, self.max_reconsume_times);
  v.Defaulted(k.batch, self.batch);
  v.Optional(k.broker_name, self.broker_name);
}

template <const SendKeys& keys>
ExtFields EncodeWith(const SendMessageRequestHeader& header) {
  HeaderWriter writer;
  SendFields<keys>(header, writer);
  return writer.Take();
}

// Read off a map in place inside the Result returned by name, as DecodeFieldsFromBytes.
// `Header` is SendMessageRequestHeader or its view.
template <const SendKeys& keys, typename Header = SendMessageRequestHeader>
Result<Header> DecodeWith(HeaderReader reader) {
  Result<Header> decoded = Header{};
  SendFields<keys>(*decoded, reader);
  if (!reader.status().ok()) decoded = reader.status();
  return decoded;
}

// SendFields with the keys of V1 or V2, as a Fields() list.
template <const SendKeys& keys>
struct SendFieldList {
  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    SendFields<keys>(self, v);
  }
};

}  // namespace

ExtFields SendMessageRequestHeader::Encode() const { return EncodeWith<kV1Keys>(*this); }

ExtFields SendMessageRequestHeader::EncodeV2() const { return EncodeWith<kV2Keys>(*this); }

SendMessageRequestHeaderView SendMessageRequestHeader::View() const {
  SendMessageRequestHeaderView view;
  view.producer_group = producer_group;
  view.topic = topic;
  view.default_topic = default_topic;
  view.default_topic_queue_nums = default_topic_queue_nums;
  view.queue_id = queue_id;
  view.sys_flag = sys_flag;
  view.born_timestamp = born_timestamp;
  view.flag = flag;
  if (properties) view.properties = *properties;
  view.reconsume_times = reconsume_times;
  view.unit_mode = unit_mode;
  view.max_reconsume_times = max_reconsume_times;
  view.batch = batch;
  if (broker_name) view.broker_name = *broker_name;
  return view;
}

void SendMessageRequestHeaderView::AppendBinaryV2(std::string* out) const {
  // Room for every field: the 14 one-letter keys and their lengths, the numbers' digits
  // and the strings.
  constexpr size_t kFixedFieldsBytes = 14 * (2 + 1 + 4 + 20);
  BinaryHeaderWriter writer(out, kFixedFieldsBytes + producer_group.size() + topic.size() +
                                     default_topic.size() + (properties ? properties->size() : 0) +
                                     (broker_name ? broker_name->size() : 0));
  SendFields<kV2Keys>(*this, writer);
  writer.Finish();
}

Result<SendMessageRequestHeader> SendMessageRequestHeader::Decode(const ExtFields& fields) {
  return DecodeWith<kV1Keys>(HeaderReader(fields, kName));
}

Result<SendMessageRequestHeader> SendMessageRequestHeader::DecodeV2(const ExtFields& fields) {
  return DecodeWith<kV2Keys>(HeaderReader(fields, kV2Name));
}

bool SendMessageRequestHeader::UsesV2(int32_t request_code) {
  return request_code == RequestCode::kSendMessageV2 ||
         request_code == RequestCode::kSendBatchMessage ||
         request_code == RequestCode::kSendReplyMessageV2;
}

bool SendMessageRequestHeader::IsSendRequest(int32_t request_code) {
  return request_code == RequestCode::kSendMessage ||
         request_code == RequestCode::kSendReplyMessage || UsesV2(request_code);
}

Result<SendMessageRequestHeaderView> SendMessageRequestHeaderView::DecodeForRequestCode(
    int32_t request_code, const ExtFields& fields) {
  using Header = SendMessageRequestHeaderView;
  return SendMessageRequestHeader::UsesV2(request_code)
             ? DecodeWith<kV2Keys, Header>(HeaderReader(fields, kV2Name))
             : DecodeWith<kV1Keys, Header>(HeaderReader(fields, SendMessageRequestHeader::kName));
}

Result<SendMessageRequestHeaderView> SendMessageRequestHeaderView::DecodeBinaryForRequestCode(
    int32_t request_code, std::string_view ext_fields_bytes) {
  using Header = SendMessageRequestHeaderView;
  return SendMessageRequestHeader::UsesV2(request_code)
             ? DecodeFieldsFromBytes<SendFieldList<kV2Keys>, Header>(ext_fields_bytes, kV2Name)
             : DecodeFieldsFromBytes<SendFieldList<kV1Keys>, Header>(
                   ext_fields_bytes, SendMessageRequestHeader::kName);
}

Result<SendMessageRequestHeader> SendMessageRequestHeader::DecodeForRequestCode(
    int32_t request_code, const ExtFields& fields) {
  return UsesV2(request_code) ? DecodeV2(fields) : Decode(fields);
}

}  // namespace protocol
}  // namespace rocketmq
