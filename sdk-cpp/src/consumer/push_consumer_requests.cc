// PushConsumerImpl's answers to the requests brokers send to a consumer (Java's
// ClientRemotingProcessor and DefaultMQPushConsumerImpl.consumerRunningInfo), reaching it
// through the client instance's ConsumerRequestRegistry.
#include <chrono>
#include <exception>

#include "common/clock.h"
#include "common/logging.h"
#include "consumer/pulled_messages.h"
#include "consumer/push_consumer_impl.h"
#include "consumer/running_properties.h"
#include "consumer/wire_queue.h"
#include "protocol/client_headers.h"
#include "protocol/consume_stats.h"
#include "protocol/consumer_running_info.h"
#include "protocol/consumer_status_body.h"
#include "protocol/decoded_message.h"
#include "protocol/message_properties.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/topic_names.h"

namespace rocketmq {
namespace consumer {
namespace {

namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;

// How long a reset waits for the new offsets to reach the broker before it answers.
constexpr std::chrono::milliseconds kResetPersistTimeout(3000);

remoting::RemotingCommand Failure(const Status& status) {
  return remoting::RemotingCommand::CreateResponse(ResponseCode::kSystemError, status.message());
}

remoting::RemotingCommand Success(std::string body) {
  auto response = remoting::RemotingCommand::CreateResponse(ResponseCode::kSuccess);
  if (!body.empty()) response.set_body(std::move(body));
  return response;
}

}  // namespace

remoting::ProcessResult PushConsumerImpl::HandleServerRequest(remoting::RemotingCommand& request) {
  switch (request.code()) {
    case RequestCode::kNotifyConsumerIdsChanged:
      RMQ_LOG_INFO << "consumer ids of group " << config_.group << " changed; rebalancing";
      ScheduleRebalanceNow();
      return remoting::ProcessResult::Deferred();
    case RequestCode::kGetConsumerRunningInfo:
      return Success(RunningInfo().Encode());
    case RequestCode::kConsumeMessageDirectly:
      return ConsumeDirectly(request);
    case RequestCode::kResetConsumerClientOffset:
      return ResetOffsets(request);
    case RequestCode::kGetConsumerStatusFromClient:
      return ConsumerStatus(request);
    default:
      return remoting::RemotingCommand::CreateResponse(
          ResponseCode::kRequestCodeNotSupported,
          "request code " + std::to_string(request.code()) + " is not for a push consumer");
  }
}

protocol::ConsumerRunningInfo PushConsumerImpl::RunningInfo() const {
  protocol::ConsumerRunningInfo info;
  info.properties = RunningProperties(config_, instance_->config().namesrv_addr,
                                      protocol::kConsumePassively, start_wall_ms_);
  auto& props = info.properties;
  props["consumeThreadMin"] = std::to_string(config_.consume_thread_count);
  props["consumeThreadMax"] = std::to_string(config_.consume_thread_count);
  props["consumeMessageBatchMaxSize"] = std::to_string(config_.consume_message_batch_max_size);
  props["pullInterval"] = std::to_string(config_.pull_interval_ms);
  props["pullThresholdSizeForQueue"] = std::to_string(config_.pull_threshold_size_for_queue_mib);
  props["maxReconsumeTimes"] = std::to_string(config_.max_reconsume_times);
  props["suspendCurrentQueueTimeMillis"] = std::to_string(config_.suspend_current_queue_time_ms);
  props["consumeTimeout"] = std::to_string(config_.consume_timeout_minutes);
  props[protocol::kPropConsumeOrderly] = orderly() ? "true" : "false";
  props[protocol::kPropThreadpoolCoreSize] = std::to_string(config_.consume_thread_count);

  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> queues;
  const int64_t now_wall = clock::WallMillis();
  const int64_t now_mono = clock::MonotonicMillis();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& entry : subscriptions_) {
      info.subscription_set.push_back(*entry.second);
      info.status_table[entry.first] = stats_.Status(entry.first, now_mono);
    }
    queues = process_queues_;
  }
  for (const auto& [queue, pq] : queues) {
    protocol::ProcessQueueInfo& pq_info = info.mq_table[ToWire(queue)];
    pq_info.commit_offset = offsets_->ReadFromMemory(queue);
    const auto [min_offset, max_offset] = pq->offset_span();
    pq_info.cached_msg_min_offset = min_offset;
    pq_info.cached_msg_max_offset = max_offset;
    pq_info.cached_msg_count = static_cast<int32_t>(pq->message_count());
    pq_info.cached_msg_size_in_mib = static_cast<int32_t>(pq->body_bytes() >> 20);
    pq_info.locked = pq->locked(now_mono);
    if (pq->last_lock_ms() > 0) {
      pq_info.last_lock_timestamp = now_wall - (now_mono - pq->last_lock_ms());
    }
    pq_info.dropped = pq->dropped();
    pq_info.last_pull_timestamp = pq->last_pull_ms();
    pq_info.last_consume_timestamp = pq->last_consume_ms();
  }
  return info;
}

remoting::ProcessResult PushConsumerImpl::ConsumeDirectly(
    const remoting::RemotingCommand& request) {
  auto header = protocol::ConsumeMessageDirectlyResultRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Failure(header.status());
  auto decoded = protocol::DecodeMessages(request.body().Flatten());
  if (!decoded.ok() || decoded->size() != 1) {
    return Failure(decoded.ok() ? Status::Protocol("CONSUME_MESSAGE_DIRECTLY carries " +
                                                   std::to_string(decoded->size()) + " messages")
                                : decoded.status().WithContext("CONSUME_MESSAGE_DIRECTLY"));
  }
  MessageExt message = ToMessageExt(std::move(decoded->front()), header->broker_name.value_or(""));
  const std::string original = message.property(protocol::MessageConst::kPropertyRetryTopic);
  if (!original.empty() && message.topic() == protocol::topic::RetryTopic(config_.group)) {
    message.set_topic(original);
  }
  message.set_property(protocol::MessageConst::kPropertyConsumeStartTimestamp,
                       std::to_string(clock::WallMillis()));
  std::vector<MessageExt> messages = {std::move(message)};
  RemoveNamespace(&messages);

  protocol::ConsumeMessageDirectlyResult result;
  result.order = orderly();
  const int64_t begin = clock::MonotonicMillis();
  try {
    bool later = false;
    if (orderly()) {
      later = orderly_listener_(messages) != ConsumeOrderlyStatus::kSuccess;
    } else {
      later = listener_(messages) != ConsumeStatus::kConsumeSuccess;
    }
    result.consume_result = later ? protocol::kConsumeResultLater : protocol::kConsumeResultSuccess;
  } catch (const std::exception& e) {
    result.consume_result = protocol::kConsumeResultThrowException;
    result.remark = e.what();
  } catch (...) {
    result.consume_result = protocol::kConsumeResultThrowException;
    result.remark = "unknown exception";
  }
  result.spent_time_mills = clock::MonotonicMillis() - begin;
  RMQ_LOG_INFO << "consumed " << messages.front().msg_id() << " directly for group "
               << config_.group << ": " << result.consume_result;
  return Success(result.Encode());
}

remoting::ProcessResult PushConsumerImpl::ResetOffsets(const remoting::RemotingCommand& request) {
  auto header = protocol::ResetOffsetRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Failure(header.status());
  auto body = protocol::ResetOffsetBody::Decode(request.body().Flatten());
  if (!body.ok()) return Failure(body.status().WithContext("RESET_CONSUMER_CLIENT_OFFSET"));
  std::map<MessageQueue, int64_t> targets;
  for (const auto& [wire, offset] : body->offset_table) {
    if (wire.topic != header->topic) continue;
    targets[FromWire(wire)] = offset;
  }
  // Java's MQClientInstance.resetOffset: the queues this consumer holds are dropped (pulls
  // and listener results for them are discarded), get the new offset, and are taken again
  // by the next rebalance, which starts them from it.
  std::vector<MessageQueue> reset;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = process_queues_.begin(); it != process_queues_.end();) {
      if (targets.count(it->first) == 0) {
        ++it;
        continue;
      }
      it->second->set_dropped();
      reset.push_back(it->first);
      it = process_queues_.erase(it);
    }
  }
  for (const auto& queue : reset) {
    offsets_->Update(queue, targets[queue], false);
    RMQ_LOG_INFO << "consumer group " << config_.group << " resets " << queue.ToString()
                 << " to offset " << targets[queue];
  }
  Status persisted = offsets_->Persist(reset, kResetPersistTimeout);
  for (const auto& queue : reset) offsets_->Remove(queue);
  if (!reset.empty()) ScheduleRebalanceNow();
  if (!persisted.ok()) return Failure(persisted.WithContext("resetting offsets"));
  return Success(std::string());
}

remoting::ProcessResult PushConsumerImpl::ConsumerStatus(const remoting::RemotingCommand& request) {
  auto header = protocol::GetConsumerStatusRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Failure(header.status());
  protocol::GetConsumerStatusBody body;
  for (const auto& queue : AssignedQueues()) {
    if (queue.topic != header->topic) continue;
    const int64_t offset = offsets_->ReadFromMemory(queue);
    if (offset >= 0) body.message_queue_table[ToWire(queue)] = offset;
  }
  return Success(body.Encode());
}

}  // namespace consumer
}  // namespace rocketmq
