#include "remoting/command_dispatcher.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <utility>

#include "common/logging.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace remoting {
namespace {

namespace ResponseCode = protocol::ResponseCode;

// Java's remarks, byte for byte (NettyRemotingAbstract).
constexpr char kOverloadRemark[] = "[OVERLOAD]system busy, start flow control for a while";
constexpr char kRejectRemark[] = "[REJECTREQUEST]system busy, start flow control for a while";

std::string NotSupportedRemark(int32_t code) {
  return " request type " + std::to_string(code) + " not supported";
}

// The request without its body: all AfterResponse hooks need.
std::shared_ptr<const RemotingCommand> HeaderCopy(const RemotingCommand& request) {
  auto copy = std::make_shared<RemotingCommand>();
  copy->set_code(request.code());
  copy->set_language(request.language());
  copy->set_version(request.version());
  copy->set_opaque(request.opaque());
  copy->set_flag(request.flag());
  copy->set_remark(request.remark());
  if (request.has_ext_fields()) copy->set_ext_fields(request.ext_fields());
  copy->set_serialize_type(request.serialize_type());
  return copy;
}

}  // namespace

std::shared_ptr<CommandDispatcher> CommandDispatcher::Create(Options options) {
  std::shared_ptr<CommandDispatcher> dispatcher(new CommandDispatcher(std::move(options)));
  std::weak_ptr<CommandDispatcher> weak = dispatcher;
  dispatcher->pending_ = std::make_unique<PendingRequests>(
      dispatcher->options_.name, [weak](PendingRequest pending, Result<RemotingCommand> result) {
        if (auto self = weak.lock()) {
          self->Complete(std::move(pending), std::move(result));
        } else if (pending.waiter) {
          pending.waiter->Set(std::move(result));
        } else if (pending.callback) {
          pending.callback(std::move(result));
        }
      });
  return dispatcher;
}

CommandDispatcher::CommandDispatcher(Options options)
    : options_(std::move(options)),
      default_executor_(std::make_shared<ThreadPool>(
          options_.name + "-proc", options_.processor_threads, options_.processor_queue)),
      callback_executor_(options_.name + "-cb", options_.callback_threads),
      processors_(std::make_shared<ProcessorTable>()),
      hooks_(std::make_shared<HookList>()) {}

CommandDispatcher::~CommandDispatcher() {
  CancelPending(Status::Cancelled(options_.name + " shut down"));
  ShutdownExecutors();
}

void CommandDispatcher::RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                                          std::shared_ptr<ThreadPool> executor) {
  std::lock_guard<std::mutex> lock(tables_mutex_);
  auto table = std::make_shared<ProcessorTable>(*processors_);
  table->by_code[code] = ProcessorEntry{std::move(processor), std::move(executor)};
  processors_ = std::move(table);
}

void CommandDispatcher::SetDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                            std::shared_ptr<ThreadPool> executor) {
  std::lock_guard<std::mutex> lock(tables_mutex_);
  auto table = std::make_shared<ProcessorTable>(*processors_);
  table->fallback = ProcessorEntry{std::move(processor), std::move(executor)};
  processors_ = std::move(table);
}

void CommandDispatcher::AddRpcHook(std::shared_ptr<RpcHook> hook) {
  std::lock_guard<std::mutex> lock(tables_mutex_);
  auto list = std::make_shared<HookList>(*hooks_);
  list->push_back(std::move(hook));
  hooks_ = std::move(list);
  has_hooks_.store(true, std::memory_order_release);
}

std::shared_ptr<const CommandDispatcher::ProcessorTable> CommandDispatcher::processors() const {
  std::lock_guard<std::mutex> lock(tables_mutex_);
  return processors_;
}

std::shared_ptr<const CommandDispatcher::HookList> CommandDispatcher::hooks() const {
  std::lock_guard<std::mutex> lock(tables_mutex_);
  return hooks_;
}

void CommandDispatcher::HandleCommands(const std::shared_ptr<Connection>& connection,
                                       std::vector<RemotingCommand> commands) {
  std::vector<Completion> callbacks;
  // The tables once per read rather than per request: each look costs a lock.
  std::shared_ptr<const ProcessorTable> table;
  std::shared_ptr<const HookList> hook_list;
  // The pending entries of all the read's responses at once: one lock round trip per read,
  // not per response, on a table the sending threads lock for every request.
  std::vector<std::optional<PendingRequest>> taken;
  auto handle = [&] {
    for (size_t i = 0; i < commands.size(); ++i) {
      RemotingCommand& command = commands[i];
      if (!command.IsResponse()) {
        if (table == nullptr) {
          table = processors();
          hook_list = hooks();
        }
        HandleRequest(connection, std::move(command), *table, *hook_list);
        continue;
      }
      if (taken.empty()) taken = pending_->TakeResponses(commands, connection->id());
      std::optional<PendingRequest>& pending = taken[i];
      if (!pending) {
        // Java logs the same: the request timed out already, or the peer made the opaque up.
        RMQ_LOG_WARN << "response from " << connection->remote_address()
                     << " matches no pending request (timed out?): " << command.ToString();
        continue;
      }
      if (pending->waiter) {
        // The waiting caller runs the hooks on its own thread.
        pending->waiter->Set(std::move(command));
        continue;
      }
      if (pending->callback_on_io_thread) {
        RunCallbackHere(Completion{std::move(*pending), std::move(command)});
        continue;
      }
      // Room for the read's other answers at once: growing one at a time moved every
      // completion so far at each doubling.
      if (callbacks.capacity() == 0) callbacks.reserve(commands.size());
      callbacks.push_back(Completion{std::move(*pending), std::move(command)});
    }
  };
  if (options_.inline_scope) {
    options_.inline_scope(handle);
  } else {
    handle();
  }
  if (!callbacks.empty()) RunCallbacks(std::move(callbacks));
}

void CommandDispatcher::HandleRequest(const std::shared_ptr<Connection>& connection,
                                      RemotingCommand request, const ProcessorTable& table,
                                      const HookList& hook_list) {
  auto found = table.by_code.find(request.code());
  const ProcessorEntry* entry = found != table.by_code.end() ? &found->second : &table.fallback;
  if (entry->processor == nullptr) {
    RMQ_LOG_WARN << "request code " << request.code() << " from " << connection->remote_address()
                 << " not supported";
    connection
        ->Reply(request, RemotingCommand::CreateResponse(ResponseCode::kRequestCodeNotSupported,
                                                         NotSupportedRemark(request.code())))
        .ok();
    return;
  }
  // Without hooks the processor decides and processes in one call (ProcessIfInline).
  const bool if_inline = hook_list.empty();
  if ((if_inline || entry->processor->CanProcessInline(request)) &&
      RunProcessor(*entry, connection, request, hook_list, if_inline)) {
    return;
  }
  ThreadPool* executor = entry->executor ? entry->executor.get() : default_executor_.get();
  const bool oneway = request.IsOneway();
  const int32_t opaque = request.opaque();
  const SerializeType form = request.serialize_type();
  Status submitted = executor->Submit([self = shared_from_this(), processor_entry = *entry,
                                       connection, request = std::move(request)]() mutable {
    self->RunProcessor(processor_entry, connection, request, *self->hooks(), false);
  });
  if (submitted.ok()) return;
  RMQ_LOG_WARN << "request opaque " << opaque << " from " << connection->remote_address()
               << " refused: " << submitted.ToString();
  if (oneway) return;
  RemotingCommand busy =
      RemotingCommand::CreateResponse(ResponseCode::kSystemBusy, kOverloadRemark);
  busy.set_opaque(opaque);
  busy.set_serialize_type(form);
  connection->Send(busy).ok();
}

bool CommandDispatcher::RunProcessor(const ProcessorEntry& entry,
                                     const std::shared_ptr<Connection>& connection,
                                     RemotingCommand& request, const HookList& hook_list,
                                     bool if_inline) {
  std::optional<RemotingCommand> response;
  for (const auto& hook : hook_list) {
    Status allowed = hook->BeforeRequest(connection->remote_address(), request);
    if (!allowed.ok()) {
      response = RemotingCommand::CreateResponse(ResponseCode::kSystemError, allowed.message());
      break;
    }
  }
  if (!response && entry.processor->RejectRequest()) {
    response = RemotingCommand::CreateResponse(ResponseCode::kSystemBusy, kRejectRemark);
  }
  if (!response) {
    try {
      std::optional<ProcessResult> processed =
          if_inline ? entry.processor->ProcessIfInline(connection, request)
                    : std::optional<ProcessResult>(entry.processor->Process(connection, request));
      if (!processed) return false;
      ProcessResult& result = *processed;
      if (!result.error().ok()) {
        RMQ_LOG_WARN << "processing " << request.ToString() << " from "
                     << connection->remote_address() << " failed: " << result.error().ToString();
        response =
            RemotingCommand::CreateResponse(ResponseCode::kSystemError, result.error().message());
      } else if (!result.deferred()) {
        response = std::move(result.response());
      }
    } catch (const std::exception& e) {
      RMQ_LOG_ERROR << "processor for " << request.ToString() << " threw: " << e.what();
      response = RemotingCommand::CreateResponse(ResponseCode::kSystemError, e.what());
    }
  }
  if (!response || request.IsOneway()) return true;
  for (const auto& hook : hook_list) {
    hook->AfterResponse(connection->remote_address(), request, *response);
  }
  Status sent = connection->Reply(request, std::move(*response));
  if (!sent.ok()) {
    RMQ_LOG_WARN << "cannot answer " << request.ToString() << ": " << sent.ToString();
  }
  return true;
}

void CommandDispatcher::HandleClosed(const Connection& connection, const Status& reason) {
  pending_->FailConnection(connection.id(), reason);
}

void CommandDispatcher::RunAfterHooks(const HookList& hooks, const PendingRequest& pending,
                                      Result<RemotingCommand>* result) {
  if (!result->ok() || pending.request == nullptr) return;
  for (const auto& hook : hooks) {
    if (!hook->IncomingOnly())
      hook->AfterResponse(pending.remote_address, *pending.request, **result);
  }
}

void CommandDispatcher::Complete(PendingRequest pending, Result<RemotingCommand> result) {
  if (pending.waiter) {
    // The waiting caller runs the hooks on its own thread.
    pending.waiter->Set(std::move(result));
    return;
  }
  std::vector<Completion> one;
  one.push_back(Completion{std::move(pending), std::move(result)});
  RunCallbacks(std::move(one));
}

void CommandDispatcher::RunCallbackHere(Completion completion) {
  if (has_hooks_.load(std::memory_order_acquire)) {
    RunAfterHooks(*hooks(), completion.pending, &completion.result);
  }
  InvokeCallback(completion);
}

void CommandDispatcher::InvokeCallback(Completion& completion) {
  try {
    completion.pending.callback(std::move(completion.result));
  } catch (const std::exception& e) {
    RMQ_LOG_ERROR << "response callback for opaque " << completion.pending.opaque
                  << " threw: " << e.what();
  } catch (...) {
    RMQ_LOG_ERROR << "response callback for opaque " << completion.pending.opaque
                  << " threw a non-standard exception";
  }
}

void CommandDispatcher::RunCallbacks(std::vector<Completion> completions) {
  // The task runs exactly once (the executor runs what it queued before it stops, and a task
  // it refuses runs here), which frees the batch; the executor is joined before this
  // dispatcher goes. Two plain pointers fit std::function's own storage: a shared batch and a
  // shared dispatcher cost each answer two allocations on the I/O thread, freed on the
  // callback thread, and two reference counts shared with other threads.
  auto* batch = new std::vector<Completion>(std::move(completions));
  auto task = [this, batch] {
    std::unique_ptr<std::vector<Completion>> owned(batch);
    // Without hooks (most clients) the hook table's lock is not taken per answer.
    std::shared_ptr<const HookList> hook_list =
        has_hooks_.load(std::memory_order_acquire) ? hooks() : nullptr;
    // Requests the callbacks send (the next of a pipeline) leave together.
    OutboundBatch outbound;
    for (Completion& completion : *owned) {
      if (hook_list != nullptr) RunAfterHooks(*hook_list, completion.pending, &completion.result);
      // One throwing callback must not cost the others of the batch theirs.
      InvokeCallback(completion);
    }
  };
  Status submitted = callback_executor_.Submit(task);
  // The executor only refuses once shut down; a callback is never lost, so run it here.
  if (!submitted.ok()) task();
}

Status CommandDispatcher::PrepareRequest(const std::shared_ptr<Connection>& connection,
                                         RemotingCommand* request,
                                         std::shared_ptr<const RemotingCommand>* header_copy) {
  if (connection == nullptr) return Status::InvalidArgument("no connection to send a request on");
  // The binary header holds 16-bit codes; 5.x POP codes (200050...) only fit in JSON.
  const bool fits_binary = request->code() >= INT16_MIN && request->code() <= INT16_MAX;
  request->set_serialize_type(fits_binary ? options_.serialize_type : SerializeType::kJson);
  if (!has_hooks_.load(std::memory_order_acquire)) return Status::OK();
  std::shared_ptr<const HookList> hook_list = hooks();
  bool responses_read = false;
  for (const auto& hook : *hook_list) {
    if (hook->IncomingOnly()) continue;
    Status allowed = hook->BeforeRequest(connection->remote_address(), *request);
    if (!allowed.ok()) return allowed.WithContext("RPC hook refused " + request->ToString());
    responses_read = responses_read || hook->ReadsResponses();
  }
  // The copy (every ext field, signed sends included) costs a few allocations per request.
  if (header_copy != nullptr && responses_read) *header_copy = HeaderCopy(*request);
  return Status::OK();
}

Result<PendingRequest> CommandDispatcher::MakePending(const std::shared_ptr<Connection>& connection,
                                                      RemotingCommand* request,
                                                      std::chrono::milliseconds timeout) {
  PendingRequest pending;
  RMQ_RETURN_IF_ERROR(PrepareRequest(connection, request, &pending.request));
  pending.opaque = request->opaque();
  pending.code = request->code();
  pending.connection_id = connection->id();
  pending.remote_address = connection->remote_address();
  // Bounded so that the deadline cannot overflow the clock.
  timeout = std::clamp<std::chrono::milliseconds>(timeout, std::chrono::milliseconds(0),
                                                  std::chrono::hours(24 * 365));
  pending.timeout_ms = timeout.count();
  pending.deadline = clock::Monotonic::now() + timeout;
  return pending;
}

Status CommandDispatcher::SendPending(const std::shared_ptr<Connection>& connection,
                                      const RemotingCommand& request, bool caller_blocks) {
  Status sent = caller_blocks                        ? connection->SendNow(request)
                : options_.write_idle_async_requests ? connection->SendIfIdle(request)
                                                     : connection->Send(request);
  if (sent.ok()) return sent;
  // Whoever takes the entry completes it: if the connection's close took it first, the
  // caller hears about it through the completion, exactly once.
  if (pending_->Take(request.opaque(), connection->id())) return sent;
  return Status::OK();
}

Result<RemotingCommand> CommandDispatcher::InvokeSync(const std::shared_ptr<Connection>& connection,
                                                      RemotingCommand request,
                                                      std::chrono::milliseconds timeout) {
  Result<PendingRequest> pending = MakePending(connection, &request, timeout);
  if (!pending.ok()) return pending.status();
  auto waiter = std::make_shared<SyncWaiter>();
  pending->waiter = waiter;
  const auto deadline = pending->deadline;
  std::shared_ptr<const RemotingCommand> header = pending->request;
  const std::string address = pending->remote_address;
  RMQ_RETURN_IF_ERROR(pending_->Add(std::move(pending).value()));
  RMQ_RETURN_IF_ERROR(SendPending(connection, request, true));
  // Called from a callback, the request may be held in the callback batch: out with it.
  OutboundBatch::WriteHeldNow();

  std::optional<Result<RemotingCommand>> outcome = waiter->WaitUntil(deadline);
  if (!outcome) {
    // The sweeper normally gets there first; take the entry ourselves if it has not.
    if (pending_->Take(request.opaque(), connection->id())) {
      return Status::Timeout("request code=" + std::to_string(request.code()) +
                             " opaque=" + std::to_string(request.opaque()) + " to " + address +
                             " got no response within " + std::to_string(timeout.count()) + " ms");
    }
    outcome = waiter->Wait();
  }
  Result<RemotingCommand> result = std::move(*outcome);
  if (result.ok() && header != nullptr) {
    for (const auto& hook : *hooks()) {
      if (!hook->IncomingOnly()) hook->AfterResponse(address, *header, *result);
    }
  }
  return result;
}

Status CommandDispatcher::InvokeAsync(const std::shared_ptr<Connection>& connection,
                                      RemotingCommand request, std::chrono::milliseconds timeout,
                                      ResponseCallback callback, CallbackThread thread) {
  if (!callback) return Status::InvalidArgument("InvokeAsync needs a callback");
  Result<PendingRequest> pending = MakePending(connection, &request, timeout);
  if (!pending.ok()) return pending.status();
  pending->callback = std::move(callback);
  pending->callback_on_io_thread = thread == CallbackThread::kIoThread;
  RMQ_RETURN_IF_ERROR(pending_->Add(std::move(pending).value()));
  return SendPending(connection, request, false);
}

Status CommandDispatcher::InvokeOneway(const std::shared_ptr<Connection>& connection,
                                       RemotingCommand request) {
  request.MarkOneway();
  RMQ_RETURN_IF_ERROR(PrepareRequest(connection, &request, nullptr));
  return connection->Send(request);
}

Status CommandDispatcher::RunOnCallbackThread(std::function<void()> task) {
  return callback_executor_.Submit(std::move(task));
}

void CommandDispatcher::CancelPending(const Status& reason) { pending_->Close(reason); }

void CommandDispatcher::ShutdownExecutors() {
  default_executor_->Shutdown();
  callback_executor_.Shutdown();
}

}  // namespace remoting
}  // namespace rocketmq
