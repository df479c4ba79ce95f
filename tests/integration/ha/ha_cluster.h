// HaCluster: a namesrv, a master broker and a slave broker of the same broker name on
// 127.0.0.1 with ephemeral ports and temporary stores — what the HA process tests share.
// The slave is never told its master: it learns the HA address from the nameserver, as a
// slave without haMasterAddress does.
#ifndef ROCKETMQ_TESTS_INTEGRATION_HA_HA_CLUSTER_H_
#define ROCKETMQ_TESTS_INTEGRATION_HA_HA_CLUSTER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "protocol/kv_table.h"
#include "remoting/remoting_client.h"
#include "rocketmq/status.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace testing {

class HaCluster {
 public:
  struct Options {
    std::string master_role = "ASYNC_MASTER";
    std::vector<std::string> master_args;
    std::vector<std::string> slave_args;
  };
  // Starts namesrv, master and slave, and waits until the slave's HA link is up (an empty
  // slave replicates from the start of the master's last file: from 0 only if it is early).
  static Result<std::unique_ptr<HaCluster>> Start(Options options);
  ~HaCluster();

  Status StartMaster();
  Status StartSlave();
  // SIGKILL (no clean shutdown) and reap.
  Status KillSlave();
  Status KillMaster();
  // SIGTERM and reap.
  Status StopMaster();

  const std::string& namesrv_addr() const { return namesrv_addr_; }
  const std::string& master_addr() const { return master_addr_; }
  const std::string& slave_addr() const { return slave_addr_; }
  const std::string& master_store() const { return master_store_; }
  const std::string& slave_store() const { return slave_store_; }
  uint16_t master_ha_port() const { return master_ha_port_; }
  ChildProcess& slave() { return *slave_; }
  ChildProcess& master() { return *master_; }

  Result<remoting::RemotingCommand> Call(
      const std::string& addr, remoting::RemotingCommand request,
      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // SEND_MESSAGE_V2 with WAIT=true (and `delay_level` > 0 as DELAY) to the master.
  Result<remoting::RemotingCommand> Send(const std::string& topic, const std::string& body,
                                         int32_t queue_id = 0, int delay_level = 0);
  Result<protocol::KVTable> RuntimeInfo(const std::string& addr);
  // commitLogMaxOffset of a broker's runtime info.
  Result<int64_t> MaxPhyOffset(const std::string& addr);
  // Waits (bounded) until the master counts `count` slave links.
  Status WaitForSlaveLinks(int count, std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Waits (bounded) until the slave's CommitLog ends where the master's does.
  Status WaitForSlaveToCatchUp(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // The bytes of a store's CommitLog in [from, to), read from its files.
  Result<std::string> ReadCommitLog(const std::string& store, int64_t from, int64_t to) const;

 private:
  HaCluster() = default;
  std::vector<std::string> BaseArgs(const std::string& store) const;

  Options options_;
  std::unique_ptr<TempDir> dir_;
  std::string master_store_;
  std::string slave_store_;
  std::unique_ptr<ChildProcess> namesrv_;
  std::unique_ptr<ChildProcess> master_;
  std::unique_ptr<ChildProcess> slave_;
  std::string namesrv_addr_;
  std::string master_addr_;
  std::string slave_addr_;
  uint16_t master_ha_port_ = 0;
  std::unique_ptr<remoting::RemotingClient> client_;
};

// Polls `condition` every 20 ms until it holds or `timeout` passes.
bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_INTEGRATION_HA_HA_CLUSTER_H_
