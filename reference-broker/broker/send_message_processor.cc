#include "broker/send_message_processor.h"

#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "broker/broker_controller.h"
#include "broker/dead_letter.h"
#include "broker/schedule/schedule_topic.h"
#include "broker/timer/timer_message.h"
#include "broker/topic_validator.h"
#include "broker/transaction/half_message.h"
#include "broker/transaction/prepare_message.h"
#include "common/clock.h"
#include "common/logging.h"
#include "protocol/batch_body.h"
#include "protocol/crc32.h"
#include "protocol/header_codec.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "store/dispatch_request.h"
#include "store/put_message_result.h"

namespace rocketmq {
namespace broker {
namespace {

using protocol::ResponseCode::kMessageIllegal;
using protocol::ResponseCode::kNoPermission;
using protocol::ResponseCode::kSystemError;
using remoting::RemotingCommand;
namespace perm = protocol::PermName;
namespace mc = protocol::MessageConst;

RemotingCommand Error(int32_t code, std::string remark) {
  return RemotingCommand::CreateResponse(code, std::move(remark));
}

int32_t RandomBelow(int32_t bound) {
  thread_local std::mt19937 rng(std::random_device{}());
  return bound <= 0 ? 0 : static_cast<int32_t>(rng() % static_cast<uint32_t>(bound));
}

// The connection's address as a record's born host. Parsing the text cost about as much as
// the send's header checks; a thread's sends mostly come from the connection of the one
// before, so it keeps its last. Connection ids are never reused within the process.
protocol::HostAddress BornHost(const remoting::Connection& connection) {
  struct Last {
    uint64_t connection_id = 0;
    protocol::HostAddress host;
  };
  thread_local Last last;
  if (last.connection_id != connection.id()) {
    auto parsed = protocol::HostAddress::Parse(connection.remote_address());
    last.host = parsed.ok() ? *parsed : protocol::HostAddress{};
    last.connection_id = connection.id();
  }
  return last.host;
}

// The destination after the checks: topic config and queue.
struct Target {
  // Shared with the topic table's per-thread cache, not copied per send.
  std::shared_ptr<const protocol::TopicConfig> topic;
  int32_t queue_id = 0;
  int32_t reconsume_times = 0;
};

struct Response {
  int32_t code;
  std::string remark;
  bool stored;
};

Response MapPutStatus(const store::PutMessageResult& r) {
  using store::PutMessageStatus;
  namespace rc = protocol::ResponseCode;
  const std::string detail = r.error.ok() ? std::string() : " (" + r.error.message() + ")";
  switch (r.status) {
    case PutMessageStatus::kPutOk:
      return {rc::kSuccess, "", true};
    case PutMessageStatus::kFlushDiskTimeout:
      return {rc::kFlushDiskTimeout, "the message is stored but was not flushed in time" + detail,
              true};
    case PutMessageStatus::kFlushSlaveTimeout:
      return {rc::kFlushSlaveTimeout,
              "the message is stored but the slave did not confirm it" + detail, true};
    case PutMessageStatus::kSlaveNotAvailable:
      return {rc::kSlaveNotAvailable, "the message is stored but no slave is available" + detail,
              true};
    case PutMessageStatus::kCreateMappedFileFailed:
      return {rc::kSystemError, "create mapped file failed, server is busy or broken" + detail,
              false};
    case PutMessageStatus::kMessageIllegal:
    case PutMessageStatus::kPropertiesSizeExceeded:
      return {rc::kMessageIllegal,
              "the message is illegal, maybe msg body or properties length not matched" + detail,
              false};
    case PutMessageStatus::kServiceNotAvailable:
      return {rc::kServiceNotAvailable,
              "service not available now: the disk may be full, the store shut down or "
              "broken" +
                  detail,
              false};
    case PutMessageStatus::kOsPageCacheBusy:
      return {rc::kSystemError, "[PC_SYNCHRONIZED]broker busy, start flow control for a while",
              false};
    case PutMessageStatus::kUnknownError:
      break;
  }
  return {rc::kSystemError, "UNKNOWN_ERROR" + detail, false};
}

// What a batch entry grows by as a record, besides its topic and cluster name: the record's
// fixed fields with IPv6 hosts, CLUSTER's name and separators, a generated UNIQ_KEY.
constexpr size_t kRecordExtraBytes = 192;

using PropertyEntry = std::pair<std::string_view, std::string_view>;

// The properties of a message rewritten as DecodeMessageProperties + EncodeMessageProperties
// would (Apache's leniency, the last of a repeated name, names in byte order) with UNIQ_KEY
// ensured and CLUSTER set, but over views of the sent string instead of a map of strings:
// the common send's properties cost one allocation. A single message (`single`) is neither
// delayed, timed nor marked TRAN_MSG (else nullopt, nothing written: it needs the general
// path) and loses WAIT, whose value goes to `*wait` (untouched without one); a message of a
// batch keeps both and takes each of `defaults` (its batch's properties, sorted, unique) it
// has no value of its own for. Nullopt as well past 32 properties. Returns the properties,
// written at the start of `*out`; `spans` tells the dispatcher where in them the values of
// KEYS, UNIQ_KEY and TAGS are.
std::optional<std::string_view> RewritePlainProperties(
    std::string_view encoded, std::string_view cluster, bool single,
    const std::vector<PropertyEntry>& defaults, const std::function<std::string()>& new_uniq_key,
    std::string* out, std::string* uniq_key, store::IndexedPropertySpans* spans,
    std::string_view* wait = nullptr) {
  using Entry = PropertyEntry;
  constexpr size_t kMaxEntries = 32;
  if (defaults.size() > kMaxEntries) return std::nullopt;
  // This thread's vector, which keeps its capacity: a local array of 32 entries was
  // zero-filled for every message (a third of this function's time at full speed).
  thread_local std::vector<Entry> t_entries;
  std::vector<Entry>& entries = t_entries;
  // The defaults come first: the stable sort keeps a message's own value of a name after
  // its batch's, and the last one wins.
  entries.assign(defaults.begin(), defaults.end());
  for (size_t index = 0; index < encoded.size();) {
    size_t end = encoded.find(mc::kPropertySeparator, index);
    if (end == std::string_view::npos) end = encoded.size();
    const std::string_view segment = encoded.substr(index, end - index);
    index = end + 1;
    const size_t sep = segment.find(mc::kNameValueSeparator);
    if (sep == std::string_view::npos || sep == 0 || sep + 1 >= segment.size()) continue;
    const std::string_view name = segment.substr(0, sep);
    if (entries.size() == kMaxEntries ||
        (single && (name == mc::kPropertyDelayTimeLevel || name.substr(0, 6) == "TIMER_" ||
                    name == mc::kPropertyTransactionPrepared))) {
      return std::nullopt;
    }
    entries.emplace_back(name, segment.substr(sep + 1));
  }
  const size_t n = entries.size();
  // Stable insertion sort: of a repeated name the last stays last.
  for (size_t i = 1; i < n; ++i) {
    const Entry e = entries[i];
    size_t j = i;
    for (; j > 0 && e.first < entries[j - 1].first; --j) entries[j] = entries[j - 1];
    entries[j] = e;
  }
  std::string_view uniq;
  size_t size = cluster.size() + 9;  // CLUSTER, two separators
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 < n && entries[i + 1].first == entries[i].first) continue;
    size += entries[i].first.size() + entries[i].second.size() + 2;
    if (entries[i].first == mc::kPropertyUniqClientMessageIdKeyidx) uniq = entries[i].second;
  }
  std::string generated;
  if (uniq.empty()) {
    generated = new_uniq_key();
    size += generated.size() + 10;  // UNIQ_KEY, two separators
  }
  // Written in place: `size` bounds what follows (a WAIT or CLUSTER sent is counted but
  // left out). The scratch is never cut to what was written: only a message larger than
  // all before it on the thread zero-fills anything.
  if (out->size() < size) out->resize(size);
  char* const begin = out->data();
  char* at = begin;
  *spans = store::IndexedPropertySpans{};
  spans->known = true;
  // Writes a property, noting where the value of an indexed one lands.
  auto append = [begin, &at, spans](std::string_view name, std::string_view value) {
    store::IndexedPropertySpans::Span* span = nullptr;
    if (name == mc::kPropertyKeys) {
      span = &spans->keys;
    } else if (name == mc::kPropertyUniqClientMessageIdKeyidx) {
      span = &spans->uniq_key;
    } else if (name == mc::kPropertyTags) {
      span = &spans->tags;
    }
    if (span != nullptr) {
      span->at = static_cast<uint32_t>(at - begin + name.size() + 1);
      span->size = static_cast<uint32_t>(value.size());
    }
    at = protocol::WriteProperty(at, name, value);
  };
  // Walks the sorted entries, placing CLUSTER and a generated UNIQ_KEY where a map would.
  bool cluster_done = false;
  bool uniq_done = generated.empty();
  auto emit_extras_before = [&](std::string_view name) {
    if (!cluster_done && std::string_view(mc::kPropertyCluster) <= name) {
      append(mc::kPropertyCluster, cluster);
      cluster_done = true;
    }
    if (!uniq_done && std::string_view(mc::kPropertyUniqClientMessageIdKeyidx) < name) {
      append(mc::kPropertyUniqClientMessageIdKeyidx, generated);
      uniq_done = true;
    }
  };
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 < n && entries[i + 1].first == entries[i].first) continue;
    const std::string_view name = entries[i].first;
    emit_extras_before(name);
    if (single && name == mc::kPropertyWaitStoreMsgOk) {
      if (wait != nullptr) *wait = entries[i].second;
      continue;
    }
    if (name == mc::kPropertyCluster) continue;
    append(name, entries[i].second);
  }
  if (!cluster_done) append(mc::kPropertyCluster, cluster);
  if (!uniq_done) append(mc::kPropertyUniqClientMessageIdKeyidx, generated);
  if (uniq_key != nullptr) *uniq_key = generated.empty() ? std::string(uniq) : std::move(generated);
  return std::string_view(begin, static_cast<size_t>(at - begin));
}

// What the buffer of an answer's msgId keeps between answers: the ids of a batch of 256.
constexpr size_t kMaxKeptMsgIdBytes = 256 * 33;

// Room for the answer's keys (MSG_REGION, TRACE_ON, msgId, queueId, queueOffset and
// transactionId: 54 bytes), their lengths (36), the two numbers and TRACE_ON's value (at
// most 36); the strings come on top.
constexpr size_t kSendAnswerFixedBytes = 54 + 36 + 36;
// What the buffer of an answer's header fields keeps between answers: those of a batch of 256.
constexpr size_t kMaxKeptAnswerBytes = kMaxKeptMsgIdBytes + 1024;

// The bytes of a send answer's binary header fields, written here and lent to the answer
// while it is encoded and sent: this thread's buffer keeps its capacity from answer to answer
// (an allocation and a free per answer spared).
std::string& AnswerFieldsScratch() {
  thread_local std::string scratch;
  return scratch;
}

// Where a message's rewritten properties wait to be copied into its record: this thread's
// buffer keeps its capacity from send to send (an allocation per send spared); properties
// are at most 32 KiB.
std::string& PropertiesScratch() {
  thread_local std::string scratch;
  return scratch;
}

// The records a send encoded, as EncodeMessageRecord describes them: the store copies them
// during PutMessage, so each send on a thread reuses the buffer of the one before (an
// allocation per send spared), and its entries too: EncodeMessageRecord overwrites them
// whole (constructing each again zero-filled it). A large batch's buffer is not held on to.
std::vector<protocol::MessageRecord>& EncodedScratch() {
  thread_local std::vector<protocol::MessageRecord> scratch;
  return scratch;
}
constexpr size_t kMaxKeptEncodedRecords = 256;

class Sender {
 public:
  Sender(BrokerController* broker, const std::shared_ptr<remoting::Connection>& connection,
         RemotingCommand& request)
      : broker_(broker), connection_(connection), request_(request), encoded_(EncodedScratch()) {}
  ~Sender() {
    if (encoded_.capacity() > kMaxKeptEncodedRecords) {
      std::vector<protocol::MessageRecord>().swap(encoded_);
    }
  }
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // Decode() then RunDecoded().
  remoting::ProcessResult Run();
  // Decodes the request's header into header(); the error answer when it does not decode.
  std::optional<RemotingCommand> Decode();
  // Views of the request's header fields: valid while the request lives and is not changed.
  const protocol::SendMessageRequestHeaderView& header() const { return header_; }
  // Checks, builds and stores the send whose header Decode() read.
  remoting::ProcessResult RunDecoded();

 private:
  // Checks permissions, the topic and the queue; fills target_ or returns the error.
  std::optional<RemotingCommand> Check();
  std::optional<RemotingCommand> HandleRetryAndDlq();
  // Builds the records; fills records_, first_uniq_key_ and, for a batch, record_sizes_.
  std::optional<RemotingCommand> BuildSingle();
  std::optional<RemotingCommand> BuildBatch();
  // Appends the record of one message to records_. `transactional`: the send carries a
  // transactional message (its properties as sent say so).
  Status Encode(int32_t flag, std::string_view body, protocol::MessageProperties props,
                bool transactional, int32_t sys_flag, std::string* uniq_key);
  // Appends one record with its final properties, topic and queue to records_.
  Status EncodeRecord(int32_t flag, std::string_view body, std::string_view encoded_props,
                      int32_t sys_flag, std::string_view topic_name, int32_t queue_id);
  void Store();

  BrokerController* const broker_;
  const std::shared_ptr<remoting::Connection> connection_;
  RemotingCommand& request_;
  protocol::SendMessageRequestHeaderView header_;
  Target target_;
  // The target topic filters by several tags (its records get kMultiTagsFlag).
  bool multi_tags_ = false;
  protocol::HostAddress born_host_;
  std::string records_;
  // Each record as encoded into records_, for the store not to decode it again; usable
  // only while records_ was neither reallocated nor rewritten after the first record.
  // This thread's EncodedScratch(): one Sender runs at a time on a thread. Its first
  // encoded_count_ entries are this send's; those after, a previous send's.
  std::vector<protocol::MessageRecord>& encoded_;
  size_t encoded_count_ = 0;
  // What every record of the send is encoded from; EncodeRecord sets the fields that differ
  // (a record constructed per message was zero-filled each time).
  protocol::MessageRecord record_;
  bool encoded_in_place_ = true;
  // A batch's record sizes; a single send's one record is all of records_ (an allocation per
  // send spared).
  std::vector<int32_t> record_sizes_;
  // Where each record's indexed properties are, for the dispatcher: a batch's in
  // property_spans_, a single send's in single_spans_ (no allocation per send).
  std::vector<store::IndexedPropertySpans> property_spans_;
  store::IndexedPropertySpans single_spans_;
  std::string first_uniq_key_;
  bool wait_store_ok_ = true;
  // Set by Encode when a timer message is refused (answered with 5.x's code and remark).
  std::optional<timer::TimerRefusal> timer_refusal_;
};

std::optional<RemotingCommand> Sender::Decode() {
  // Views of a binary header's bytes or of a JSON header's map, which stay as they are
  // until the send is stored (nothing reads the request's extFields meanwhile).
  const std::string* ext_fields_bytes = request_.binary_ext_fields();
  auto header = ext_fields_bytes != nullptr
                    ? protocol::SendMessageRequestHeaderView::DecodeBinaryForRequestCode(
                          request_.code(), *ext_fields_bytes)
                    : protocol::SendMessageRequestHeaderView::DecodeForRequestCode(
                          request_.code(), request_.ext_fields());
  if (!header.ok()) return Error(kSystemError, header.status().message());
  header_ = *header;
  return std::nullopt;
}

remoting::ProcessResult Sender::Run() {
  if (auto error = Decode()) return std::move(*error);
  return RunDecoded();
}

remoting::ProcessResult Sender::RunDecoded() {
  if (auto error = Check()) return std::move(*error);
  if (auto error = HandleRetryAndDlq()) return std::move(*error);

  born_host_ = BornHost(*connection_);
  // Compared once, not per message of a batch.
  multi_tags_ = target_.topic->topic_filter_type == protocol::kTopicFilterTypeMultiTag;

  const bool batch = header_.batch || request_.code() == protocol::RequestCode::kSendBatchMessage;
  if (auto error = batch ? BuildBatch() : BuildSingle()) return std::move(*error);
  Store();
  return remoting::ProcessResult::Deferred();
}

std::optional<RemotingCommand> Sender::Check() {
  const int32_t permission = broker_->live().permission();
  if (!perm::IsWriteable(permission)) {
    return Error(kNoPermission, "the broker[" + broker_->BrokerAddr() +
                                    "] sending message is forbidden (brokerPermission " +
                                    std::to_string(permission) + ")");
  }
  if (broker_->is_slave()) {
    return Error(protocol::ResponseCode::kServiceNotAvailable,
                 "the broker[" + broker_->BrokerAddr() + "] is a slave and cannot take messages");
  }
  Status valid = topic::Validate(header_.topic);
  if (!valid.ok()) return Error(kSystemError, valid.message());
  if (topic::IsNotAllowedSendTopic(header_.topic)) {
    return Error(kNoPermission,
                 "sending message to topic[" + std::string(header_.topic) + "] is forbidden");
  }

  TopicConfigManager& topics = broker_->topic_config_manager();
  target_.topic = topics.FindCached(header_.topic);
  if (!target_.topic) {
    const int32_t sys_flag = header_.unit_mode ? 1 : 0;
    std::optional<protocol::TopicConfig> created;
    const std::string topic(header_.topic);
    if (topic::IsRetryTopic(topic)) {
      created = topics.CreateTopicIfAbsent(topic, 1, perm::kPermRead | perm::kPermWrite, sys_flag);
    } else {
      created = topics.CreateTopicInSendMessageMethod(topic, std::string(header_.default_topic),
                                                      header_.default_topic_queue_nums, sys_flag);
    }
    if (!created) {
      return Error(protocol::ResponseCode::kTopicNotExist,
                   "topic[" + topic + "] not exist, apply first please!");
    }
    target_.topic = std::make_shared<const protocol::TopicConfig>(std::move(*created));
  }
  if (!perm::IsWriteable(target_.topic->perm)) {
    return Error(kNoPermission,
                 "the topic[" + std::string(header_.topic) + "] sending message is forbidden");
  }
  const int32_t limit = std::max(target_.topic->write_queue_nums, target_.topic->read_queue_nums);
  if (header_.queue_id >= limit) {
    return Error(kSystemError, "request queueId[" + std::to_string(header_.queue_id) +
                                   "] is illegal: topic " + std::string(header_.topic) + " has " +
                                   std::to_string(limit) + " queues");
  }
  if (target_.topic->write_queue_nums <= 0) {
    return Error(kNoPermission, "topic[" + std::string(header_.topic) + "] has no writable queue");
  }
  target_.queue_id =
      header_.queue_id < 0 ? RandomBelow(target_.topic->write_queue_nums) : header_.queue_id;
  return std::nullopt;
}

std::optional<RemotingCommand> Sender::HandleRetryAndDlq() {
  target_.reconsume_times = header_.reconsume_times.value_or(0);
  if (!topic::IsRetryTopic(header_.topic)) return std::nullopt;
  const std::string group(header_.topic.substr(std::strlen(topic::kRetryGroupTopicPrefix)));
  auto group_config = broker_->subscription_group_manager().FindOrCreate(group);
  if (!group_config) {
    return Error(protocol::ResponseCode::kSubscriptionGroupNotExist,
                 "subscription group not exist, " + group);
  }
  const int32_t max_reconsume =
      MaxReconsumeTimes(*group_config, request_.version(), header_.max_reconsume_times);
  // Apache 4.9's `>=`: a Java orderly consumer giving up re-sends with reconsumeTimes equal to
  // the maximum and expects the DLQ (dev's `>` would loop it through %RETRY% forever).
  if (target_.reconsume_times < max_reconsume) return std::nullopt;
  target_.topic = std::make_shared<const protocol::TopicConfig>(
      EnsureDlqTopic(&broker_->topic_config_manager(), group));
  RMQ_LOG_INFO << "message to " << header_.topic << " was reconsumed " << target_.reconsume_times
               << " times (max " << max_reconsume << "); sending it to "
               << target_.topic->topic_name;
  target_.queue_id = RandomBelow(target_.topic->write_queue_nums);
  return std::nullopt;
}

Status Sender::Encode(int32_t flag, std::string_view body, protocol::MessageProperties props,
                      bool transactional, int32_t sys_flag, std::string* uniq_key) {
  auto uniq = props.find(mc::kPropertyUniqClientMessageIdKeyidx);
  if (uniq == props.end() || uniq->second.empty()) {
    uniq =
        props
            .insert_or_assign(mc::kPropertyUniqClientMessageIdKeyidx, broker_->unique_keys().Next())
            .first;
  }
  *uniq_key = uniq->second;
  props[mc::kPropertyCluster] = broker_->config().broker_cluster_name;
  std::string topic_name = target_.topic->topic_name;
  int32_t queue_id = target_.queue_id;
  // A delayed message waits in SCHEDULE_TOPIC_XXXX; the messages of a batch never do.
  if (!header_.batch && request_.code() != protocol::RequestCode::kSendBatchMessage) {
    auto delayed = schedule::MoveToScheduleTopic(broker_->schedule_service().levels(), sys_flag,
                                                 &props, &topic_name, &queue_id);
    if (!delayed.ok()) return delayed.status();
    const timer::TimerDecision timed = timer::MoveToTimerTopic(
        broker_->timer_settings(), clock::WallMillis(), sys_flag, &props, &topic_name, &queue_id);
    if (timed.refusal) {
      timer_refusal_ = timed.refusal;
      return Status::InvalidArgument(
          timer::RefusalRemark(broker_->timer_settings(), *timed.refusal));
    }
    // Apache 4.9 stores a single message without WAIT (nine bytes a message); delayed and
    // half messages keep it because Apache re-encodes their properties after putting it back.
    if (!*delayed && !timed.parked && !transactional) {
      props.erase(mc::kPropertyWaitStoreMsgOk);
    }
  }
  return EncodeRecord(flag, body, protocol::EncodeMessageProperties(props), sys_flag, topic_name,
                      queue_id);
}

Status Sender::EncodeRecord(int32_t flag, std::string_view body, std::string_view encoded_props,
                            int32_t sys_flag, std::string_view topic_name, int32_t queue_id) {
  if (encoded_props.size() > mc::kMaxPropertiesLength) {
    return Status::InvalidArgument("the message properties are " +
                                   std::to_string(encoded_props.size()) +
                                   " bytes long; at most 32767 are allowed");
  }
  if (static_cast<int64_t>(body.size()) > broker_->store_config().max_message_size) {
    return Status::InvalidArgument("the message body is " + std::to_string(body.size()) +
                                   " bytes long; maxMessageSize is " +
                                   std::to_string(broker_->store_config().max_message_size));
  }
  if (multi_tags_) sys_flag |= protocol::MessageSysFlag::kMultiTagsFlag;
  protocol::MessageRecord& record = record_;
  record.body_crc = protocol::MaskedCrc32(body);
  record.queue_id = queue_id;
  record.flag = flag;
  record.sys_flag = sys_flag;
  record.born_timestamp = header_.born_timestamp;
  record.born_host = born_host_;
  record.store_host = broker_->store_host();
  record.reconsume_times = target_.reconsume_times;
  record.body = body;
  record.topic = topic_name;
  record.properties = encoded_props;
  const size_t at = records_.size();
  const size_t size = protocol::EncodedMessageRecordSize(record);
  if (at + size > records_.capacity()) encoded_in_place_ = encoded_in_place_ && at == 0;
  records_.resize(at + size);
  if (encoded_count_ == encoded_.size()) encoded_.emplace_back();
  auto encoded =
      protocol::EncodeMessageRecord(record, &records_[at], size, &encoded_[encoded_count_]);
  if (!encoded.ok()) {
    records_.resize(at);
    return encoded.status();
  }
  ++encoded_count_;
  return Status::OK();
}

std::optional<RemotingCommand> Sender::BuildSingle() {
  const std::string_view properties = header_.properties.value_or(std::string_view());
  const std::string& body = request_.body().owned();
  // The plain rewrite walks the properties once, WAIT included, and refuses TRAN_MSG; only
  // what it refuses is looked at again (a half message by its sys flag alone is asked first).
  bool transactional = false;
  std::string& properties_scratch = PropertiesScratch();
  Status encoded;
  std::string_view wait;
  std::optional<std::string_view> plain;
  if (!transaction::IsTransactionalSend(std::string_view(), header_.sys_flag)) {
    plain = RewritePlainProperties(
        properties, broker_->config().broker_cluster_name, true, {},
        [this] { return broker_->unique_keys().Next(); }, &properties_scratch, &first_uniq_key_,
        &single_spans_, &wait);
  }
  if (plain) {
    if (!wait.empty()) wait_store_ok_ = wait != "false";
    encoded = EncodeRecord(header_.flag, body, *plain, header_.sys_flag, target_.topic->topic_name,
                           target_.queue_id);
  } else {
    if (auto found = protocol::FindProperty(properties, mc::kPropertyWaitStoreMsgOk)) {
      wait_store_ok_ = *found != "false";
    }
    transactional = transaction::IsTransactionalSend(properties, header_.sys_flag);
    encoded = Encode(header_.flag, body, protocol::DecodeMessageProperties(properties),
                     transactional, header_.sys_flag, &first_uniq_key_);
  }
  if (timer_refusal_) {
    return Error(
        *timer_refusal_ == timer::TimerRefusal::kNotEnabled ? kSystemError : kMessageIllegal,
        encoded.message());
  }
  if (!encoded.ok()) return Error(kMessageIllegal, encoded.message());
  // A plain message skips the step: it would only look the property up again, after
  // formatting the broker's address for a refusal it cannot get.
  if (!transactional) return std::nullopt;
  encoded_in_place_ = false;  // the half message's record is rewritten
  return transaction::PrepareMessage(broker_->live().reject_transactions(), broker_->BrokerAddr(),
                                     properties, header_.sys_flag, &records_);
}

std::optional<RemotingCommand> Sender::BuildBatch() {
  if (topic::IsRetryTopic(header_.topic)) {
    return Error(kMessageIllegal,
                 "batch request does not support retry group " + std::string(header_.topic));
  }
  auto entries = protocol::DecodeBatchBody(request_.body().owned());
  if (!entries.ok()) return Error(kMessageIllegal, entries.status().message());
  if (entries->empty()) return Error(kMessageIllegal, "the batch holds no message");
  // The batch's own properties (WAIT, ...) apply to every message; a batch-level UNIQ_KEY
  // would override each message's own (the bug Apache fixed in develop), so it is dropped.
  protocol::MessageProperties batch_props =
      protocol::DecodeMessageProperties(header_.properties.value_or(std::string_view()));
  batch_props.erase(mc::kPropertyUniqClientMessageIdKeyidx);
  auto wait = batch_props.find(mc::kPropertyWaitStoreMsgOk);
  if (wait != batch_props.end()) wait_store_ok_ = wait->second != "false";
  const std::vector<PropertyEntry> defaults(batch_props.begin(), batch_props.end());
  const std::string& cluster = broker_->config().broker_cluster_name;
  const std::function<std::string()> new_uniq_key = [this] {
    return broker_->unique_keys().Next();
  };
  // Batches never carry transactional messages: the type bits are cleared.
  const int32_t sys_flag = header_.sys_flag & ~protocol::MessageSysFlag::kTransactionTypeMask;
  // Room for every record at once: each is its entry grown by the fixed fields, the topic,
  // CLUSTER and maybe a UNIQ_KEY; growing by doubling copied the records written so far. In
  // a buffer the store is done with, when it has one.
  records_ = broker_->store()->TakeRecordsBuffer();
  records_.reserve(request_.body().owned().size() +
                   entries->size() *
                       (kRecordExtraBytes + target_.topic->topic_name.size() + cluster.size()));
  record_sizes_.reserve(entries->size());
  encoded_.reserve(entries->size());
  property_spans_.resize(entries->size());
  std::string& properties_scratch = PropertiesScratch();
  for (size_t i = 0; i < entries->size(); ++i) {
    const protocol::BatchEntry& entry = (*entries)[i];
    const size_t record_at = records_.size();
    Status encoded;
    if (const std::optional<std::string_view> plain = RewritePlainProperties(
            entry.properties, cluster, false, defaults, new_uniq_key, &properties_scratch,
            i == 0 ? &first_uniq_key_ : nullptr, &property_spans_[i])) {
      encoded = EncodeRecord(entry.flag, entry.body, *plain, sys_flag, target_.topic->topic_name,
                             target_.queue_id);
    } else {
      protocol::MessageProperties props = protocol::DecodeMessageProperties(entry.properties);
      for (const auto& [k, v] : batch_props) props.emplace(k, v);
      std::string uniq;
      encoded = Encode(entry.flag, entry.body, std::move(props), false, sys_flag, &uniq);
      if (i == 0) first_uniq_key_ = std::move(uniq);
    }
    if (!encoded.ok()) {
      return Error(kMessageIllegal,
                   "message " + std::to_string(i) + " of the batch: " + encoded.message());
    }
    record_sizes_.push_back(static_cast<int32_t>(records_.size() - record_at));
  }
  return std::nullopt;
}

void Sender::Store() {
  BrokerController* broker = broker_;
  // What the answer needs of the request; the records' sizes and the key move into the
  // callback rather than being copied per message.
  const int32_t opaque = request_.opaque();
  const bool oneway = request_.IsOneway();
  const remoting::SerializeType form = request_.serialize_type();
  const int32_t queue_id = target_.queue_id;
  const auto record_count = static_cast<int64_t>(record_sizes_.empty() ? 1 : record_sizes_.size());
  const auto record_bytes = static_cast<int64_t>(records_.size());
  // Read before the callback takes record_sizes_.
  const store::IndexedPropertySpans* spans =
      record_sizes_.empty() ? &single_spans_ : property_spans_.data();
  const size_t span_count = record_sizes_.empty() ? 1 : property_spans_.size();
  const bool encoded = encoded_in_place_ && encoded_count_ == span_count;
  const BrokerStats::PutItems stats = broker_->stats().TopicPut(target_.topic->topic_name);
  broker_->store()->PutMessage(
      std::move(records_), wait_store_ok_,
      [broker, connection = connection_, opaque, oneway, form, queue_id, record_count, record_bytes,
       sizes = std::move(record_sizes_), uniq_key = std::move(first_uniq_key_),
       stats](const store::PutMessageResult& r) mutable {
        const Response mapped = MapPutStatus(r);
        if (mapped.stored) {
          broker->put_message_count.fetch_add(record_count);
          broker->stats().OnStored(stats, record_count, record_bytes);
        } else {
          RMQ_LOG_WARN << "storing a message from " << connection->remote_address()
                       << " failed: " << store::PutMessageStatusName(r.status) << " "
                       << r.error.message();
        }
        if (oneway) return;
        RemotingCommand response = RemotingCommand::CreateResponse(
            mapped.code,
            mapped.remark.empty() ? std::nullopt : std::optional<std::string>(mapped.remark));
        if (mapped.stored) {
          // Only read while the answer is built: this thread's buffer keeps its capacity
          // (an allocation per answer spared).
          thread_local std::string msg_id;
          msg_id.clear();
          int64_t offset = r.wrote_offset;
          protocol::AppendOffsetMessageId(broker->store_host(), offset, &msg_id);
          for (size_t i = 1; i < static_cast<size_t>(record_count); ++i) {
            offset = i < r.record_offsets.size() ? r.record_offsets[i] : offset + sizes[i - 1];
            protocol::AppendNextOffsetMessageId(broker->store_host(), offset, &msg_id);
          }
          protocol::SendMessageResponseHeaderView header;
          header.msg_id = msg_id;
          header.queue_id = queue_id;
          header.queue_offset = r.queue_offset;
          header.transaction_id = uniq_key;
          const std::string& region = broker->config().region_id;
          const bool trace_on = broker->config().trace_on;
          if (form == remoting::SerializeType::kRocketMQ) {
            // Written as the binary header's bytes, as a producer writes its request: the
            // map cost a pair, a number string and a sorted insert per field. The buffer is
            // this thread's, lent to the answer until it is sent.
            std::string bytes = std::move(AnswerFieldsScratch());
            bytes.clear();
            protocol::BinaryHeaderWriter writer(
                &bytes, kSendAnswerFixedBytes + region.size() + msg_id.size() + uniq_key.size());
            protocol::VisitSendAnswer(region, trace_on, header, writer);
            writer.Finish();
            response.set_binary_ext_fields(std::move(bytes));
          } else {
            protocol::HeaderWriter writer;
            protocol::VisitSendAnswer(region, trace_on, header, writer);
            response.set_ext_fields(writer.Take());
          }
          // A large batch's ids are not held on to.
          if (msg_id.capacity() > kMaxKeptMsgIdBytes) msg_id = std::string();
        }
        response.set_opaque(opaque);
        response.MarkResponse();
        response.set_serialize_type(form);
        Status s = connection->Send(response);
        if (!s.ok()) {
          RMQ_LOG_DEBUG << "cannot answer a send of " << connection->remote_address() << ": "
                        << s.message();
        }
        if (response.binary_ext_fields() != nullptr) {
          std::string bytes = response.TakeBinaryExtFields();
          // A large batch's answer is not held on to.
          if (bytes.capacity() <= kMaxKeptAnswerBytes) AnswerFieldsScratch() = std::move(bytes);
        }
      },
      spans, span_count, encoded ? encoded_.data() : nullptr, encoded ? encoded_count_ : 0);
}

}  // namespace

remoting::ProcessResult SendMessageProcessor::Process(
    const std::shared_ptr<remoting::Connection>& connection, RemotingCommand& request) {
  Sender sender(broker_, connection, request);
  return sender.Run();
}

std::optional<remoting::ProcessResult> SendMessageProcessor::ProcessIfInline(
    const std::shared_ptr<remoting::Connection>& connection, RemotingCommand& request) {
  // A JSON header's map is read by CanProcessInline, then by the decode.
  if (request.binary_ext_fields() == nullptr) {
    return RequestProcessor::ProcessIfInline(connection, request);
  }
  // A binary header is decoded once, off its bytes, which stay for Process() to decode again
  // on the executor when the send cannot run here.
  Sender sender(broker_, connection, request);
  if (auto error = sender.Decode()) return remoting::ProcessResult(std::move(*error));
  if (!ServesInline(sender.header().topic)) return std::nullopt;
  return sender.RunDecoded();
}

bool SendMessageProcessor::CanProcessInline(const RemotingCommand& request) const {
  // SEND_MESSAGE carries the long header names, V2 and batch sends the short ones.
  const std::string* topic =
      request.FindExtField(request.code() == protocol::RequestCode::kSendMessage ? "topic" : "b");
  return topic != nullptr && ServesInline(*topic);
}

bool SendMessageProcessor::ServesInline(std::string_view topic) const {
  return !topic::IsRetryTopic(topic) &&
         broker_->topic_config_manager().FindCached(topic) != nullptr;
}

}  // namespace broker
}  // namespace rocketmq
