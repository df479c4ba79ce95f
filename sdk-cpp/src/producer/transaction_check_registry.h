// TransactionCheckRegistry: where a client instance sends the CHECK_TRANSACTION_STATE
// requests brokers push to it (protocol.md §8.7 step 7, Java's
// ClientRemotingProcessor.checkTransactionState).
//
// A broker asks about one half message over the connection the producer group's heartbeat
// came from. The request is decoded here (header, and the body: the half message in
// CommitLog record form under its real topic) and handed to the transactional producer whose
// group is the message's PGROUP property. A check nobody can answer — undecodable, without
// PGROUP, or for a group with no transactional producer registered — is logged and dropped;
// the broker asks again at its next check interval.
#ifndef ROCKETMQ_PRODUCER_TRANSACTION_CHECK_REGISTRY_H_
#define ROCKETMQ_PRODUCER_TRANSACTION_CHECK_REGISTRY_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "protocol/decoded_message.h"
#include "protocol/transaction_headers.h"
#include "remoting/request_processor.h"

namespace rocketmq {
namespace client {

// One check: `broker_address` is the connection's peer, where the answer goes.
struct TransactionCheck {
  std::string broker_address;
  protocol::CheckTransactionStateRequestHeader header;
  protocol::DecodedMessage message;
};

class TransactionCheckRegistry : public std::enable_shared_from_this<TransactionCheckRegistry> {
 public:
  // Runs on the remoting client's processor thread: it must only hand the check off.
  using Handler = std::function<void(TransactionCheck check)>;

  // False when `group` (as sent to brokers, namespace applied) already has a handler.
  bool Register(const std::string& group, Handler handler);
  // After this returns, no new check reaches the group's handler.
  void Unregister(const std::string& group);

  // Decodes one CHECK_TRANSACTION_STATE and dispatches it; nothing is ever answered (the
  // request is oneway, the answer is a separate END_TRANSACTION).
  void Dispatch(const std::string& broker_address, const remoting::RemotingCommand& request);

  // The processor to register for RequestCode::kCheckTransactionState; it keeps the
  // registry alive.
  std::shared_ptr<remoting::RequestProcessor> AsProcessor();

 private:
  std::mutex mu_;
  std::unordered_map<std::string, Handler> handlers_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_TRANSACTION_CHECK_REGISTRY_H_
