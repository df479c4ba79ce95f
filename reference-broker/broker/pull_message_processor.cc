#include "broker/pull_message_processor.h"

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "broker/broker_controller.h"
#include "broker/subscription_data.h"
#include "broker/topic_validator.h"
#include "common/clock.h"
#include "common/logging.h"
#include "filter/expression_message_filter.h"
#include "filter/expression_type.h"
#include "protocol/header_codec.h"
#include "protocol/pull_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "remoting/binary_header.h"
#include "store/get_message_result.h"
#include "store/message_store.h"

namespace rocketmq {
namespace broker {
namespace {

namespace rc = protocol::ResponseCode;
namespace perm = protocol::PermName;
using remoting::RemotingCommand;
using store::GetMessageStatus;

// PullSysFlag bits (protocol.md §3.3).
constexpr int32_t kFlagCommitOffset = 0x1;
constexpr int32_t kFlagSuspend = 0x2;
constexpr int32_t kFlagSubscription = 0x4;

// A PullMessageResponseHeader's binary extFields: its four keys (53 bytes), their lengths
// and four numbers of at most 20 digits.
constexpr size_t kResponseHeaderBytes = 53 + 4 * (2 + 4) + 4 * 20;

RemotingCommand Error(int32_t code, std::string remark) {
  return RemotingCommand::CreateResponse(code, std::move(remark));
}

int32_t MapStatus(GetMessageStatus status, int64_t requested_offset) {
  switch (status) {
    case GetMessageStatus::kFound:
      return rc::kSuccess;
    case GetMessageStatus::kMessageWasRemoving:
    case GetMessageStatus::kNoMatchedMessage:
      return rc::kPullRetryImmediately;
    case GetMessageStatus::kNoMatchedLogicQueue:
    case GetMessageStatus::kNoMessageInQueue:
      return requested_offset != 0 ? rc::kPullOffsetMoved : rc::kPullNotFound;
    case GetMessageStatus::kOffsetFoundNull:
    case GetMessageStatus::kOffsetOverflowOne:
      return rc::kPullNotFound;
    case GetMessageStatus::kOffsetOverflowBadly:
    case GetMessageStatus::kOffsetTooSmall:
      return rc::kPullOffsetMoved;
  }
  return rc::kSystemError;
}

// The request's numeric field `key`, when present and well formed.
template <typename T>
std::optional<T> NumericField(const protocol::ExtFields& fields, std::string_view key) {
  auto it = fields.find(key);
  T value{};
  if (it == fields.end() || !protocol::ParseHeaderValue(it->second, &value)) return std::nullopt;
  return value;
}

}  // namespace

bool PullMessageProcessor::CanProcessInline(const RemotingCommand& request) const {
  const std::string* group = request.FindExtField("consumerGroup");
  if (group == nullptr || !ReadsFromMemory(request)) return false;
  return ServesInline(*group, request.FindExtField("expressionType"));
}

std::optional<remoting::ProcessResult> PullMessageProcessor::ProcessIfInline(
    const std::shared_ptr<remoting::Connection>& connection, RemotingCommand& request) {
  // A JSON header's map: the store is asked first, off the request's fields, so that a
  // lagging consumer's pull (every pull of a drain) goes to the executor without a header
  // decode here, which cost ~3.5k instructions per pull on top of the executor's own. A
  // binary header costs ~2.5k decoded off its bytes, and no map (~1.3k to build, ~1.1k for
  // the store's three fields): it is decoded first and the store asked with the result.
  const bool binary = request.binary_ext_fields() != nullptr;
  if (!binary && !ReadsFromMemory(request)) return std::nullopt;
  // Copied, not moved, out of the map or the bytes: a pull the checks below leave to the
  // executor keeps them for Process(); its strings are mostly short enough not to allocate.
  auto decoded = remoting::DecodeCommandHeader<protocol::PullMessageRequestHeader>(request);
  if (!decoded.ok()) {
    return remoting::ProcessResult(Error(rc::kSystemError, decoded.status().message()));
  }
  const protocol::PullMessageRequestHeader& header = *decoded;
  if (binary && !ReadsFromMemory(header.topic, header.queue_id, header.queue_offset)) {
    return std::nullopt;
  }
  const std::string* type = header.expression_type ? &*header.expression_type : nullptr;
  if (!ServesInline(header.consumer_group, type)) return std::nullopt;
  return ProcessDecoded(connection, request, *decoded, true);
}

bool PullMessageProcessor::ServesInline(const std::string& group,
                                        const std::string* expression_type) const {
  // SQL92 selectors run over every message read. Without an expression type the group's
  // registered one applies: finding it copies the group's heartbeat data, not worth it here
  // (Apache's clients and ours always send one).
  if (expression_type == nullptr || !filter::IsTagType(*expression_type)) return false;
  return broker_->subscription_group_manager().FindCached(group) != nullptr;
}

bool PullMessageProcessor::ReadsFromMemory(const RemotingCommand& request) const {
  const protocol::ExtFields& fields = request.ext_fields();
  const auto topic = fields.find("topic");
  const auto queue_id = NumericField<int32_t>(fields, "queueId");
  const auto offset = NumericField<int64_t>(fields, "queueOffset");
  return topic != fields.end() && queue_id && offset &&
         ReadsFromMemory(topic->second, *queue_id, *offset);
}

bool PullMessageProcessor::ReadsFromMemory(const std::string& topic, int32_t queue_id,
                                           int64_t offset) const {
  return broker_->store()->ReadsFromMemory(topic, queue_id, offset, kInlineBacklog);
}

remoting::ProcessResult PullMessageProcessor::ProcessPull(
    const std::shared_ptr<remoting::Connection>& connection, RemotingCommand& request,
    bool allow_suspend) {
  // Nothing reads the request's header fields after this (a held pull keeps the decoded
  // header): a map's strings move rather than being copied.
  auto decoded =
      request.binary_ext_fields() != nullptr
          ? remoting::DecodeCommandHeader<protocol::PullMessageRequestHeader>(request)
          : protocol::PullMessageRequestHeader::Decode(std::move(*request.mutable_ext_fields()));
  if (!decoded.ok()) return Error(rc::kSystemError, decoded.status().message());
  return ProcessDecoded(connection, request, *decoded, allow_suspend);
}

remoting::ProcessResult PullMessageProcessor::ProcessDecoded(
    const std::shared_ptr<remoting::Connection>& connection, RemotingCommand& request,
    protocol::PullMessageRequestHeader& header, bool allow_suspend,
    protocol::SubscriptionData* parked_subscription) {
  const BrokerConfig& config = broker_->config();

  if (request.code() == protocol::RequestCode::kLitePullMessage &&
      !config.lite_pull_message_enable) {
    return Error(rc::kNoPermission,
                 "the broker[" + broker_->BrokerAddr() + "] for lite pull consumer is forbidden");
  }
  if (!perm::IsReadable(broker_->live().permission())) {
    return Error(rc::kNoPermission,
                 "the broker[" + broker_->BrokerAddr() + "] pulling message is forbidden");
  }
  auto group = broker_->subscription_group_manager().FindOrCreateCached(header.consumer_group);
  if (!group) {
    return Error(rc::kSubscriptionGroupNotExist,
                 "subscription group [" + header.consumer_group + "] does not exist");
  }
  if (!group->consume_enable) {
    return Error(rc::kNoPermission, "subscription group no permission, " + header.consumer_group);
  }
  const bool has_suspend = (header.sys_flag & kFlagSuspend) != 0;
  const bool has_commit_offset = (header.sys_flag & kFlagCommitOffset) != 0;
  const bool has_subscription = (header.sys_flag & kFlagSubscription) != 0;

  auto topic = broker_->topic_config_manager().FindCached(header.topic);
  if (!topic) {
    return Error(rc::kTopicNotExist, "topic[" + header.topic + "] not exist, apply first please!");
  }
  if (!perm::IsReadable(topic->perm)) {
    return Error(rc::kNoPermission, "the topic[" + header.topic + "] pulling message is forbidden");
  }
  if (header.queue_id < 0 || header.queue_id >= topic->read_queue_nums) {
    return Error(rc::kSystemError, "queueId[" + std::to_string(header.queue_id) +
                                       "] is illegal, topic:[" + header.topic +
                                       "] topicConfig.readQueueNums:[" +
                                       std::to_string(topic->read_queue_nums) + "] consumer:[" +
                                       connection->remote_address() + "]");
  }

  protocol::SubscriptionData subscription;
  std::shared_ptr<const filter::Expression> selector;
  const std::string expression_type = header.expression_type.value_or(protocol::kExpressionTypeTag);
  if (has_subscription) {
    if (filter::IsTagType(expression_type)) {
      subscription = parked_subscription != nullptr
                         ? std::move(*parked_subscription)
                         : SubscriptionFromTagExpression(
                               header.topic, header.subscription.value_or("*"), header.sub_version);
    } else {
      subscription.topic = header.topic;
      subscription.sub_string = header.subscription.value_or("");
      subscription.expression_type = expression_type;
      subscription.sub_version = header.sub_version;
      auto compiled = expression_type == filter::kExpressionTypeSql92
                          ? broker_->consumer_filter_manager().Compile(subscription.sub_string)
                          : Status::InvalidArgument("unknown expression type " + expression_type);
      if (!compiled.ok()) {
        RMQ_LOG_WARN << "pull of group " << header.consumer_group << " carries a subscription "
                     << subscription.sub_string
                     << " that does not compile: " << compiled.status().message();
        return Error(rc::kSubscriptionParseFailed, "parse the consumer's subscription failed");
      }
      selector = *compiled;
    }
  } else {
    auto info = broker_->consumer_manager().FindSubscription(header.consumer_group, header.topic);
    if (!info) {
      return Error(rc::kSubscriptionNotExist, "the consumer's group info not exist: group " +
                                                  header.consumer_group +
                                                  " has sent no heartbeat to this broker");
    }
    if (!group->consume_broadcast_enable && info->message_model == "BROADCASTING") {
      return Error(rc::kNoPermission, "the consumer group[" + header.consumer_group +
                                          "] can not consume by broadcast way");
    }
    if (!info->subscription) {
      return Error(rc::kSubscriptionNotExist, "the consumer's subscription not exist: group " +
                                                  header.consumer_group +
                                                  " does not subscribe topic " + header.topic);
    }
    if (info->subscription->sub_version < header.sub_version) {
      return Error(rc::kSubscriptionNotLatest, "the consumer's subscription not latest");
    }
    subscription = std::move(*info->subscription);
    if (!filter::IsTagType(subscription.expression_type)) {
      auto data = broker_->consumer_filter_manager().Get(header.topic, header.consumer_group);
      if (!data) {
        return Error(
            rc::kFilterDataNotExist,
            "The broker's consumer filter data is not exist!Your expression may be wrong!");
      }
      if (data->client_version < header.sub_version) {
        return Error(rc::kFilterDataNotLatest, "the consumer's consumer filter data not latest");
      }
      selector = data->selector;
    }
  }
  if (!filter::IsTagType(subscription.expression_type) && !config.enable_property_filter) {
    return Error(rc::kSystemError, "The broker does not support consumer to filter message by " +
                                       subscription.expression_type);
  }

  filter::PullFilterSpec spec;
  spec.selector = selector;
  if (!spec.selector && !SubscribesAll(subscription)) {
    for (int32_t code : subscription.code_set) spec.tags_codes.insert(code);
    // A tag expression with no usable tag matches nothing, not everything.
    if (spec.tags_codes.empty()) spec.tags_codes.insert(INT64_MIN);
  }
  if (config.filter_support_retry && topic::IsRetryTopic(header.topic)) {
    spec.retry_filters = &broker_->consumer_filter_manager();
    spec.retry_group = header.topic.substr(std::strlen(topic::kRetryGroupTopicPrefix));
  }
  filter::ExpressionMessageFilter filter(std::move(spec));
  const int32_t max_nums = std::max(0, header.max_msg_nums);
  store::GetMessageResult result = broker_->store()->GetMessage(
      header.consumer_group, header.topic, header.queue_id, header.queue_offset, max_nums, &filter);

  protocol::PullMessageResponseHeader response_header;
  response_header.next_begin_offset = result.next_begin_offset;
  response_header.min_offset = result.min_offset;
  response_header.max_offset = result.max_offset;
  const bool slave_read_enable = broker_->live().slave_read();
  if (slave_read_enable) {
    response_header.suggest_which_broker_id = result.suggest_pulling_from_slave
                                                  ? group->which_broker_when_consume_slowly
                                                  : group->broker_id;
  }
  int32_t code = MapStatus(result.status, header.queue_offset);
  if (code == rc::kPullOffsetMoved && broker_->is_slave()) {
    response_header.next_begin_offset = header.queue_offset;
    code = rc::kPullRetryImmediately;
  }
  // Apache 4.9's PullMessageProcessor: a slave serves reads only with slaveReadEnable;
  // otherwise the consumer is sent back to the master at once. Unlike Apache, at the offset
  // it asked for: clients take PULL_RETRY_IMMEDIATELY's nextBeginOffset as their next offset,
  // so Apache's (past the messages found here, which it does not send) makes a consumer
  // that pulls from a slave while no master is routed (a DLedger failover) skip them.
  if (broker_->is_slave() && !slave_read_enable) {
    code = rc::kPullRetryImmediately;
    response_header.suggest_which_broker_id = 0;
    response_header.next_begin_offset = header.queue_offset;
  }

  if (allow_suspend && has_commit_offset && !broker_->is_slave()) {
    broker_->consumer_offset_manager().CommitOffsetFromPull(header.consumer_group, header.topic,
                                                            header.queue_id, header.commit_offset,
                                                            connection->id());
  }

  if (code == rc::kPullNotFound && allow_suspend && has_suspend) {
    auto held = std::make_shared<HeldPullRequest>();
    held->connection = connection;
    // Moved, not copied (its extFields map): the dispatcher does not look at a deferred
    // request again.
    held->request = std::move(request);
    held->suspend_timestamp = clock::MonotonicMillis();
    held->timeout_millis = config.long_polling_enable ? header.suspend_timeout_millis
                                                      : config.short_polling_time_mills;
    held->pull_from_offset = header.queue_offset;
    held->max_offset_seen = result.max_offset;
    held->subscription = std::move(subscription);
    held->selector = std::move(selector);
    const std::string topic_name = header.topic;
    const int32_t queue_id = header.queue_id;
    held->header = std::move(header);
    broker_->pull_request_hold_service().SuspendPullRequest(topic_name, queue_id, std::move(held));
    return remoting::ProcessResult::Deferred();
  }

  RemotingCommand response = RemotingCommand::CreateResponse(
      code, std::string(store::GetMessageStatusName(result.status)));
  if (request.serialize_type() == remoting::SerializeType::kRocketMQ) {
    // Written as the bytes the binary header carries (our consumers): the map of strings
    // cost ~1.1k instructions per pull. A JSON header (Apache's clients by default) is
    // written from the map.
    response.set_binary_ext_fields(
        protocol::EncodeBinaryHeader(response_header, kResponseHeaderBytes));
  } else {
    response.set_ext_fields(response_header.Encode());
  }
  if (code == rc::kSuccess) {
    auto records = std::make_shared<std::vector<store::SelectedRecord>>(std::move(result.messages));
    response.mutable_body()->ReserveSegments(records->size());
    for (const auto& record : *records) {
      const std::string_view bytes = record.bytes();
      response.mutable_body()->AppendReference(bytes.data(), bytes.size(), records);
    }
    broker_->get_message_count.fetch_add(static_cast<int64_t>(records->size()));
    broker_->stats().OnPulled(header.topic, header.consumer_group,
                              static_cast<int64_t>(records->size()),
                              static_cast<int64_t>(response.body().size()));
  } else {
    broker_->stats().OnPulled(header.topic, header.consumer_group, 0, 0);
  }
  return response;
}

}  // namespace broker
}  // namespace rocketmq
