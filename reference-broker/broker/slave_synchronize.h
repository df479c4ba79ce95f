// SlaveSynchronize: a slave's copy of its master's metadata (Apache SlaveSynchronize). Every
// 10 s the broker calls SyncAll(), which asks the master's remoting address for
//   GET_ALL_TOPIC_CONFIG              topics.json (taken when its data version differs)
//   GET_ALL_CONSUMER_OFFSET           consumerOffset.json (replaces ours; a slave commits none)
//   GET_ALL_DELAY_OFFSET              delayOffset.json (written as is: used on promotion)
//   GET_ALL_SUBSCRIPTIONGROUP_CONFIG  subscriptionGroup.json (taken when its version differs)
// A failed request is logged and the next round tries again; the master's address comes
// from the nameserver's answer to REGISTER_BROKER (its masterAddr).
//
// Thread: SyncAll runs on the broker's scheduler; SetMasterAddr from the registration.
#ifndef ROCKETMQ_BROKER_SLAVE_SYNCHRONIZE_H_
#define ROCKETMQ_BROKER_SLAVE_SYNCHRONIZE_H_

#include <chrono>
#include <mutex>
#include <string>

#include "remoting/remoting_client.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

class TopicConfigManager;
class ConsumerOffsetManager;
class SubscriptionGroupManager;

class SlaveSynchronize {
 public:
  struct Targets {
    TopicConfigManager* topics;
    ConsumerOffsetManager* offsets;
    SubscriptionGroupManager* groups;
    std::string delay_offset_path;  // the slave's delayOffset.json
  };
  // `client` must be started and outlive this.
  SlaveSynchronize(remoting::RemotingClient* client, Targets targets,
                   std::chrono::milliseconds timeout)
      : client_(client), targets_(std::move(targets)), timeout_(timeout) {}

  void SetMasterAddr(const std::string& addr);
  std::string master_addr() const;

  // One round of the four syncs; the first failure is returned (all are attempted).
  // Nothing happens while no master address is known.
  Status SyncAll();

 private:
  Result<std::string> Fetch(int32_t code);
  Status SyncTopicConfig();
  Status SyncConsumerOffset();
  Status SyncDelayOffset();
  Status SyncSubscriptionGroupConfig();

  remoting::RemotingClient* const client_;
  const Targets targets_;
  const std::chrono::milliseconds timeout_;
  mutable std::mutex mu_;
  std::string master_addr_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SLAVE_SYNCHRONIZE_H_
