#include "producer/send_request.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "client/namespace_util.h"
#include "client/validators.h"
#include "common/clock.h"
#include "producer/batch_body_pool.h"
#include "producer/timer_support.h"
#include "protocol/batch_body.h"
#include "protocol/compression.h"
#include "protocol/header_codec.h"
#include "protocol/message_properties.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "protocol/topic_names.h"
#include "remoting/binary_header.h"

namespace rocketmq {
namespace client {
namespace {

namespace mc = protocol::MessageConst;
namespace rc = protocol::ResponseCode;

// Appends the encoded properties of `message` plus a UNIQ_KEY when it has none to *out;
// *id receives the key. Sized for both at once: appending the key to
// EncodeMessageProperties' exact-size result cost every send a second allocation and a copy.
void AppendWithUniqueKey(const Message& message, protocol::UniqueKeyGenerator& ids, std::string* id,
                         std::string* out) {
  const auto& properties = message.properties();
  auto existing = properties.find(mc::kPropertyUniqClientMessageIdKeyidx);
  const bool has_key = existing != properties.end() && !existing->second.empty();
  if (has_key) {
    *id = existing->second;
  } else {
    id->resize(ids.length());
    ids.NextInto(id->data());
  }
  size_t size = 0;
  for (const auto& [name, value] : properties) size += name.size() + value.size() + 2;
  if (!has_key)
    size += std::string_view(mc::kPropertyUniqClientMessageIdKeyidx).size() + id->size() + 2;
  // One resize, then written in place: a resize per property zero-filled and checked the
  // room each time.
  const size_t at = out->size();
  out->resize(at + size);
  char* cursor = out->data() + at;
  for (const auto& [name, value] : properties) {
    cursor = protocol::WriteProperty(cursor, name, value);
  }
  if (!has_key) protocol::WriteProperty(cursor, mc::kPropertyUniqClientMessageIdKeyidx, *id);
}

// A consumer's own re-send of a failed message to %RETRY%group carries its counts as
// properties; the broker reads them from the header (Java's sendKernelImpl moves them the
// same way), and only then can it divert the message to the DLQ. The properties left are
// encoded into *kept_properties, which the header then views.
void MoveRetryCountsToHeader(protocol::SendMessageRequestHeaderView* header,
                             std::string* kept_properties) {
  protocol::MessageProperties props = protocol::DecodeMessageProperties(*header->properties);
  auto to_int = [](const std::string& value) -> std::optional<int32_t> {
    try {
      return std::stoi(value);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  };
  bool moved = false;
  if (auto it = props.find(mc::kPropertyReconsumeTime); it != props.end()) {
    if (auto n = to_int(it->second)) header->reconsume_times = *n;
    props.erase(it);
    moved = true;
  }
  if (auto it = props.find(mc::kPropertyMaxReconsumeTimes); it != props.end()) {
    if (auto n = to_int(it->second)) header->max_reconsume_times = *n;
    props.erase(it);
    moved = true;
  }
  if (moved) {
    *kept_properties = protocol::EncodeMessageProperties(props);
    header->properties = *kept_properties;
  }
}

// A batch's PreparedMessage, whose body goes back to the pool when the last reference goes
// (the request's once its frame is written, the send's once it is freed). Made with its
// shared_ptr's control block in one allocation: a deleter took a second one per batch.
struct PooledBatch : PreparedMessage {
  ~PooledBatch() { ReturnBatchBody(std::move(body)); }
};

}  // namespace

Result<std::shared_ptr<const PreparedMessage>> PrepareMessage(const Message& message,
                                                              const ProducerConfig& config,
                                                              protocol::UniqueKeyGenerator& ids) {
  RMQ_RETURN_IF_ERROR(CheckMessage(message, config.max_message_size));
  auto prepared = std::make_shared<PreparedMessage>();
  prepared->topic = WrapNamespace(config.name_space, message.topic());
  prepared->user_topic = message.topic();
  prepared->flag = message.flag();
  prepared->born_timestamp = clock::WallMillis();
  prepared->reply = message.property(mc::kPropertyMessageType) == "reply";
  AppendWithUniqueKey(message, ids, &prepared->message_id, &prepared->properties);
  if (prepared->properties.size() > mc::kMaxPropertiesLength) {
    return Status::InvalidArgument("the properties of the message to topic '" + message.topic() +
                                   "' encode to " + std::to_string(prepared->properties.size()) +
                                   " bytes, more than 32767");
  }
  auto body = protocol::MaybeCompressBody(
      message.body(), 0, static_cast<size_t>(config.compress_msg_body_over_howmuch),
      config.compress_level);
  if (!body.ok()) return body.status().WithContext("compressing the message body");
  prepared->body = std::move(body->body);
  prepared->sys_flag = body->sys_flag;
  prepared->timer_min_broker_version = TimerMinBrokerVersion(prepared->properties);
  return std::shared_ptr<const PreparedMessage>(std::move(prepared));
}

Result<std::shared_ptr<PreparedMessage>> PrepareBatch(const std::vector<Message>& messages,
                                                      const ProducerConfig& config,
                                                      protocol::UniqueKeyGenerator& ids) {
  if (messages.empty()) return Status::InvalidArgument("the batch is empty");
  const Message& first = messages.front();
  if (protocol::topic::IsRetryTopic(first.topic())) {
    return Status::InvalidArgument("batches cannot be sent to retry topic '" + first.topic() + "'");
  }
  // Two passes: the first checks every message and sizes the body and the id list, the
  // second writes both into buffers sized once. Appended piece by piece (a growth check and
  // a std::string call per field, a resize per message for its properties and its id), a
  // batch of 1 KiB messages cost ~370 more instructions per message; the one zero-fill of
  // the body costs less than that (appending the bodies instead was slower).
  // What keeps a message out of a batch is found in the same walk of its properties: a pass
  // over the encoded ones for the timer properties and lookups of DELAY and WAIT cost each
  // message ~450 instructions.
  constexpr std::string_view kDelay = mc::kPropertyDelayTimeLevel;
  constexpr std::string_view kWait = mc::kPropertyWaitStoreMsgOk;
  constexpr std::string_view kUniqKey = mc::kPropertyUniqClientMessageIdKeyidx;
  const size_t key_length = ids.length();
  bool first_waits = true;
  size_t body_size = 0;
  size_t ids_size = 0;
  // Read once: the writes through char pointers below would have it reloaded every message.
  const size_t count = messages.size();
  for (size_t i = 0; i < count; ++i) {
    const Message& m = messages[i];
    // Worded only for an error: most batches have none.
    auto which = [i] { return "batch message " + std::to_string(i); };
    if (i > 0 && m.topic() != first.topic()) {
      return Status::InvalidArgument(which() + " has topic '" + m.topic() +
                                     "'; every message of a batch must have topic '" +
                                     first.topic() + "'");
    }
    if (Status valid = i == 0 ? CheckMessage(m, config.max_message_size)
                              : CheckMessageBodyAndProperties(m, config.max_message_size);
        !valid.ok()) {
      return valid.WithContext(which());
    }
    bool delayed = false;
    bool timed = false;
    // Message::wait_store_ok: anything but "false" waits.
    bool waits = true;
    // The length of the message's own UNIQ_KEY; 0: the producer gives it one.
    size_t own_key = 0;
    size_t properties = 0;
    for (const auto& [name, value] : m.properties()) {
      properties += name.size() + value.size() + 2;
      if (name == kDelay) {
        // Only a positive level delays.
        delayed = m.delay_level() > 0;
      } else if (name == kWait) {
        waits = value != "false";
      } else if (name == kUniqKey) {
        own_key = value.size();
      } else if (IsTimerProperty(name)) {
        timed = true;
      }
    }
    if (delayed) {
      return Status::InvalidArgument(which() + " has a delay level; batches cannot be delayed");
    }
    // Brokers store a batch's messages at once, whatever their timer properties.
    if (timed) {
      return Status::InvalidArgument(which() +
                                     " has a delivery time or delay; batches cannot be timed");
    }
    if (i == 0) {
      first_waits = waits;
    } else if (waits != first_waits) {
      return Status::InvalidArgument(which() + " differs from the first in WAIT (wait_store_ok)");
    }
    if (own_key == 0) properties += kUniqKey.size() + key_length + 2;
    if (properties > protocol::kMaxBatchEntryProperties) {
      return Status::InvalidArgument(which() + " has " + std::to_string(properties) +
                                     " bytes of properties, more than 32767")
          .WithContext("encoding the batch");
    }
    body_size += protocol::kBatchEntryOverhead + m.body().size() + properties;
    ids_size += (i == 0 ? 0 : 1) + (own_key != 0 ? own_key : key_length);
  }
  if (body_size > static_cast<size_t>(config.max_message_size)) {
    return Status::InvalidArgument(
        "the batch encodes to " + std::to_string(body_size) + " bytes, more than maxMessageSize " +
        std::to_string(config.max_message_size) + "; split it with SplitBatch");
  }
  std::shared_ptr<PreparedMessage> prepared = std::make_shared<PooledBatch>();
  // Each message's body and properties go straight into the batch body: the bodies are
  // copied once between the caller's messages and the socket (the request references this
  // buffer). Every byte is written below.
  prepared->body = TakeBatchBody(body_size);
  prepared->message_id.resize(ids_size);
  char* at = prepared->body.data();
  char* id_at = prepared->message_id.data();
  protocol::UniqueKeyGenerator::Run batch_ids = ids.NextRun(count);
  char key[protocol::UniqueKeyGenerator::kMaxLength];
  bool key_written = false;  // key holds the run's previous key
  for (size_t i = 0; i < count; ++i) {
    const Message& m = messages[i];
    char* properties = protocol::BeginBatchEntry(at, m.flag(), m.body());
    char* end = properties;
    std::string_view id;
    for (const auto& [name, value] : m.properties()) {
      end = protocol::WriteProperty(end, name, value);
      if (name == kUniqKey && !value.empty()) id = value;
    }
    if (id.empty()) {
      if (key_written) {
        batch_ids.NextOver(key);
      } else {
        batch_ids.NextInto(key);
        key_written = true;
      }
      id = std::string_view(key, key_length);
      end = protocol::WriteProperty(end, kUniqKey, id);
    }
    protocol::FinishBatchEntry(at, properties, end);
    at = end;
    if (i > 0) *id_at++ = ',';
    std::memcpy(id_at, id.data(), id.size());
    id_at += id.size();
  }
  prepared->topic = WrapNamespace(config.name_space, first.topic());
  prepared->user_topic = first.topic();
  prepared->batch = true;
  prepared->born_timestamp = clock::WallMillis();
  protocol::AppendProperty(&prepared->properties, mc::kPropertyWaitStoreMsgOk,
                           first_waits ? "true" : "false");
  return prepared;
}

remoting::RemotingCommand BuildSendRequest(const std::shared_ptr<const PreparedMessage>& message,
                                           const ProducerConfig& config,
                                           const MessageQueue& queue) {
  protocol::SendMessageRequestHeaderView header;
  header.producer_group = config.group;
  header.topic = message->topic;
  header.default_topic = config.create_topic_key;
  header.default_topic_queue_nums = config.default_topic_queue_nums;
  header.queue_id = queue.queue_id;
  header.sys_flag = message->sys_flag;
  header.born_timestamp = message->born_timestamp;
  header.flag = message->flag;
  header.properties = message->properties;
  header.reconsume_times = 0;    // what Java sends for messages that are not retries
  std::string retry_properties;  // viewed by header until it is written
  if (protocol::topic::IsRetryTopic(message->topic)) {
    MoveRetryCountsToHeader(&header, &retry_properties);
  }
  header.batch = message->batch;
  header.broker_name = queue.broker_name;
  auto request = remoting::RemotingCommand::CreateRequest(
      message->batch   ? protocol::RequestCode::kSendBatchMessage
      : message->reply ? protocol::RequestCode::kSendReplyMessageV2
                       : protocol::RequestCode::kSendMessageV2);
  std::string ext_fields;
  header.AppendBinaryV2(&ext_fields);
  request.set_binary_ext_fields(std::move(ext_fields));
  request.mutable_body()->AppendReference(message->body.data(), message->body.size(), message);
  return request;
}

bool IsStoredResponseCode(int32_t code) {
  return code == rc::kSuccess || code == rc::kFlushDiskTimeout || code == rc::kFlushSlaveTimeout ||
         code == rc::kSlaveNotAvailable;
}

bool IsRetryableResponseCode(int32_t code) {
  switch (code) {
    case rc::kTopicNotExist:
    case rc::kServiceNotAvailable:
    case rc::kSystemError:
    case rc::kSystemBusy:
    case rc::kNoPermission:
    case rc::kNoBuyerId:
    case rc::kNotInCurrentUnit:
    case rc::kGoAway:
      return true;
    default:
      return false;
  }
}

namespace {

// ParseSendResponse, into *result.
Status ReadSendResponse(const remoting::RemotingCommand& response, const PreparedMessage& message,
                        const MessageQueue& queue, const std::string& broker_address, MessageId id,
                        SendResult* result) {
  const int32_t code = response.code();
  if (!IsStoredResponseCode(code)) {
    return Status::BrokerError("broker " + queue.broker_name + " (" + broker_address +
                               ") answered " + std::to_string(code) + " " +
                               protocol::ResponseCodeName(code) + ": " +
                               response.remark().value_or(""));
  }
  switch (code) {
    case rc::kFlushDiskTimeout:
      result->status = SendStatus::kFlushDiskTimeout;
      break;
    case rc::kFlushSlaveTimeout:
      result->status = SendStatus::kFlushSlaveTimeout;
      break;
    case rc::kSlaveNotAvailable:
      result->status = SendStatus::kSlaveNotAvailable;
      break;
    default:
      result->status = SendStatus::kSendOk;
      break;
  }
  // Read straight off the answer's header bytes: decoding them into a map of strings cost
  // ~1.5k instructions per send, for five fields. One pass rather than a lookup per field:
  // with the generic reader (remoting::DecodeCommandHeader, its keys compared as views, the
  // header read in place) ParseSendResponse cost ~1.63k instructions against ~1.19k with
  // this walk: its views walk (~400) and per-field lookups and strings (~700) over six
  // fields cost more than one pass picking five.
  std::optional<std::string_view> msg_id;
  std::optional<std::string_view> queue_id;
  std::optional<std::string_view> queue_offset;
  std::optional<std::string_view> transaction_id;
  std::optional<std::string_view> region;
  Status read =
      remoting::ForEachExtField(response, [&](std::string_view key, std::string_view value) {
        std::optional<std::string_view>* slot = key == "msgId"           ? &msg_id
                                                : key == "queueId"       ? &queue_id
                                                : key == "queueOffset"   ? &queue_offset
                                                : key == "transactionId" ? &transaction_id
                                                : key == protocol::kSendResponseMsgRegion ? &region
                                                                                          : nullptr;
        if (slot != nullptr) *slot = value;
      });
  int32_t queue_id_value = 0;
  int64_t queue_offset_value = 0;
  if (!read.ok() || !msg_id || !queue_id || !queue_offset ||
      // Short enough for std::string's inline buffer: no allocation.
      !protocol::ParseHeaderValue(std::string(*queue_id), &queue_id_value) ||
      !protocol::ParseHeaderValue(std::string(*queue_offset), &queue_offset_value)) {
    // SendMessageResponseHeader::Decode words what is wrong.
    Status malformed = protocol::SendMessageResponseHeader::Decode(response.ext_fields()).status();
    if (malformed.ok()) malformed = Status::InvalidArgument("unreadable SendMessageResponseHeader");
    return malformed.WithContext("broker " + queue.broker_name + " (" + broker_address +
                                 ") stored the message but its answer is malformed");
  }
  if (id == MessageId::kTake) {
    result->message_id = std::move(message.message_id);
  } else {
    result->message_id = message.message_id;
  }
  // Built then moved: assigning a view goes through std::string's general replace.
  result->offset_message_id = std::string(*msg_id);
  result->queue.topic = message.user_topic;
  result->queue.broker_name = queue.broker_name;
  result->queue.queue_id = queue_id_value;
  result->queue_offset = queue_offset_value;
  if (transaction_id) result->transaction_id = std::string(*transaction_id);
  if (region) result->region_id = std::string(*region);
  return Status::OK();
}

}  // namespace

Result<SendResult> ParseSendResponse(remoting::RemotingCommand& response,
                                     const PreparedMessage& message, const MessageQueue& queue,
                                     const std::string& broker_address, MessageId id) {
  // Filled in place and returned by name (one return: copy elision): building a SendResult
  // and moving it into the Result moved its six strings twice per send.
  Result<SendResult> parsed = SendResult{};
  Status read = ReadSendResponse(response, message, queue, broker_address, id, &*parsed);
  if (!read.ok()) parsed = std::move(read);
  return parsed;
}

}  // namespace client
}  // namespace rocketmq
