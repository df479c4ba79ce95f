// ClientManageProcessor: HEART_BEAT (34), UNREGISTER_CLIENT (35) and CHECK_CLIENT_CONFIG
// (46) — Apache ClientManageProcessor (protocol.md §8.8).
//
// A heartbeat registers the connection under each producer group and each consumer group
// it names (creating the group's subscription config and its %RETRY% topic on first
// sight) and replaces the group's subscriptions; membership changes are announced to the
// group through the ConsumerManager's listener. SQL92 subscriptions are compiled and
// registered for the pull path (filter/consumer_filter_manager.h); one that does not compile
// (SUBSCRIPTION_PARSE_FAILED) or SQL92 with enablePropertyFilter off (SYSTEM_ERROR) makes the
// heartbeat answer with that error, the group registered all the same. CHECK_CLIENT_CONFIG
// compiles a selector and answers as Apache does.
#ifndef ROCKETMQ_BROKER_CLIENT_MANAGE_PROCESSOR_H_
#define ROCKETMQ_BROKER_CLIENT_MANAGE_PROCESSOR_H_

#include <memory>

#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {

class BrokerController;

class ClientManageProcessor : public remoting::RequestProcessor {
 public:
  explicit ClientManageProcessor(BrokerController* broker) : broker_(broker) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand HeartBeat(const std::shared_ptr<remoting::Connection>& connection,
                                      const remoting::RemotingCommand& request);
  remoting::RemotingCommand UnregisterClient(
      const std::shared_ptr<remoting::Connection>& connection,
      const remoting::RemotingCommand& request);
  remoting::RemotingCommand CheckClientConfig(const remoting::RemotingCommand& request);

  BrokerController* const broker_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_CLIENT_MANAGE_PROCESSOR_H_
