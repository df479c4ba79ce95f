#include "broker/reply_message_processor.h"

#include <random>

#include "broker/broker_controller.h"
#include "broker/topic_validator.h"
#include "common/clock.h"
#include "common/logging.h"
#include "protocol/crc32.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "store/put_message_result.h"

namespace rocketmq {
namespace broker {
namespace {

using protocol::ResponseCode::kNoPermission;
using protocol::ResponseCode::kSystemError;
using remoting::RemotingCommand;
namespace perm = protocol::PermName;
namespace mc = protocol::MessageConst;

// Apache's Broker2Client.callClient timeout.
constexpr std::chrono::milliseconds kPushTimeout(10000);

RemotingCommand Error(int32_t code, std::string remark) {
  return RemotingCommand::CreateResponse(code, std::move(remark));
}

int32_t RandomBelow(int32_t bound) {
  thread_local std::mt19937 rng(std::random_device{}());
  return bound <= 0 ? 0 : static_cast<int32_t>(rng() % static_cast<uint32_t>(bound));
}

// Java's InetSocketAddress.toString() of an address without a host name, which is what
// Apache's broker writes in the pushed header.
std::string JavaSocketAddress(const std::string& address) { return "/" + address; }

// One reply on its way: pushed, then stored, then answered.
struct ReplyJob {
  BrokerController* broker = nullptr;
  std::shared_ptr<remoting::Connection> responder;
  RemotingCommand request;  // body dropped: only what Reply needs
  protocol::SendMessageRequestHeader header;
  int32_t queue_id = 0;
  std::string record;  // the CommitLog record to store
  bool wait_store_ok = true;
  bool push_ok = false;
  std::string push_remark;
  bool stored = false;
  std::string stored_msg_id;
  int64_t stored_queue_offset = 0;
};

void Answer(const std::shared_ptr<ReplyJob>& job) {
  BrokerController* broker = job->broker;
  RemotingCommand response = RemotingCommand::CreateResponse(
      job->push_ok ? protocol::ResponseCode::kSuccess : kSystemError,
      job->push_ok ? std::nullopt : std::optional<std::string>(job->push_remark));
  if (job->push_ok || job->stored) {
    protocol::SendMessageResponseHeader header;
    header.msg_id = job->stored ? job->stored_msg_id : "0";
    header.queue_id = job->queue_id;
    header.queue_offset = job->stored ? job->stored_queue_offset : 0;
    response.set_ext_fields(header.Encode());
  }
  response.SetExtField(protocol::kSendResponseMsgRegion, broker->config().region_id);
  response.SetExtField(protocol::kSendResponseTraceOn,
                       broker->config().trace_on ? "true" : "false");
  Status s = job->responder->Reply(job->request, std::move(response));
  if (!s.ok()) {
    RMQ_LOG_DEBUG << "cannot answer the reply sent by " << job->responder->remote_address() << ": "
                  << s.message();
  }
}

void StoreThenAnswer(const std::shared_ptr<ReplyJob>& job) {
  if (!job->broker->config().store_reply_message_enable) {
    Answer(job);
    return;
  }
  std::string record = std::move(job->record);
  job->broker->store()->PutMessage(
      std::move(record), job->wait_store_ok, [job](const store::PutMessageResult& r) {
        using store::PutMessageStatus;
        // Apache counts a reply stored without its flush or slave as stored.
        job->stored = r.status == PutMessageStatus::kPutOk ||
                      r.status == PutMessageStatus::kFlushDiskTimeout ||
                      r.status == PutMessageStatus::kFlushSlaveTimeout ||
                      r.status == PutMessageStatus::kSlaveNotAvailable;
        if (job->stored) {
          job->stored_msg_id =
              protocol::EncodeOffsetMessageId(job->broker->store_host(), r.wrote_offset);
          job->stored_queue_offset = r.queue_offset;
          job->broker->put_message_count.fetch_add(1);
        } else {
          RMQ_LOG_WARN << "storing a reply to " << job->header.topic
                       << " failed: " << store::PutMessageStatusName(r.status) << " "
                       << r.error.message();
        }
        Answer(job);
      });
}

void PushFailed(const std::shared_ptr<ReplyJob>& job, std::string remark) {
  job->push_ok = false;
  job->push_remark = std::move(remark);
}

// Pushes the reply to the requester, then stores and answers (from the push's callback).
void PushThenStore(const std::shared_ptr<ReplyJob>& job, const std::string& body) {
  BrokerController* broker = job->broker;
  const std::string properties = job->header.properties.value_or("");
  auto reply_to = protocol::FindProperty(properties, mc::kPropertyMessageReplyToClient);
  if (!reply_to) {
    RMQ_LOG_WARN << "REPLY_TO_CLIENT is null, can not reply message";
    PushFailed(job, std::string("reply message properties[") + mc::kPropertyMessageReplyToClient +
                        "] is null");
    StoreThenAnswer(job);
    return;
  }
  const std::string client_id(*reply_to);
  std::shared_ptr<remoting::Connection> requester;
  if (auto channel = broker->producer_manager().FindChannel(client_id)) {
    requester = broker->channel_table().Find(channel->channel);
  }
  if (!requester) {
    PushFailed(job, "push reply message fail, channel of <" + client_id + "> not found.");
    RMQ_LOG_WARN << job->push_remark;
    StoreThenAnswer(job);
    return;
  }
  protocol::MessageProperties props = protocol::DecodeMessageProperties(properties);
  props[mc::kPropertyPushReplyTime] = std::to_string(clock::WallMillis());
  protocol::ReplyMessageRequestHeader push;
  push.producer_group = job->header.producer_group;
  push.topic = job->header.topic;
  push.default_topic = job->header.default_topic;
  push.default_topic_queue_nums = job->header.default_topic_queue_nums;
  push.queue_id = job->header.queue_id;
  push.sys_flag = job->header.sys_flag;
  push.born_timestamp = job->header.born_timestamp;
  push.flag = job->header.flag;
  push.properties = protocol::EncodeMessageProperties(props);
  push.reconsume_times = job->header.reconsume_times;
  push.unit_mode = job->header.unit_mode;
  push.born_host = JavaSocketAddress(job->responder->remote_address());
  push.store_host = JavaSocketAddress(broker->store_host().ToString());
  push.store_timestamp = clock::WallMillis();
  auto request = RemotingCommand::CreateRequest(protocol::RequestCode::kPushReplyMessageToClient,
                                                push.Encode());
  request.set_body(body);
  Status started = broker->server().InvokeAsync(
      requester, std::move(request), kPushTimeout,
      [job, client_id](Result<RemotingCommand> answer) {
        if (answer.ok() && answer->code() == protocol::ResponseCode::kSuccess) {
          job->push_ok = true;
        } else {
          PushFailed(job, "push reply message to " + client_id + "fail.");
          RMQ_LOG_WARN << "push reply message to <" << client_id << "> failed: "
                       << (answer.ok() ? answer->remark().value_or("") : answer.status().message());
        }
        StoreThenAnswer(job);
      });
  if (!started.ok()) {
    PushFailed(job, "push reply message to " + client_id + "fail.");
    RMQ_LOG_WARN << "push reply message to <" << client_id << "> failed: " << started.message();
    StoreThenAnswer(job);
  }
}

}  // namespace

remoting::ProcessResult ReplyMessageProcessor::Process(
    const std::shared_ptr<remoting::Connection>& connection, RemotingCommand& request) {
  auto header = protocol::SendMessageRequestHeader::DecodeForRequestCode(request.code(),
                                                                         request.ext_fields());
  if (!header.ok()) return Error(kSystemError, header.status().message());
  const BrokerConfig& config = broker_->config();
  if (!perm::IsWriteable(config.broker_permission)) {
    return Error(kNoPermission, "the broker[" + broker_->BrokerAddr() +
                                    "] sending message is forbidden (brokerPermission " +
                                    std::to_string(config.broker_permission) + ")");
  }
  if (broker_->is_slave()) {
    return Error(protocol::ResponseCode::kServiceNotAvailable,
                 "the broker[" + broker_->BrokerAddr() + "] is a slave and cannot take messages");
  }
  Status valid = topic::Validate(header->topic);
  if (!valid.ok()) return Error(kSystemError, valid.message());
  if (topic::IsNotAllowedSendTopic(header->topic)) {
    return Error(kNoPermission, "sending message to topic[" + header->topic + "] is forbidden");
  }
  TopicConfigManager& topics = broker_->topic_config_manager();
  std::optional<protocol::TopicConfig> topic = topics.Find(header->topic);
  if (!topic) {
    topic = topics.CreateTopicInSendMessageMethod(header->topic, header->default_topic,
                                                  header->default_topic_queue_nums,
                                                  header->unit_mode ? 1 : 0);
  }
  if (!topic) {
    return Error(protocol::ResponseCode::kTopicNotExist,
                 "topic[" + header->topic + "] not exist, apply first please!");
  }
  if (!perm::IsWriteable(topic->perm)) {
    return Error(kNoPermission, "the topic[" + header->topic + "] sending message is forbidden");
  }
  const int32_t limit = std::max(topic->write_queue_nums, topic->read_queue_nums);
  if (header->queue_id >= limit || topic->write_queue_nums <= 0) {
    return Error(kSystemError, "request queueId[" + std::to_string(header->queue_id) +
                                   "] is illegal: topic " + header->topic + " has " +
                                   std::to_string(limit) + " queues");
  }

  auto job = std::make_shared<ReplyJob>();
  job->broker = broker_;
  job->responder = connection;
  job->queue_id = header->queue_id < 0 ? RandomBelow(topic->write_queue_nums) : header->queue_id;
  const std::string body = request.body().Flatten();
  const std::string properties = header->properties.value_or("");
  if (auto wait = protocol::FindProperty(properties, mc::kPropertyWaitStoreMsgOk)) {
    job->wait_store_ok = *wait != "false";
  }
  if (static_cast<int64_t>(body.size()) > broker_->store_config().max_message_size) {
    return Error(protocol::ResponseCode::kMessageIllegal,
                 "the message body is " + std::to_string(body.size()) +
                     " bytes long; maxMessageSize is " +
                     std::to_string(broker_->store_config().max_message_size));
  }
  protocol::MessageRecord record;
  record.body_crc = protocol::MaskedCrc32(body);
  record.queue_id = job->queue_id;
  record.flag = header->flag;
  record.sys_flag = header->sys_flag;
  record.born_timestamp = header->born_timestamp;
  if (auto born = protocol::HostAddress::Parse(connection->remote_address()); born.ok()) {
    record.born_host = *born;
  }
  record.store_host = broker_->store_host();
  record.reconsume_times = header->reconsume_times.value_or(0);
  record.body = body;
  record.topic = header->topic;
  record.properties = properties;
  const size_t size = protocol::EncodedMessageRecordSize(record);
  job->record.resize(size);
  auto encoded = protocol::EncodeMessageRecord(record, job->record.data(), size);
  if (!encoded.ok())
    return Error(protocol::ResponseCode::kMessageIllegal, encoded.status().message());
  job->request = request;
  job->request.mutable_body()->Clear();
  job->header = std::move(*header);
  PushThenStore(job, body);
  return remoting::ProcessResult::Deferred();
}

}  // namespace broker
}  // namespace rocketmq
