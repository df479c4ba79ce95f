// BrokerCluster: a namesrv and a broker process on 127.0.0.1 with ephemeral ports and a
// temporary store, plus helpers that speak raw remoting requests to them — what the broker
// process tests share.
#ifndef ROCKETMQ_TESTS_INTEGRATION_BROKER_BROKER_CLUSTER_H_
#define ROCKETMQ_TESTS_INTEGRATION_BROKER_BROKER_CLUSTER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "protocol/message_record.h"
#include "remoting/remoting_client.h"
#include "rocketmq/status.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace testing {

constexpr std::chrono::milliseconds kStartTimeout{10000};
constexpr std::chrono::milliseconds kRpcTimeout{5000};

// Apache's 18 delay levels, each one second: delayed messages and consume retries (level
// 3 + reconsume times) arrive within seconds. A later --messageDelayLevel overrides it.
constexpr char kTestMessageDelayLevel[] = "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";

// Flags every test broker gets: loopback only, small store files (fast preallocation),
// one-second delay levels.
std::vector<std::string> BrokerArgs(const std::string& namesrv_addr, const std::string& store_dir);

class BrokerCluster {
 public:
  // Starts namesrv and broker; `extra` is appended to the broker's arguments. A non-empty
  // `wrapper` runs the broker through another program: wrapper[0] is executed with the rest
  // of `wrapper`, then the broker's path and arguments; "{store}" in it stands for the store
  // directory, which exists before the wrapper starts (a mount point, for example).
  static Result<std::unique_ptr<BrokerCluster>> Start(std::vector<std::string> extra = {},
                                                      std::vector<std::string> wrapper = {});
  ~BrokerCluster();

  // Stops the broker with SIGTERM (returns its exit status) and starts it again on the
  // same store, on a new port (or on the same one, as an operator's restart does, when
  // `same_port`; clients that cached the route then find it there again).
  Result<int> StopBroker();
  Status RestartBroker(bool same_port = false);
  // Starts the broker again after StopBroker() (for a test that needs it down a while);
  // `port` empty: an ephemeral one.
  Status StartBroker(const std::string& port = "");
  std::string BrokerPort() const;
  // Kills the broker with SIGKILL (no clean shutdown: the store recovers as after a crash)
  // and starts it again on the same store, on a new port (or the same one, as above).
  Status KillAndRestartBroker(bool same_port = false);
  // Kills the nameserver with SIGKILL and starts a new one, which knows no broker, on the
  // same port.
  Status KillAndRestartNamesrv();

  const std::string& namesrv_addr() const { return namesrv_addr_; }
  const std::string& broker_addr() const { return broker_addr_; }
  const std::string& store_dir() const { return store_dir_; }
  ChildProcess& broker() { return *broker_; }
  remoting::RemotingClient& client() { return *client_; }

  Result<remoting::RemotingCommand> Call(remoting::RemotingCommand request,
                                         const std::string& addr = "");

  // SEND_MESSAGE_V2 of one message; queue_id < 0 lets the broker pick.
  Result<remoting::RemotingCommand> Send(const std::string& topic, const std::string& body,
                                         const std::string& tags = "", int32_t queue_id = 0);
  // Waits (bounded) until GET_MAX_OFFSET of the queue reaches `offset`: sends are
  // acknowledged when stored, and reach the consume queue a moment later.
  Status WaitForMaxOffset(const std::string& topic, int32_t queue_id, int64_t offset);
  // Waits (bounded) until the nameserver has a route for `topic`: a topic a send created
  // reaches the nameserver with the broker's next registration, a moment after the send.
  Status WaitForRoute(const std::string& topic);
  // PULL_MESSAGE with the subscription in the request ("*" or "a || b").
  static remoting::RemotingCommand PullRequest(const std::string& group, const std::string& topic,
                                               int32_t queue_id, int64_t offset, int64_t suspend_ms,
                                               const std::string& subscription = "*");
  Result<remoting::RemotingCommand> Pull(const std::string& group, const std::string& topic,
                                         int32_t queue_id, int64_t offset,
                                         const std::string& subscription = "*");

 private:
  BrokerCluster() = default;

  std::unique_ptr<TempDir> dir_;
  std::string store_dir_;
  std::vector<std::string> extra_;
  std::vector<std::string> wrapper_;
  std::unique_ptr<ChildProcess> namesrv_;
  std::unique_ptr<ChildProcess> broker_;
  std::string namesrv_addr_;
  std::string broker_addr_;
  std::unique_ptr<remoting::RemotingClient> client_;
};

// Decodes the records of a SUCCESS pull response.
Result<std::vector<protocol::MessageRecord>> PulledRecords(
    const remoting::RemotingCommand& response, std::string* storage);

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_INTEGRATION_BROKER_BROKER_CLUSTER_H_
