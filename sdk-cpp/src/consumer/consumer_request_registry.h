// ConsumerRequestRegistry: where a client instance sends the requests brokers push to its
// consumers (Java's ClientRemotingProcessor): NOTIFY_CONSUMER_IDS_CHANGED,
// RESET_CONSUMER_CLIENT_OFFSET, GET_CONSUMER_STATUS_FROM_CLIENT, GET_CONSUMER_RUNNING_INFO and
// CONSUME_MESSAGE_DIRECTLY.
//
// Every one of them names its consumer group in its header ("consumerGroup", or "group" for
// the two offset requests); the registry hands it to the consumer registered for that group,
// so that several consumers sharing one instance each get their own requests. A request for
// a group nobody registered is answered as Java answers it: notifications are dropped, a
// reset is acknowledged, a status is empty, and the other two fail with SYSTEM_ERROR naming
// the group.
#ifndef ROCKETMQ_CONSUMER_CONSUMER_REQUEST_REGISTRY_H_
#define ROCKETMQ_CONSUMER_CONSUMER_REQUEST_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "remoting/request_processor.h"

namespace rocketmq {
namespace consumer {

class ConsumerRequestRegistry : public std::enable_shared_from_this<ConsumerRequestRegistry> {
 public:
  // Runs on the remoting client's processor threads and answers the request (Deferred for
  // the oneway notification).
  using Handler = std::function<remoting::ProcessResult(remoting::RemotingCommand& request)>;

  // The request codes the registry dispatches.
  static const std::vector<int32_t>& Codes();

  // False when `group` (as sent to brokers, namespace applied) already has a handler.
  bool Register(const std::string& group, Handler handler);
  // After this returns, no new request reaches the group's handler.
  void Unregister(const std::string& group);

  remoting::ProcessResult Dispatch(remoting::RemotingCommand& request);

  // Java's answer to `request` when no consumer of its group can answer it (see above).
  static remoting::ProcessResult AnswerWithoutConsumer(const remoting::RemotingCommand& request);

  // The processor to register for every code of Codes(); it keeps the registry alive.
  std::shared_ptr<remoting::RequestProcessor> AsProcessor();

 private:
  std::mutex mu_;
  std::unordered_map<std::string, Handler> handlers_;
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_CONSUMER_REQUEST_REGISTRY_H_
