// SendBackProcessor: CONSUMER_SEND_MSG_BACK (36) — a consumer hands back a message it
// failed to consume (Apache SendMessageProcessor.consumerSendMsgBack, protocol.md §8.3).
//
// The original record is read by its CommitLog offset and stored again in the group's
// %RETRY% topic with RETRY_TOPIC (the original topic), ORIGIN_MESSAGE_ID and
// reconsumeTimes + 1 — or in %DLQ%<group> once reconsumeTimes reaches the group's (or the
// client's) maximum, or when the consumer asks for it with a negative delay level. A retry
// waits in SCHEDULE_TOPIC_XXXX for its delay level (the client's, or 3 + reconsumeTimes,
// capped at the highest level) before it reaches %RETRY%; a dead letter gets DELAY=0.
#ifndef ROCKETMQ_BROKER_SEND_BACK_PROCESSOR_H_
#define ROCKETMQ_BROKER_SEND_BACK_PROCESSOR_H_

#include <memory>

#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {

class BrokerController;

class SendBackProcessor : public remoting::RequestProcessor {
 public:
  explicit SendBackProcessor(BrokerController* broker) : broker_(broker) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override;

 private:
  BrokerController* const broker_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SEND_BACK_PROCESSOR_H_
