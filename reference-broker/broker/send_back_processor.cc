#include "broker/send_back_processor.h"

#include <random>

#include "broker/broker_controller.h"
#include "broker/dead_letter.h"
#include "broker/schedule/schedule_topic.h"
#include "broker/topic_validator.h"
#include "common/logging.h"
#include "protocol/client_headers.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace {

namespace rc = protocol::ResponseCode;
namespace perm = protocol::PermName;
namespace mc = protocol::MessageConst;
using remoting::RemotingCommand;

RemotingCommand Error(int32_t code, std::string remark) {
  return RemotingCommand::CreateResponse(code, std::move(remark));
}

int32_t RandomBelow(int32_t bound) {
  thread_local std::mt19937 rng(std::random_device{}());
  return bound <= 0 ? 0 : static_cast<int32_t>(rng() % static_cast<uint32_t>(bound));
}

}  // namespace

remoting::ProcessResult SendBackProcessor::Process(
    const std::shared_ptr<remoting::Connection>& connection, RemotingCommand& request) {
  auto header = protocol::ConsumerSendMsgBackRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  auto group = broker_->subscription_group_manager().FindOrCreate(header->group);
  if (!group) {
    return Error(rc::kSubscriptionGroupNotExist, "subscription group not exist, " + header->group);
  }
  if (!perm::IsWriteable(broker_->live().permission()) || broker_->is_slave()) {
    return Error(rc::kNoPermission,
                 "the broker[" + broker_->BrokerAddr() + "] sending message is forbidden");
  }
  if (group->retry_queue_nums <= 0) return RemotingCommand::CreateResponse(rc::kSuccess);

  auto found = broker_->store()->LookMessageByOffset(header->offset);
  if (!found.ok()) {
    return Error(rc::kSystemError, "look message by offset failed, " +
                                       std::to_string(header->offset) + ": " +
                                       found.status().message());
  }
  const std::string bytes(found->bytes());
  auto original = protocol::DecodeMessageRecord(bytes);
  if (!original.ok()) {
    return Error(rc::kSystemError, "the message at offset " + std::to_string(header->offset) +
                                       " cannot be decoded: " + original.status().message());
  }

  const int32_t max_reconsume =
      MaxReconsumeTimes(*group, request.version(), header->max_reconsume_times);
  protocol::MessageProperties props = protocol::DecodeMessageProperties(original->properties);
  if (props.count(mc::kPropertyRetryTopic) == 0) {
    props[mc::kPropertyRetryTopic] = std::string(original->topic);
  }
  props[mc::kPropertyWaitStoreMsgOk] = "false";
  auto origin = props.find(mc::kPropertyOriginMessageId);
  if (origin == props.end() || origin->second.empty()) {
    // Apache 4.9 ignores the request's originMsgId (the client's UNIQ_KEY) here: the
    // original's own offset message id is what tools look the message up by.
    props[mc::kPropertyOriginMessageId] =
        protocol::EncodeOffsetMessageId(original->store_host, original->physical_offset);
  }

  std::string topic_name;
  int32_t queue_id = 0;
  if (original->reconsume_times >= max_reconsume || header->delay_level < 0) {
    topic_name = EnsureDlqTopic(&broker_->topic_config_manager(), header->group).topic_name;
    props[mc::kPropertyDelayTimeLevel] = "0";
    RMQ_LOG_INFO << "message at offset " << header->offset << " of group " << header->group
                 << " was reconsumed " << original->reconsume_times << " times; moving it to "
                 << topic_name;
  } else {
    topic_name = topic::RetryTopic(header->group);
    auto retry = broker_->topic_config_manager().CreateTopicIfAbsent(
        topic_name, group->retry_queue_nums, perm::kPermRead | perm::kPermWrite, 0);
    if (!perm::IsWriteable(retry.perm)) {
      return Error(rc::kNoPermission, "the topic[" + topic_name + "] sending message is forbidden");
    }
    queue_id = RandomBelow(retry.write_queue_nums);
    const int32_t level =
        header->delay_level == 0 ? 3 + original->reconsume_times : header->delay_level;
    props[mc::kPropertyDelayTimeLevel] = std::to_string(level);
  }

  // SNDBCK_PUT_NUMS counts by the retry (or DLQ) topic, before any delay hides it.
  const std::string stats_key = topic_name + "@" + header->group;
  auto delayed = schedule::MoveToScheduleTopic(broker_->schedule_service().levels(),
                                               original->sys_flag, &props, &topic_name, &queue_id);
  if (!delayed.ok()) return Error(rc::kSystemError, delayed.status().message());
  const std::string encoded_props = protocol::EncodeMessageProperties(props);
  protocol::MessageRecord record = *original;
  record.topic = topic_name;
  record.queue_id = queue_id;
  record.reconsume_times = original->reconsume_times + 1;
  record.store_host = broker_->store_host();
  record.properties = encoded_props;
  record.queue_offset = 0;
  record.physical_offset = 0;
  auto encoded = protocol::EncodeMessageRecordToString(record);
  if (!encoded.ok()) return Error(rc::kSystemError, encoded.status().message());

  RemotingCommand reply_to = request;
  StatsItem* send_backs = broker_->stats().SendBackItem(stats_key);
  broker_->store()->PutMessage(
      std::move(*encoded), false,
      [connection, reply_to, send_backs](const store::PutMessageResult& r) {
        if (r.ok()) send_backs->Add(1);
        RemotingCommand response =
            r.ok() ? RemotingCommand::CreateResponse(rc::kSuccess)
                   : RemotingCommand::CreateResponse(
                         rc::kSystemError, std::string(store::PutMessageStatusName(r.status)) +
                                               (r.error.ok() ? "" : ": " + r.error.message()));
        Status s = connection->Reply(reply_to, std::move(response));
        if (!s.ok()) {
          RMQ_LOG_DEBUG << "cannot answer a send-back: " << s.message();
        }
      });
  return remoting::ProcessResult::Deferred();
}

}  // namespace broker
}  // namespace rocketmq
