// EndTransactionProcessor: END_TRANSACTION (37), a producer committing, rolling back or
// reporting unknown the local transaction of a half message (Java sends it oneway; the
// answer only reaches callers that asked for one). The work is the
// TransactionalMessageService's; this decodes the header.
#ifndef ROCKETMQ_BROKER_TRANSACTION_END_TRANSACTION_PROCESSOR_H_
#define ROCKETMQ_BROKER_TRANSACTION_END_TRANSACTION_PROCESSOR_H_

#include <memory>

#include "broker/transaction/transactional_message_service.h"
#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {
namespace transaction {

class EndTransactionProcessor : public remoting::RequestProcessor {
 public:
  explicit EndTransactionProcessor(TransactionalMessageService* service) : service_(service) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override;

 private:
  TransactionalMessageService* const service_;
};

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TRANSACTION_END_TRANSACTION_PROCESSOR_H_
