// QueryMessageProcessor: QUERY_MESSAGE (12) by key or unique key and VIEW_MESSAGE_BY_ID
// (33) by CommitLog offset (Apache QueryMessageProcessor, protocol.md §2.1). Both answer
// with whole CommitLog records referenced in the mapped store, like pulls. Key lookups go
// by hash, so clients re-check the keys of what they get, as Apache's do.
#ifndef ROCKETMQ_BROKER_QUERY_MESSAGE_PROCESSOR_H_
#define ROCKETMQ_BROKER_QUERY_MESSAGE_PROCESSOR_H_

#include <memory>

#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {

class BrokerController;

class QueryMessageProcessor : public remoting::RequestProcessor {
 public:
  explicit QueryMessageProcessor(BrokerController* broker) : broker_(broker) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand QueryMessage(const remoting::RemotingCommand& request);
  remoting::RemotingCommand ViewMessageById(const remoting::RemotingCommand& request);

  BrokerController* const broker_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_QUERY_MESSAGE_PROCESSOR_H_
