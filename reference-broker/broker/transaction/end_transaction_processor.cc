#include "broker/transaction/end_transaction_processor.h"

#include "common/logging.h"
#include "protocol/response_code.h"
#include "protocol/transaction_headers.h"

namespace rocketmq {
namespace broker {
namespace transaction {

remoting::ProcessResult EndTransactionProcessor::Process(
    const std::shared_ptr<remoting::Connection>& connection, remoting::RemotingCommand& request) {
  auto header = protocol::EndTransactionRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) {
    RMQ_LOG_WARN << "malformed END_TRANSACTION from " << connection->remote_address() << ": "
                 << header.status().message();
    return remoting::RemotingCommand::CreateResponse(protocol::ResponseCode::kSystemError,
                                                     header.status().message());
  }
  auto response = service_->EndTransaction(*header, connection->remote_address());
  if (!response) return remoting::ProcessResult::Deferred();
  return std::move(*response);
}

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
