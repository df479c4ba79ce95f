// RemoteOffsetStore: a clustering group's offsets, kept by the broker hosting each queue
// (QUERY_CONSUMER_OFFSET / UPDATE_CONSUMER_OFFSET, protocol.md §3.5), as Java's
// RemoteBrokerOffsetStore.
#ifndef ROCKETMQ_CONSUMER_REMOTE_OFFSET_STORE_H_
#define ROCKETMQ_CONSUMER_REMOTE_OFFSET_STORE_H_

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "consumer/offset_store.h"
#include "remoting/remoting_client.h"

namespace rocketmq {
namespace consumer {

// Where a broker name's offsets are read and committed, if known: its master, else (as Java's
// RemoteBrokerOffsetStore after a route refresh) a slave, which keeps them until the master is
// back; the consumer's own table then reaches the master with the next commit.
using BrokerResolver = std::function<std::optional<std::string>(const std::string& broker_name)>;

class RemoteOffsetStore : public OffsetStore {
 public:
  // `remoting` must outlive this object.
  RemoteOffsetStore(std::string group, remoting::RemotingClient* remoting,
                    BrokerResolver resolve_broker);

  void Update(const MessageQueue& queue, int64_t offset, bool increase_only) override;
  int64_t ReadFromMemory(const MessageQueue& queue) const override;
  Result<int64_t> ReadFromStore(const MessageQueue& queue) override;
  Status Persist(const std::vector<MessageQueue>& queues,
                 std::chrono::milliseconds timeout) override;
  void Remove(const MessageQueue& queue) override;

 private:
  Status Commit(const MessageQueue& queue, int64_t offset, std::chrono::milliseconds timeout);

  const std::string group_;
  remoting::RemotingClient* remoting_;
  BrokerResolver resolve_broker_;
  // Queue id first, then broker name and topic, each compared once: a group's queues mostly
  // share their topic and broker, which MessageQueue's own order (std::tie: each string
  // compared both ways) compared at every node of a lookup, and there is one per pull and
  // one per consumed run (~700 instructions each with 8 queues).
  struct QueueOrder {
    bool operator()(const MessageQueue& a, const MessageQueue& b) const;
  };

  mutable std::mutex mu_;
  std::map<MessageQueue, int64_t, QueueOrder> offsets_;
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_REMOTE_OFFSET_STORE_H_
