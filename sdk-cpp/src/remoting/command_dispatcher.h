// CommandDispatcher: the request/response machinery shared by RemotingServer and
// RemotingClient (Apache's NettyRemotingAbstract): routes incoming requests to processors
// on their executors, correlates responses with pending requests, runs RPC hooks, and sends
// requests over a connection (sync, async, oneway). Transport internals.
//
// Hand-offs are what a round trip costs on a busy machine, so there are as few as the
// contracts allow: a request its processor can take inline (RequestProcessor::
// CanProcessInline, ProcessIfInline) is processed on the I/O thread; a synchronous caller is woken
// by the I/O thread directly; the callbacks of the responses of one read go to the callback
// executor as one task.
#ifndef ROCKETMQ_REMOTING_COMMAND_DISPATCHER_H_
#define ROCKETMQ_REMOTING_COMMAND_DISPATCHER_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/thread_pool.h"
#include "remoting/connection.h"
#include "remoting/pending_requests.h"
#include "remoting/remoting_command.h"
#include "remoting/request_processor.h"
#include "remoting/response_callback.h"
#include "remoting/rpc_hook.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

class CommandDispatcher : public std::enable_shared_from_this<CommandDispatcher> {
 public:
  struct Options {
    std::string name;  // thread names and messages: "server", "client"
    size_t processor_threads = 1;
    size_t processor_queue = 10000;
    size_t callback_threads = 1;
    SerializeType serialize_type = SerializeType::kJson;
    // See RemotingServerOptions::inline_scope.
    std::function<void(const std::function<void()>&)> inline_scope;
    // InvokeAsync writes a request from the calling thread when its connection is idle
    // (Connection::SendIfIdle): a client's users send from their own threads.
    bool write_idle_async_requests = false;
  };

  static std::shared_ptr<CommandDispatcher> Create(Options options);
  ~CommandDispatcher();

  void RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                         std::shared_ptr<ThreadPool> executor);
  void SetDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                           std::shared_ptr<ThreadPool> executor);
  void AddRpcHook(std::shared_ptr<RpcHook> hook);

  // From I/O threads: hand off (or process inline what may be), never block.
  void HandleCommands(const std::shared_ptr<Connection>& connection,
                      std::vector<RemotingCommand> commands);
  void HandleClosed(const Connection& connection, const Status& reason);

  Result<RemotingCommand> InvokeSync(const std::shared_ptr<Connection>& connection,
                                     RemotingCommand request, std::chrono::milliseconds timeout);
  Status InvokeAsync(const std::shared_ptr<Connection>& connection, RemotingCommand request,
                     std::chrono::milliseconds timeout, ResponseCallback callback,
                     CallbackThread thread = CallbackThread::kExecutor);
  Status InvokeOneway(const std::shared_ptr<Connection>& connection, RemotingCommand request);

  // Runs `task` on the callback executor, where response callbacks run. IllegalState once
  // the executors are shut down; the task is then dropped.
  Status RunOnCallbackThread(std::function<void()> task);

  // Fails every pending request with `reason` and refuses new ones.
  void CancelPending(const Status& reason);
  // Runs what the executors it owns have queued and joins them. After CancelPending and
  // after every connection has closed.
  void ShutdownExecutors();

 private:
  struct ProcessorEntry {
    std::shared_ptr<RequestProcessor> processor;
    std::shared_ptr<ThreadPool> executor;
  };
  struct ProcessorTable {
    std::unordered_map<int32_t, ProcessorEntry> by_code;
    ProcessorEntry fallback;
  };
  using HookList = std::vector<std::shared_ptr<RpcHook>>;

  explicit CommandDispatcher(Options options);
  void HandleRequest(const std::shared_ptr<Connection>& connection, RemotingCommand request,
                     const ProcessorTable& table, const HookList& hook_list);
  // Runs the hooks and the processor and answers. `if_inline`: on the I/O thread, through
  // ProcessIfInline; false when the processor left the request to its executor.
  bool RunProcessor(const ProcessorEntry& entry, const std::shared_ptr<Connection>& connection,
                    RemotingCommand& request, const HookList& hook_list, bool if_inline);
  struct Completion {
    PendingRequest pending;
    Result<RemotingCommand> result;
  };
  void Complete(PendingRequest pending, Result<RemotingCommand> result);
  // A response's callback on the calling (I/O) thread.
  void RunCallbackHere(Completion completion);
  // Runs the callbacks of `completions` in order on the callback executor, as one task.
  void RunCallbacks(std::vector<Completion> completions);
  static void RunAfterHooks(const HookList& hooks, const PendingRequest& pending,
                            Result<RemotingCommand>* result);
  // Calls the completion's callback; what it throws is logged, not propagated.
  static void InvokeCallback(Completion& completion);
  Status PrepareRequest(const std::shared_ptr<Connection>& connection, RemotingCommand* request,
                        std::shared_ptr<const RemotingCommand>* header_copy);
  Result<PendingRequest> MakePending(const std::shared_ptr<Connection>& connection,
                                     RemotingCommand* request, std::chrono::milliseconds timeout);
  Status SendPending(const std::shared_ptr<Connection>& connection, const RemotingCommand& request,
                     bool caller_blocks);
  std::shared_ptr<const ProcessorTable> processors() const;
  std::shared_ptr<const HookList> hooks() const;

  const Options options_;
  std::shared_ptr<ThreadPool> default_executor_;
  ThreadPool callback_executor_;
  std::unique_ptr<PendingRequests> pending_;
  // Copy-on-write: readers on I/O threads take a snapshot without holding the lock.
  mutable std::mutex tables_mutex_;
  std::shared_ptr<const ProcessorTable> processors_;
  std::shared_ptr<const HookList> hooks_;
  // Set once hooks_ is not empty: requests of the clients without hooks (most) then skip
  // tables_mutex_, which every sending thread would otherwise take per request.
  std::atomic<bool> has_hooks_{false};
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_COMMAND_DISPATCHER_H_
