// AdminBrokerProcessor: the administrative and queue-information requests — Apache
// AdminBrokerProcessor's share of them that the official tools and clients use:
//   topics   UPDATE_AND_CREATE_TOPIC (17), DELETE_TOPIC_IN_BROKER (215),
//            GET_ALL_TOPIC_CONFIG (21), GET_TOPIC_STATS_INFO (202),
//            QUERY_TOPIC_CONSUME_BY_WHO (300)
//   queues   GET_MAX_OFFSET (30), GET_MIN_OFFSET (31), SEARCH_OFFSET_BY_TIMESTAMP (29),
//            GET_EARLIEST_MSG_STORETIME (32)
//   locks    LOCK_BATCH_MQ (41), UNLOCK_BATCH_MQ (42)
//   groups   GET_CONSUMER_CONNECTION_LIST (203), GET_CONSUME_STATS (208),
//            GET_BROKER_CONSUME_STATS (317),
//            GET_ALL_CONSUMER_OFFSET (43), GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201),
//            UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200), DELETE_SUBSCRIPTIONGROUP (207),
//            GET_PRODUCER_CONNECTION_LIST (204), GET_CONSUMER_RUNNING_INFO (307, forwarded to
//            the consumer, answered with what it says)
//   broker   GET_BROKER_RUNTIME_INFO (28), GET_BROKER_CONFIG (26), UPDATE_BROKER_CONFIG (25),
//            VIEW_BROKER_STATS_DATA (315)
#ifndef ROCKETMQ_BROKER_ADMIN_BROKER_PROCESSOR_H_
#define ROCKETMQ_BROKER_ADMIN_BROKER_PROCESSOR_H_

#include <memory>
#include <optional>
#include <string>

#include "protocol/consume_stats.h"
#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {

class BrokerController;

class AdminBrokerProcessor : public remoting::RequestProcessor {
 public:
  explicit AdminBrokerProcessor(BrokerController* broker) : broker_(broker) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override;

  // The request codes this processor serves.
  static const std::vector<int32_t>& Codes();

 private:
  using Command = remoting::RemotingCommand;
  Command UpdateAndCreateTopic(const Command& request);
  Command DeleteTopic(const Command& request);
  Command GetAllTopicConfig();
  Command GetTopicStatsInfo(const Command& request);
  Command QueryTopicConsumeByWho(const Command& request);
  Command GetMaxOffset(const Command& request);
  Command GetMinOffset(const Command& request);
  Command SearchOffsetByTimestamp(const Command& request);
  Command GetEarliestMsgStoretime(const Command& request);
  Command LockBatch(const Command& request);
  Command UnlockBatch(const Command& request);
  Command GetConsumerConnectionList(const Command& request);
  Command GetConsumeStats(const Command& request);
  Command GetAllConsumerOffset();
  Command GetAllDelayOffset();
  Command GetAllSubscriptionGroup();
  Command UpdateSubscriptionGroup(const Command& request);
  Command DeleteSubscriptionGroup(const Command& request);
  Command GetProducerConnectionList(const Command& request);
  Command GetConsumerRunningInfo(const Command& request);
  // CONSUME_MESSAGE_DIRECTLY: the stored message named by the offset msgId goes to one
  // consumer of the group, whose listener verdict is the answer (the admin tool's
  // consumeMessage and resend of a dead letter).
  Command ConsumeMessageDirectly(const Command& request);
  // Apache's callConsumer: forwards `forward` to the connection of `client_id` in `group`
  // and returns the consumer's answer, or SYSTEM_ERROR naming who is not online.
  Command CallConsumer(const std::string& group, const std::string& client_id, Command forward);
  Command GetBrokerRuntimeInfo();
  Command GetBrokerConfig();
  Command UpdateBrokerConfig(const Command& request);
  Command ViewBrokerStatsData(const Command& request);
  Command GetBrokerConsumeStats(const Command& request);
  std::optional<protocol::ConsumeStats> TopicConsumeStats(const std::string& group,
                                                          const std::string& topic);
  bool StillSubscribed(const std::string& group, const std::string& topic);

  BrokerController* const broker_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_ADMIN_BROKER_PROCESSOR_H_
