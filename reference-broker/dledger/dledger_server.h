// DLedgerServer: one running member — its store, its RPC listener on the address its
// `dLegerPeers` entry names, its RPC client to the peers, and the thread that drives its
// timers. What a broker in DLedger mode embeds (and what tests run as a process).
//
// Requests served on the listener, as DLedgerRpcNettyService does:
//   51001 VOTE, 51002 HEART_BEAT     one thread (cheap, never wait on disk for long)
//   51004 PUSH                       one thread, so a leader's pipelined appends stay in order
//   50001 APPEND                     answered when committed (or refused at once)
//   50002 GET                        the committed entry at beginIndex
//   50000 METADATA                   the group, its peers and the leader this member knows
// Undecodable bodies are answered SYSTEM_ERROR; other codes REQUEST_CODE_NOT_SUPPORTED.
//
// Threads: the ticker (`rmq-dledger`), the listener's I/O threads and the two executors
// above, the client's I/O and callback threads; all joined by Shutdown().
#ifndef ROCKETMQ_DLEDGER_DLEDGER_SERVER_H_
#define ROCKETMQ_DLEDGER_DLEDGER_SERVER_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "common/thread_pool.h"
#include "dledger/config.h"
#include "dledger/ledger_store.h"
#include "dledger/member.h"
#include "dledger/rpc_transport.h"
#include "remoting/remoting_client.h"
#include "remoting/remoting_server.h"
#include "store/env.h"

namespace rocketmq {
namespace dledger {

class DLedgerServer {
 public:
  explicit DLedgerServer(DLedgerConfig config, store::Env* env = store::Env::Posix());
  ~DLedgerServer();
  DLedgerServer(const DLedgerServer&) = delete;
  DLedgerServer& operator=(const DLedgerServer&) = delete;

  // Validates the configuration, recovers the store, listens, and starts the member.
  Status Start();
  // Stops the ticker, the member (pending appends fail), the listener and the client.
  // Idempotent.
  void Shutdown();

  // Hooks a broker sets before Start(): every role change (Member::SetRoleListener) and
  // every raise of the committed index (LedgerStore::SetCommitListener).
  void SetRoleListener(Member::RoleListener listener) { role_listener_ = std::move(listener); }
  void SetCommitListener(std::function<void()> listener) { commit_listener_ = std::move(listener); }

  Member& member() { return *member_; }
  const Member& member() const { return *member_; }
  LedgerStore& store() { return *store_; }
  const LedgerStore& store() const { return *store_; }
  uint16_t port() const { return server_ ? server_->port() : 0; }

 private:
  void TickLoop();
  void RegisterProcessors();

  const DLedgerConfig config_;
  store::Env* const env_;
  Member::RoleListener role_listener_;
  std::function<void()> commit_listener_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<remoting::RemotingClient> client_;
  std::unique_ptr<RpcTransport> transport_;
  std::unique_ptr<Member> member_;
  std::unique_ptr<remoting::RemotingServer> server_;
  std::shared_ptr<ThreadPool> election_executor_;
  std::shared_ptr<ThreadPool> push_executor_;
  std::thread ticker_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool started_ = false;
};

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_DLEDGER_SERVER_H_
