#include "broker/query_message_processor.h"

#include "broker/broker_controller.h"
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

// Puts the records into the body without copying them.
void AttachRecords(std::vector<store::SelectedRecord> found, RemotingCommand* response) {
  auto records = std::make_shared<std::vector<store::SelectedRecord>>(std::move(found));
  for (const auto& record : *records) {
    const std::string_view bytes = record.bytes();
    response->mutable_body()->AppendReference(bytes.data(), bytes.size(), records);
  }
}

}  // namespace

remoting::ProcessResult QueryMessageProcessor::Process(const std::shared_ptr<remoting::Connection>&,
                                                       RemotingCommand& request) {
  if (request.code() == protocol::RequestCode::kQueryMessage) return QueryMessage(request);
  if (request.code() == protocol::RequestCode::kViewMessageById) return ViewMessageById(request);
  return Error(rc::kRequestCodeNotSupported,
               " request type " + std::to_string(request.code()) + " not supported");
}

RemotingCommand QueryMessageProcessor::QueryMessage(const RemotingCommand& request) {
  auto header = protocol::QueryMessageRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  int32_t max_num = header->max_num;
  const std::string* unique = request.FindExtField(protocol::kUniqueKeyQuery);
  if (unique != nullptr && *unique == "true") {
    max_num = broker_->store_config().default_query_max_num;
  }
  if (max_num <= 0) return Error(rc::kSystemError, "maxNum must be positive");
  store::QueryMessageResult result = broker_->store()->QueryMessage(
      header->topic, header->key, max_num, header->begin_timestamp, header->end_timestamp);
  protocol::QueryMessageResponseHeader response_header;
  response_header.index_last_update_timestamp = result.index_last_update_timestamp;
  response_header.index_last_update_phyoffset = result.index_last_update_phy_offset;
  if (result.messages.empty()) {
    RemotingCommand response =
        Error(rc::kQueryNotFound, "can not find message, maybe time range not correct");
    response.set_ext_fields(response_header.Encode());
    return response;
  }
  RemotingCommand response = RemotingCommand::CreateResponse(rc::kSuccess);
  response.set_ext_fields(response_header.Encode());
  AttachRecords(std::move(result.messages), &response);
  return response;
}

RemotingCommand QueryMessageProcessor::ViewMessageById(const RemotingCommand& request) {
  auto header = protocol::ViewMessageRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  auto found = broker_->store()->LookMessageByOffset(header->offset);
  if (!found.ok()) {
    return Error(rc::kSystemError, "can not find message by the offset, " +
                                       std::to_string(header->offset) + ": " +
                                       found.status().message());
  }
  RemotingCommand response = RemotingCommand::CreateResponse(rc::kSuccess);
  std::vector<store::SelectedRecord> one;
  one.push_back(std::move(*found));
  AttachRecords(std::move(one), &response);
  return response;
}

}  // namespace broker
}  // namespace rocketmq
