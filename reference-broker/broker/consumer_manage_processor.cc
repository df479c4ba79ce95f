#include "broker/consumer_manage_processor.h"

#include "broker/broker_controller.h"
#include "common/logging.h"
#include "protocol/client_headers.h"
#include "protocol/consumer_list_body.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace {

namespace rc = protocol::ResponseCode;
using remoting::RemotingCommand;

RemotingCommand Error(int32_t code, std::string remark) {
  return RemotingCommand::CreateResponse(code, std::move(remark));
}

}  // namespace

remoting::ProcessResult ConsumerManageProcessor::Process(
    const std::shared_ptr<remoting::Connection>& connection, RemotingCommand& request) {
  switch (request.code()) {
    case protocol::RequestCode::kGetConsumerListByGroup:
      return GetConsumerList(request);
    case protocol::RequestCode::kUpdateConsumerOffset:
      return UpdateOffset(request, connection ? connection->id() : 0);
    case protocol::RequestCode::kQueryConsumerOffset:
      return QueryOffset(request);
    default:
      return Error(rc::kRequestCodeNotSupported,
                   " request type " + std::to_string(request.code()) + " not supported");
  }
}

RemotingCommand ConsumerManageProcessor::GetConsumerList(const RemotingCommand& request) {
  auto header = protocol::GetConsumerListByGroupRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  auto group = broker_->consumer_manager().FindGroup(header->consumer_group);
  if (group) {
    std::vector<std::string> ids = group->ClientIds();
    if (!ids.empty()) {
      RemotingCommand response = RemotingCommand::CreateResponse(rc::kSuccess);
      protocol::GetConsumerListByGroupResponseBody body;
      body.consumer_id_list = std::move(ids);
      response.set_body(body.Encode());
      return response;
    }
  }
  RMQ_LOG_DEBUG << "GET_CONSUMER_LIST_BY_GROUP: no consumer of group " << header->consumer_group;
  return Error(rc::kSystemError, "no consumer for this group, " + header->consumer_group);
}

RemotingCommand ConsumerManageProcessor::UpdateOffset(const RemotingCommand& request,
                                                      uint64_t connection) {
  auto header = protocol::UpdateConsumerOffsetRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  if (header->queue_id < 0) {
    return Error(rc::kSystemError, "queueId[" + std::to_string(header->queue_id) + "] is illegal");
  }
  if (header->commit_offset < 0) {
    return Error(rc::kSystemError,
                 "commitOffset[" + std::to_string(header->commit_offset) + "] is negative");
  }
  broker_->consumer_offset_manager().CommitOffset(
      header->consumer_group, header->topic, header->queue_id, header->commit_offset, connection);
  return RemotingCommand::CreateResponse(rc::kSuccess);
}

RemotingCommand ConsumerManageProcessor::QueryOffset(const RemotingCommand& request) {
  auto header = protocol::QueryConsumerOffsetRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  int64_t offset = broker_->consumer_offset_manager().QueryOffset(header->consumer_group,
                                                                  header->topic, header->queue_id);
  if (offset < 0) {
    const bool zero_allowed = header->set_zero_if_not_found.value_or(true);
    // As Apache's: a new group starts at 0 only on a queue that still starts at 0 and whose
    // first message is recent enough to be in memory; otherwise the consumer decides where from.
    const int64_t min_offset =
        broker_->store()->GetMinOffsetInQueue(header->topic, header->queue_id);
    if (!zero_allowed || min_offset > 0 ||
        broker_->store()->CheckInDiskByConsumeOffset(header->topic, header->queue_id, 0)) {
      return Error(rc::kQueryNotFound,
                   "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
    }
    offset = 0;
  }
  protocol::OffsetResponseHeader response_header;
  response_header.offset = offset;
  RemotingCommand response = RemotingCommand::CreateResponse(rc::kSuccess);
  response.set_ext_fields(response_header.Encode());
  return response;
}

}  // namespace broker
}  // namespace rocketmq
