#include "producer/transaction_check_registry.h"

#include "common/logging.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"

namespace rocketmq {
namespace client {

bool TransactionCheckRegistry::Register(const std::string& group, Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  return handlers_.emplace(group, std::move(handler)).second;
}

void TransactionCheckRegistry::Unregister(const std::string& group) {
  std::lock_guard<std::mutex> lock(mu_);
  handlers_.erase(group);
}

void TransactionCheckRegistry::Dispatch(const std::string& broker_address,
                                        const remoting::RemotingCommand& request) {
  auto header = protocol::CheckTransactionStateRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) {
    RMQ_LOG_WARN << "dropping CHECK_TRANSACTION_STATE from broker " << broker_address
                 << ": bad header: " << header.status().ToString();
    return;
  }
  const std::string body = request.body().Flatten();
  auto record = protocol::DecodeMessageRecord(body);
  Result<protocol::DecodedMessage> message =
      record.ok() ? protocol::ToDecodedMessage(*record)
                  : Result<protocol::DecodedMessage>(record.status());
  if (!message.ok()) {
    RMQ_LOG_WARN << "dropping CHECK_TRANSACTION_STATE from broker " << broker_address
                 << " (commitLogOffset " << header->commit_log_offset
                 << "): the half message in its body does not decode: "
                 << message.status().ToString();
    return;
  }
  const std::string& group = message->property(protocol::MessageConst::kPropertyProducerGroup);
  if (group.empty()) {
    RMQ_LOG_WARN << "dropping CHECK_TRANSACTION_STATE from broker " << broker_address
                 << " for message " << message->msg_id()
                 << ": the half message has no PGROUP property naming its producer group";
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = handlers_.find(group);
  if (it == handlers_.end()) {
    RMQ_LOG_INFO << "dropping CHECK_TRANSACTION_STATE from broker " << broker_address
                 << " for message " << message->msg_id() << ": no transactional producer of group "
                 << group << " runs in this client";
    return;
  }
  // Under the lock, so that once Unregister returns no check reaches the handler; handlers
  // only queue the check.
  it->second(TransactionCheck{broker_address, std::move(*header), std::move(*message)});
}

std::shared_ptr<remoting::RequestProcessor> TransactionCheckRegistry::AsProcessor() {
  std::shared_ptr<TransactionCheckRegistry> self = shared_from_this();
  return remoting::MakeProcessor([self](const std::shared_ptr<remoting::Connection>& connection,
                                        remoting::RemotingCommand& request) {
    self->Dispatch(connection->remote_address(), request);
    return remoting::ProcessResult::Deferred();
  });
}

}  // namespace client
}  // namespace rocketmq
