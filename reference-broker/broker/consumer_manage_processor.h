// ConsumerManageProcessor: GET_CONSUMER_LIST_BY_GROUP (38), UPDATE_CONSUMER_OFFSET (15)
// and QUERY_CONSUMER_OFFSET (14) — Apache ConsumerManageProcessor (protocol.md §3.5, §8.4).
//
// A group that never committed an offset for a queue is told 0 when the queue still
// starts at 0 (as Apache does, so a new group reads a young queue from its beginning);
// otherwise QUERY_NOT_FOUND, and the client applies its consumeFromWhere policy.
#ifndef ROCKETMQ_BROKER_CONSUMER_MANAGE_PROCESSOR_H_
#define ROCKETMQ_BROKER_CONSUMER_MANAGE_PROCESSOR_H_

#include <memory>

#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {

class BrokerController;

class ConsumerManageProcessor : public remoting::RequestProcessor {
 public:
  explicit ConsumerManageProcessor(BrokerController* broker) : broker_(broker) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand GetConsumerList(const remoting::RemotingCommand& request);
  // `connection`: the id of the connection the update came on (0: none).
  remoting::RemotingCommand UpdateOffset(const remoting::RemotingCommand& request,
                                         uint64_t connection);
  remoting::RemotingCommand QueryOffset(const remoting::RemotingCommand& request);

  BrokerController* const broker_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_CONSUMER_MANAGE_PROCESSOR_H_
