// ReplyMessageProcessor: SEND_REPLY_MESSAGE (324) and SEND_REPLY_MESSAGE_V2 (325), the
// responder's half of request-reply (Apache ReplyMessageProcessor; reference §5.3).
//
// Flow: decode the header (V1 or V2 keys) → the usual send checks (broker writable, topic
// valid, found or auto-created, queue in range; queueId < 0 picks one) → push the reply
// first, as PUSH_REPLY_MESSAGE_TO_CLIENT (326), to the connection whose producer heartbeat
// carries the clientID in REPLY_TO_CLIENT (PUSH_REPLY_TIME added to its properties) →
// then, with storeReplyMessageEnable (default true), store it in its topic with its
// properties as sent, whatever the push gave → answer.
//
// The answer reflects the push: SUCCESS (msgId "0", offset 0, replaced by the stored ones
// when stored), else SYSTEM_ERROR with Apache's remark ("push reply message fail, channel of
// <id> not found." when the requester is gone) although the reply may be stored. TTL is
// never checked. Nothing blocks an executor thread: the push is asynchronous (10 s, Apache's
// callClient timeout) and the store answers on its own thread.
#ifndef ROCKETMQ_BROKER_REPLY_MESSAGE_PROCESSOR_H_
#define ROCKETMQ_BROKER_REPLY_MESSAGE_PROCESSOR_H_

#include <memory>

#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {

class BrokerController;

class ReplyMessageProcessor : public remoting::RequestProcessor {
 public:
  explicit ReplyMessageProcessor(BrokerController* broker) : broker_(broker) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override;

 private:
  BrokerController* const broker_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_REPLY_MESSAGE_PROCESSOR_H_
