// Message properties: the string map every RocketMQ message carries, and its wire/disk
// encoding (protocol.md §5.1): `name 0x01 value 0x02` repeated, in no particular order.
//
// Decoding follows Apache's MessageDecoder.string2messageProperties: segments without a
// separator, with an empty name or an empty value are dropped silently, and for a repeated
// name the last value wins. Decoding therefore never fails; encoding is checked separately
// by ValidateMessageProperties because a record stores the length as a signed 16-bit value.
#ifndef ROCKETMQ_PROTOCOL_MESSAGE_PROPERTIES_H_
#define ROCKETMQ_PROTOCOL_MESSAGE_PROPERTIES_H_

#include <cstddef>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

using MessageProperties = std::map<std::string, std::string>;

// Reserved property names (Apache MessageConst). Users may not set these directly.
namespace MessageConst {

constexpr char kNameValueSeparator = '\x01';
constexpr char kPropertySeparator = '\x02';
// Separates the several business keys inside the KEYS property.
constexpr char kKeySeparator = ' ';
// Largest encoded properties string a record can hold (a Java short).
constexpr size_t kMaxPropertiesLength = 32767;

constexpr char kPropertyKeys[] = "KEYS";
constexpr char kPropertyTags[] = "TAGS";
// "false" asks the broker not to wait for flush/replication; absent means true.
constexpr char kPropertyWaitStoreMsgOk[] = "WAIT";
constexpr char kPropertyDelayTimeLevel[] = "DELAY";
constexpr char kPropertyRetryTopic[] = "RETRY_TOPIC";
constexpr char kPropertyRealTopic[] = "REAL_TOPIC";
constexpr char kPropertyRealQueueId[] = "REAL_QID";
constexpr char kPropertyTransactionPrepared[] = "TRAN_MSG";
constexpr char kPropertyProducerGroup[] = "PGROUP";
constexpr char kPropertyMinOffset[] = "MIN_OFFSET";
constexpr char kPropertyMaxOffset[] = "MAX_OFFSET";
constexpr char kPropertyBuyerId[] = "BUYER_ID";
constexpr char kPropertyOriginMessageId[] = "ORIGIN_MESSAGE_ID";
constexpr char kPropertyTransferFlag[] = "TRANSFER_FLAG";
constexpr char kPropertyCorrectionFlag[] = "CORRECTION_FLAG";
constexpr char kPropertyMq2Flag[] = "MQ2_FLAG";
constexpr char kPropertyReconsumeTime[] = "RECONSUME_TIME";
constexpr char kPropertyMsgRegion[] = "MSG_REGION";
constexpr char kPropertyTraceSwitch[] = "TRACE_ON";
// The client-generated unique id (protocol/message_id.h), what Java calls the msgId.
constexpr char kPropertyUniqClientMessageIdKeyidx[] = "UNIQ_KEY";
constexpr char kPropertyExtendUniqInfo[] = "EXTEND_UNIQ_INFO";
constexpr char kPropertyMaxReconsumeTimes[] = "MAX_RECONSUME_TIMES";
constexpr char kPropertyConsumeStartTimestamp[] = "CONSUME_START_TIME";
constexpr char kPropertyInnerNum[] = "INNER_NUM";
constexpr char kPropertyInnerBase[] = "INNER_BASE";
constexpr char kDupInfo[] = "DUP_INFO";
constexpr char kPropertyCheckImmunityTimeInSeconds[] = "CHECK_IMMUNITY_TIME_IN_SECONDS";
constexpr char kPropertyTransactionPreparedQueueOffset[] = "TRAN_PREPARED_QUEUE_OFFSET";
constexpr char kPropertyTransactionId[] = "__transactionId__";
constexpr char kPropertyTransactionCheckTimes[] = "TRANSACTION_CHECK_TIMES";
constexpr char kPropertyInstanceId[] = "INSTANCE_ID";
constexpr char kPropertyCorrelationId[] = "CORRELATION_ID";
constexpr char kPropertyMessageReplyToClient[] = "REPLY_TO_CLIENT";
constexpr char kPropertyMessageTtl[] = "TTL";
constexpr char kPropertyReplyMessageArriveTime[] = "ARRIVE_TIME";
constexpr char kPropertyPushReplyTime[] = "PUSH_REPLY_TIME";
constexpr char kPropertyCluster[] = "CLUSTER";
// "reply" marks a request-reply response message.
constexpr char kPropertyMessageType[] = "MSG_TYPE";
constexpr char kPropertyPopCk[] = "POP_CK";
constexpr char kPropertyPopCkOffset[] = "POP_CK_OFFSET";
constexpr char kPropertyFirstPopTime[] = "1ST_POP_TIME";
constexpr char kPropertyShardingKey[] = "__SHARDINGKEY";
constexpr char kPropertyForwardQueueId[] = "PROPERTY_FORWARD_QUEUE_ID";
constexpr char kPropertyRedirect[] = "REDIRECT";
constexpr char kPropertyInnerMultiDispatch[] = "INNER_MULTI_DISPATCH";
constexpr char kPropertyInnerMultiQueueOffset[] = "INNER_MULTI_QUEUE_OFFSET";
constexpr char kPropertyTraceContext[] = "TRACE_CONTEXT";
constexpr char kPropertyTimerDelaySec[] = "TIMER_DELAY_SEC";
constexpr char kPropertyTimerDelayMs[] = "TIMER_DELAY_MS";
constexpr char kPropertyTimerDeliverMs[] = "TIMER_DELIVER_MS";
constexpr char kPropertyTimerEnqueueMs[] = "TIMER_ENQUEUE_MS";
constexpr char kPropertyTimerDequeueMs[] = "TIMER_DEQUEUE_MS";
constexpr char kPropertyTimerRollTimes[] = "TIMER_ROLL_TIMES";
constexpr char kPropertyTimerOutMs[] = "TIMER_OUT_MS";
constexpr char kPropertyTimerDelUniqkey[] = "TIMER_DEL_UNIQKEY";
constexpr char kPropertyTimerDelayLevel[] = "TIMER_DELAY_LEVEL";
constexpr char kPropertyBornHost[] = "__BORNHOST";
constexpr char kPropertyBornTimestamp[] = "BORN_TIMESTAMP";
constexpr char kPropertyDlqOriginTopic[] = "DLQ_ORIGIN_TOPIC";
constexpr char kPropertyDlqOriginMessageId[] = "DLQ_ORIGIN_MESSAGE_ID";
// dev broker option enabledAppendPropCRC: 10 digits, least significant first.
constexpr char kPropertyCrc32[] = "__CRC32#";
// Properties whose name starts with this are never persisted by a dev broker.
constexpr char kPropertyTransientPrefix[] = "__RMQ.TRANSIENT.";
// Legacy ONS start-deliver time; the open-source broker only counts it in statistics.
constexpr char kPropertyStartDeliverTime[] = "__STARTDELIVERTIME";

}  // namespace MessageConst

// True for the names Apache's client refuses as user properties (MessageConst's
// STRING_HASH_SET).
bool IsReservedPropertyName(std::string_view name);

// Whether `text` holds either separator, which a property's name or value cannot.
bool HasSeparator(std::string_view text);

// Appends one `name 0x01 value 0x02` entry to the encoding `out`. Java ends an encoding
// without a separator after its last value (ours end with one): a 0x02 goes first then.
void AppendProperty(std::string* out, std::string_view name, std::string_view value);
// Appends the entries of the encoding `encoded` to the encoding `out`, separated as
// AppendProperty's are.
void AppendEncodedProperties(std::string* out, std::string_view encoded);
// Writes that entry at `at`, which has room for name.size() + value.size() + 2 bytes, and
// returns where it ends: a writer that sized its buffer once spares a growth check per piece.
// Inline: a name known where it is called (a batch's UNIQ_KEY) is copied without a call.
inline char* WriteProperty(char* at, std::string_view name, std::string_view value) {
  // An empty view may have no data, which memcpy must not be given.
  if (!name.empty()) std::memcpy(at, name.data(), name.size());
  at += name.size();
  *at++ = MessageConst::kNameValueSeparator;
  if (!value.empty()) std::memcpy(at, value.data(), value.size());
  at += value.size();
  *at++ = MessageConst::kPropertySeparator;
  return at;
}

// Encodes every entry (in the map's order); an empty map gives an empty string.
std::string EncodeMessageProperties(const MessageProperties& properties);

// Decodes with Apache's leniency (see the file comment).
MessageProperties DecodeMessageProperties(std::string_view encoded);

// The value of `name` in an encoded properties string without decoding the rest (the
// store's hot path reads TAGS, KEYS, UNIQ_KEY and DELAY this way). Same rules as
// DecodeMessageProperties: the last valid occurrence wins. The view points into `encoded`.
std::optional<std::string_view> FindProperty(std::string_view encoded, std::string_view name);

// FindProperty for `count` names in one pass: values[i] becomes the value of names[i], or
// nullopt. For the store's dispatch, which reads KEYS, UNIQ_KEY and TAGS of every message.
void FindProperties(std::string_view encoded, const std::string_view* names, size_t count,
                    std::optional<std::string_view>* values);

// Checks what EncodeMessageProperties cannot: names and values free of the two separator
// bytes, non-empty names, and an encoded length within kMaxPropertiesLength.
Status ValidateMessageProperties(const MessageProperties& properties);

// The business keys of a KEYS value, split on spaces, empty tokens skipped.
std::vector<std::string_view> SplitKeys(std::string_view keys);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_MESSAGE_PROPERTIES_H_
