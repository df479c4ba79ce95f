#include "producer/producer_impl.h"

#include <algorithm>
#include <thread>

#include "client/namespace_util.h"
#include "client/validators.h"
#include "common/logging.h"
#include "producer/reply_message.h"
#include "producer/sharding_key.h"
#include "producer/trace_hooks.h"
#include "protocol/header_codec.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace client {
namespace {

// Errors after which no answer came: the broker is isolated for a while.
bool IsTransportFailure(const Status& status) {
  return status.code() == ErrorCode::kTimeout || status.code() == ErrorCode::kNetwork ||
         status.code() == ErrorCode::kProtocol;
}

// Failures after which the topic's route may have changed: the broker is gone, or says the
// topic or the write permission is not (or no longer) there.
bool RouteMayBeStale(int32_t response_code, const Status& status) {
  if (response_code < 0) return IsTransportFailure(status);
  return response_code == protocol::ResponseCode::kTopicNotExist ||
         response_code == protocol::ResponseCode::kNoPermission ||
         response_code == protocol::ResponseCode::kServiceNotAvailable;
}

// Errors a retry cannot fix.
bool IsFinal(const Status& status) {
  return status.code() == ErrorCode::kCancelled || status.code() == ErrorCode::kIllegalState ||
         status.code() == ErrorCode::kInvalidArgument;
}

std::string JoinBrokers(const std::vector<std::string>& brokers) {
  std::string out;
  for (const auto& b : brokers) out += (out.empty() ? "" : ", ") + b;
  return out;
}

void InvokeCallback(const SendCallback& callback, const Result<SendResult>& result) {
  try {
    callback(result);
  } catch (const std::exception& e) {
    RMQ_LOG_ERROR << "a send callback threw: " << e.what();
  } catch (...) {
    RMQ_LOG_ERROR << "a send callback threw a non-standard exception";
  }
}

// Completed sends left for the sender threads to free (ProducerImpl::finished_ring_). Room
// for the answers of a whole read (they complete in a burst, before their senders send
// again), and a bound on the bodies kept waiting for the next send.
constexpr size_t kFinishedRingSize = 1024;
constexpr size_t kMaxFinishedBodyBytes = 1024 * 1024;
// More than one per send, so that the ring drains between bursts; few enough for the
// sender's malloc cache to keep them (glibc's tcache keeps 7 chunks of a size).
constexpr size_t kFreedPerSend = 2;

}  // namespace

struct ProducerImpl::AsyncSend {
  AsyncSend(std::shared_ptr<const PreparedMessage> m, SendCallback cb, clock::Deadline d,
            int attempts)
      : message(std::move(m)), callback(std::move(cb)), deadline(d), attempts_left(attempts) {}

  std::shared_ptr<const PreparedMessage> message;
  // Null when the queue is fixed by the caller.
  std::shared_ptr<TopicPublishInfo> info;
  MessageQueue fixed_queue;
  SendCallback callback;
  clock::Deadline deadline;
  // Attempts run one after another (the next starts from the previous one's callback), so
  // these fields are never touched by two threads at once. The current attempt's queue,
  // broker address and start live here rather than in its response callback, which then
  // copies no strings.
  int attempts_left;
  MessageQueue queue;
  std::string address;
  int64_t begin_ms = 0;
  // The current attempt's answer comes on the I/O thread (async_callback_on_io_thread).
  bool answer_on_io_thread = false;
  // OK until an attempt fails: an error built up front would cost every send an allocation.
  Status last_error;
  std::atomic<bool> done{false};
  // ProducerImpl's list of pending sends, guarded by async_mu_: while listed, `listed` keeps
  // the send alive.
  std::shared_ptr<AsyncSend> listed;
  AsyncSend* prev = nullptr;
  AsyncSend* next = nullptr;
  // Set while an attempt awaits its response, taken by the response callback: the callback
  // captures a raw pointer, which std::function stores in place, where two shared pointers
  // cost every attempt an allocation.
  std::shared_ptr<AsyncSend> in_attempt;
  std::shared_ptr<ProducerImpl> producer;
};

ProducerImpl::ProducerImpl(ProducerConfig config, std::shared_ptr<ClientInstance> instance)
    : config_(std::move(config)),
      instance_(std::move(instance)),
      fault_(config_.send_latency_fault_enable),
      in_flight_(static_cast<size_t>(std::max(1, config_.max_async_in_flight))) {}

ProducerImpl::~ProducerImpl() {
  if (state_.load() == State::kRunning) {
    RMQ_LOG_WARN << "producer " << config_.group << " destroyed while running";
  }
}

Status ProducerImpl::CheckRunning() const {
  switch (state_.load()) {
    case State::kRunning:
      return Status::OK();
    case State::kCreated:
      return Status::IllegalState("producer " + config_.group + " is not started");
    case State::kStopped:
      break;
  }
  return Status::IllegalState("producer " + config_.group + " is shut down");
}

Status ProducerImpl::Start() {
  State expected = State::kCreated;
  if (!state_.compare_exchange_strong(expected, State::kRunning)) {
    return Status::IllegalState("producer " + config_.group +
                                (expected == State::kRunning
                                     ? " is already started"
                                     : " was shut down and cannot restart"));
  }
  auto fail = [this](Status status) {
    state_ = State::kCreated;
    return status;
  };
  Status group = CheckGroup(config_.group);
  if (!group.ok()) return fail(group.WithContext("producerGroup"));
  config_.group = WrapNamespace(config_.name_space, config_.group);
  if (!instance_) {
    auto created = ClientInstance::Create(config_);
    if (!created.ok()) return fail(created.status());
    instance_ = std::move(*created);
  }
  Status started = instance_->Start();
  if (!started.ok()) return fail(started);
  if (!instance_->heartbeats().AddProducerGroup(config_.group)) {
    instance_->Shutdown();
    return fail(Status::IllegalState("producer group '" + config_.group +
                                     "' is already started in client instance " +
                                     instance_->client_id()));
  }
  if (config_.coalesce_async_sends) {
    AsyncCoalescer::Limits limits;
    limits.max_messages = static_cast<size_t>(std::max(1, config_.coalesce_max_messages));
    limits.max_bytes = static_cast<size_t>(config_.max_message_size);
    std::weak_ptr<ProducerImpl> weak = weak_from_this();
    coalescer_ = std::make_shared<AsyncCoalescer>(
        limits,
        [weak](const std::vector<Message>& batch, SendCallback done) {
          auto self = weak.lock();
          if (!self) return Status::Cancelled("the producer is gone");
          return self->SendCoalescedBatch(batch, std::move(done));
        },
        [weak](std::function<void()> task) {
          auto self = weak.lock();
          if (!self) return Status::Cancelled("the producer is gone");
          return self->instance_->remoting().RunOnCallbackThread(std::move(task));
        });
  }
  if (config_.enable_msg_trace) {
    tracer_ = TraceDispatcher::StartOrWarn(config_, config_.group, "PRODUCE",
                                           "producer " + config_.group);
  }
  RMQ_LOG_INFO << "producer " << config_.group << " started as " << instance_->client_id();
  return Status::OK();
}

Status ProducerImpl::Shutdown(std::chrono::milliseconds timeout) {
  State expected = State::kRunning;
  if (!state_.compare_exchange_strong(expected, State::kStopped)) return Status::OK();
  const auto deadline = clock::Deadline::After(timeout);
  // What waits to be coalesced is sent now, and then waited for like any send in flight.
  if (coalescer_) coalescer_->Flush();
  if (!in_flight_.WaitIdle(deadline.when())) {
    RMQ_LOG_WARN << "producer " << config_.group << ": " << in_flight_.in_flight()
                 << " async sends unanswered after " << timeout.count() << " ms; cancelling them";
  }
  std::vector<std::shared_ptr<AsyncSend>> left;
  {
    std::lock_guard<std::mutex> lock(async_mu_);
    for (AsyncSend* send = pending_async_; send != nullptr; send = send->next) {
      left.push_back(send->listed);
    }
  }
  for (auto& send : left) {
    Complete(send, Status::Cancelled("producer " + config_.group +
                                     " shut down before the broker answered"));
  }
  {
    std::lock_guard<std::mutex> lock(async_mu_);
    finished_ring_.clear();
    finished_count_ = 0;
    finished_body_bytes_ = 0;
  }
  // The traces of the sends above go out before the producer leaves.
  if (tracer_) tracer_->Shutdown(deadline.Remaining());
  instance_->heartbeats().RemoveProducerGroup(config_.group);
  instance_->heartbeats().UnregisterProducer(config_.group, deadline.Remaining());
  instance_->Shutdown();
  RMQ_LOG_INFO << "producer " << config_.group << " shut down";
  return Status::OK();
}

Result<std::shared_ptr<TopicPublishInfo>> ProducerImpl::FindPublishInfo(
    const std::string& topic, const clock::Deadline& deadline) {
  auto info = instance_->routes().FindPublishInfo(topic);
  if (info && info->ok()) return info;
  std::lock_guard<std::mutex> lock(route_mu_);
  info = instance_->routes().FindPublishInfo(topic);
  if (info && info->ok()) return info;
  if (deadline.Expired()) {
    return Status::Timeout("send timeout elapsed while looking up the route of topic '" + topic +
                           "'");
  }
  auto route = instance_->UpdateTopicRoute(topic, deadline.Remaining());
  if (route.ok()) return CachedPublishInfo(topic);
  if (route.status().code() != ErrorCode::kNotFound) return route.status();
  return UseTemplateRoute(
      topic, route.status(),
      instance_->FetchTopicRoute(config_.create_topic_key, deadline.Remaining()));
}

Result<std::shared_ptr<TopicPublishInfo>> ProducerImpl::CachedPublishInfo(
    const std::string& topic) {
  auto info = instance_->routes().FindPublishInfo(topic);
  if (info && info->ok()) return info;
  return Status::NotFound("the route of topic '" + topic +
                          "' has no writable queue on a broker with a master");
}

Result<std::shared_ptr<TopicPublishInfo>> ProducerImpl::UseTemplateRoute(
    const std::string& topic, const Status& route_error, Result<protocol::TopicRouteData> templ) {
  // Unknown topic: send to the brokers that serve the template topic; they create it.
  if (!templ.ok()) {
    return Status::NotFound("topic '" + topic + "' does not exist (" + route_error.message() +
                            ") and cannot be auto-created: " + templ.status().message());
  }
  for (auto& qd : templ->queue_datas) {
    const int32_t n = std::min(config_.default_topic_queue_nums, qd.read_queue_nums);
    qd.read_queue_nums = n;
    qd.write_queue_nums = n;
  }
  instance_->PutTopicRoute(topic, *templ);
  auto info = instance_->routes().FindPublishInfo(topic);
  if (info && info->ok()) return info;
  return Status::NotFound("topic '" + topic + "' does not exist and template topic '" +
                          config_.create_topic_key + "' has no writable queue");
}

Status ProducerImpl::LookUpPublishInfoAsync(const std::string& topic,
                                            const clock::Deadline& deadline,
                                            PublishInfoCallback done) {
  auto self = shared_from_this();
  return instance_->FetchTopicRouteAsync(
      topic, deadline.Remaining(),
      [self, topic, deadline, done](Result<protocol::TopicRouteData> route) {
        if (route.ok()) {
          self->instance_->PutTopicRoute(topic, *route);
          done(self->CachedPublishInfo(topic));
          return;
        }
        if (route.status().code() != ErrorCode::kNotFound) {
          done(route.status());
          return;
        }
        const Status route_error = route.status();
        Status asked = self->instance_->FetchTopicRouteAsync(
            self->config_.create_topic_key, deadline.Remaining(),
            [self, topic, route_error, done](Result<protocol::TopicRouteData> templ) {
              done(self->UseTemplateRoute(topic, route_error, std::move(templ)));
            });
        // Already on a callback thread: the error can go straight to the send.
        if (!asked.ok()) done(self->UseTemplateRoute(topic, route_error, asked));
      });
}

Result<std::string> ProducerImpl::FindBrokerAddress(const MessageQueue& queue,
                                                    const clock::Deadline& deadline) {
  if (auto address = instance_->routes().FindMasterAddress(queue.broker_name)) return *address;
  if (!deadline.Expired()) {
    std::lock_guard<std::mutex> lock(route_mu_);
    if (auto address = instance_->routes().FindMasterAddress(queue.broker_name)) return *address;
    auto route = instance_->UpdateTopicRoute(queue.topic, deadline.Remaining());
    if (!route.ok()) {
      RMQ_LOG_DEBUG << route.status().ToString();
    }
    if (auto address = instance_->routes().FindMasterAddress(queue.broker_name)) return *address;
  }
  return Status::NotFound("broker '" + queue.broker_name + "' of topic '" + queue.topic +
                          "' has no master address in the route");
}

Status ProducerImpl::CheckTimerSupport(const PreparedMessage& message, const MessageQueue& queue,
                                       const std::string& address,
                                       const clock::Deadline& deadline) {
  if (message.timer_min_broker_version == 0) return Status::OK();
  return broker_versions_.CheckTimerSupport(
      instance_->remoting(), address, queue.broker_name,
      EncodeProducerHeartbeat(instance_->client_id(), {config_.group}),
      message.timer_min_broker_version, deadline.Remaining());
}

Status ProducerImpl::CheckQueueTopic(const std::string& topic, const MessageQueue& queue) {
  if (queue.topic != topic) {
    return Status::InvalidArgument("the queue's topic '" + queue.topic +
                                   "' differs from the message's topic '" + topic + "'");
  }
  if (queue.broker_name.empty() || queue.queue_id < 0) {
    return Status::InvalidArgument("the queue " + queue.ToString() +
                                   " needs a broker name and a queue id >= 0");
  }
  return Status::OK();
}

MessageQueue ProducerImpl::ToWire(MessageQueue queue) const {
  queue.topic = WrapNamespace(config_.name_space, queue.topic);
  return queue;
}

MessageQueue ProducerImpl::FromWire(MessageQueue queue) const {
  queue.topic = UnwrapNamespace(config_.name_space, queue.topic);
  return queue;
}

Result<MessageQueue> ProducerImpl::SelectWithSelector(const PreparedMessage& prepared,
                                                      const Message& message,
                                                      const QueueSelector& selector,
                                                      const clock::Deadline& deadline) {
  if (!selector) return Status::InvalidArgument("the queue selector is empty");
  auto info = FindPublishInfo(prepared.topic, deadline);
  if (!info.ok()) return info.status();
  MessageQueue queue;
  if (config_.name_space.empty()) {
    queue = selector((*info)->queues(), message);
  } else {
    std::vector<MessageQueue> queues;
    for (const auto& mq : (*info)->queues()) queues.push_back(FromWire(mq));
    queue = selector(queues, message);
  }
  RMQ_RETURN_IF_ERROR(
      CheckQueueTopic(prepared.user_topic, queue).WithContext("the selector's queue"));
  return ToWire(std::move(queue));
}

Result<SendResult> ProducerImpl::SendOnce(const std::shared_ptr<const PreparedMessage>& message,
                                          const MessageQueue& queue,
                                          const clock::Deadline& deadline, int32_t* response_code) {
  *response_code = -1;
  auto address = FindBrokerAddress(queue, deadline);
  if (!address.ok()) return address.status();
  RMQ_RETURN_IF_ERROR(CheckTimerSupport(*message, queue, *address, deadline));
  RMQ_RETURN_IF_ERROR(WaitOutBackoff(queue, *address, deadline));
  const auto remaining = deadline.Remaining();
  if (remaining.count() <= 0) {
    return Status::Timeout("send timeout " + std::to_string(config_.send_timeout_ms) +
                           " ms elapsed before sending to broker " + queue.broker_name);
  }
  const int64_t begin = clock::MonotonicMillis();
  auto response = instance_->remoting().InvokeSync(
      *address, BuildSendRequest(message, config_, queue), remaining);
  const int64_t latency = clock::MonotonicMillis() - begin;
  ReportTransport(*address, response);
  if (!response.ok()) {
    if (IsTransportFailure(response.status()))
      fault_.UpdateFaultItem(queue.broker_name, latency, true);
    return response.status().WithContext("send to broker " + queue.broker_name + " (" + *address +
                                         ")");
  }
  *response_code = response->code();
  fault_.UpdateFaultItem(queue.broker_name, latency, false);
  // Returned as built when not traced: a named result would be moved out (six strings).
  if (!tracer_) return ParseSendResponse(*response, *message, queue, *address);
  auto result = ParseSendResponse(*response, *message, queue, *address);
  if (result.ok()) TracePub(message, *result, *address, latency);
  return result;
}

void ProducerImpl::TracePub(const std::shared_ptr<const PreparedMessage>& message,
                            const SendResult& result, const std::string& address, int64_t cost_ms) {
  tracer_->AppendPub(message, result, address, cost_ms);
}

void ProducerImpl::TraceEndTransaction(const Message& message, const std::string& msg_id,
                                       const std::string& transaction_id,
                                       const std::string& broker_address, TransactionState state,
                                       bool from_check) {
  if (!tracer_) return;
  namespace mc = protocol::MessageConst;
  auto property = [&](const char* name) -> std::optional<std::string> {
    return message.has_property(name) ? std::optional<std::string>(message.property(name))
                                      : std::nullopt;
  };
  EndTransactionTrace trace;
  trace.timestamp = clock::WallMillis();
  trace.region_id = property(mc::kPropertyMsgRegion).value_or("");
  if (trace.region_id.empty()) trace.region_id = "DefaultRegion";
  trace.group = UnwrapNamespace(config_.name_space, config_.group);
  trace.topic = UnwrapNamespace(config_.name_space, message.topic());
  trace.msg_id = msg_id;
  trace.tags = property(mc::kPropertyTags);
  trace.keys = property(mc::kPropertyKeys);
  trace.store_host = broker_address;
  trace.transaction_id = transaction_id;
  // Java's LocalTransactionState names (UNKNOW is its spelling).
  trace.state = state == TransactionState::kCommit     ? "COMMIT_MESSAGE"
                : state == TransactionState::kRollback ? "ROLLBACK_MESSAGE"
                                                       : "UNKNOW";
  trace.from_transaction_check = from_check;
  tracer_->Append(EncodeTrace(trace));
}

Status ProducerImpl::WaitOutBackoff(const MessageQueue& queue, const std::string& address,
                                    const clock::Deadline& deadline) {
  const int64_t wait = backoff_.WaitMs(address);
  if (wait == 0) return Status::OK();
  const int64_t remaining = deadline.Remaining().count();
  if (wait < remaining) {
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    return Status::OK();
  }
  // Failing at once would let a caller that retries spin: the send takes its time instead.
  std::this_thread::sleep_for(std::chrono::milliseconds(std::max<int64_t>(remaining, 0)));
  return BackoffError(queue, address, backoff_.WaitMs(address));
}

Status ProducerImpl::BackoffError(const MessageQueue& queue, const std::string& address,
                                  int64_t wait_ms) const {
  return Status::Network("broker " + queue.broker_name + " (" + address +
                         ") did not answer the last " + std::to_string(backoff_.failures(address)) +
                         " attempt(s); the next attempt is allowed in " + std::to_string(wait_ms) +
                         " ms");
}

void ProducerImpl::ReportTransport(const std::string& address,
                                   const Result<remoting::RemotingCommand>& response) {
  if (response.ok()) {
    backoff_.OnAnswer(address);
  } else if (response.status().code() == ErrorCode::kNetwork) {
    // Only a broker that cannot be reached fails fast enough for a caller to spin on it; a
    // silent one already costs each attempt its timeout.
    backoff_.OnTransportFailure(address);
  }
}

Result<SendResult> ProducerImpl::SendWithRetries(
    const std::shared_ptr<const PreparedMessage>& message) {
  const auto deadline = clock::Deadline::After(SendTimeout());
  const int64_t begin = clock::MonotonicMillis();
  auto info = FindPublishInfo(message->topic, deadline);
  if (!info.ok()) return info.status();
  const int attempts = 1 + std::max(0, config_.retry_times_when_send_failed);
  std::vector<std::string> brokers;
  std::string last_broker;
  Status last_error;
  std::optional<SendResult> stored;
  for (int i = 0; i < attempts; ++i) {
    if (i > 0 && deadline.Expired()) break;
    const MessageQueue queue = fault_.SelectOneQueue(**info, last_broker);
    last_broker = queue.broker_name;
    int32_t code = -1;
    auto result = SendOnce(message, queue, deadline, &code);
    if (result.ok() && (result->status == SendStatus::kSendOk ||
                        !config_.retry_another_broker_when_not_store_ok)) {
      return result;
    }
    // Named only by the error after the last attempt: a send stored at once lists nothing.
    brokers.push_back(queue.broker_name);
    if (result.ok()) {
      stored = std::move(*result);
      continue;
    }
    last_error = result.status();
    if (RouteMayBeStale(code, last_error)) instance_->RefreshTopicRouteSoon(message->topic);
    if (code >= 0 ? !IsRetryableResponseCode(code) : IsFinal(last_error)) return last_error;
    RMQ_LOG_DEBUG << "send attempt " << (i + 1) << " failed: " << last_error.ToString();
  }
  if (stored) return *stored;
  return last_error.WithContext("sending to topic '" + message->topic + "' failed after " +
                                std::to_string(brokers.size()) + " attempt(s) to broker(s) [" +
                                JoinBrokers(brokers) + "] in " +
                                std::to_string(clock::MonotonicMillis() - begin) + " ms");
}

Result<SendResult> ProducerImpl::Send(const Message& message) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  return SendWithRetries(*prepared);
}

Result<SendResult> ProducerImpl::SendHalfMessage(const Message& message) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  bool transactional = false;
  protocol::ParseHeaderValue(message.property(protocol::MessageConst::kPropertyTransactionPrepared),
                             &transactional);
  if (!transactional) return SendWithRetries(*prepared);
  auto half = std::make_shared<PreparedMessage>(**prepared);
  half->sys_flag |= protocol::MessageSysFlag::kTransactionPreparedType;
  return SendWithRetries(std::move(half));
}

Result<SendResult> ProducerImpl::Send(const Message& message, const MessageQueue& queue) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  RMQ_RETURN_IF_ERROR(CheckQueueTopic(message.topic(), queue));
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  int32_t code = -1;
  return SendOnce(*prepared, ToWire(queue), clock::Deadline::After(SendTimeout()), &code);
}

Result<SendResult> ProducerImpl::Send(const Message& message, const QueueSelector& selector) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  const auto deadline = clock::Deadline::After(SendTimeout());
  auto queue = SelectWithSelector(**prepared, message, selector, deadline);
  if (!queue.ok()) return queue.status();
  int32_t code = -1;
  return SendOnce(*prepared, *queue, deadline, &code);
}

Result<SendResult> ProducerImpl::SendBatch(const std::vector<Message>& messages) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  auto prepared = PrepareBatch(messages, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  return SendWithRetries(*prepared);
}

Result<SendResult> ProducerImpl::SendBatch(const std::vector<Message>& messages,
                                           const MessageQueue& queue) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  auto prepared = PrepareBatch(messages, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  RMQ_RETURN_IF_ERROR(CheckQueueTopic((*prepared)->user_topic, queue));
  int32_t code = -1;
  return SendOnce(*prepared, ToWire(queue), clock::Deadline::After(SendTimeout()), &code);
}

Status ProducerImpl::SendAsync(const Message& message, SendCallback callback) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  if (!callback) return Status::InvalidArgument("the send callback is empty");
  if (coalescer_ && AsyncCoalescer::Eligible(message, config_)) {
    return SendCoalesced(message, std::move(callback));
  }
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  return SendAsyncWithRetries(std::move(*prepared), std::move(callback));
}

Status ProducerImpl::SendAsync(const Message& message, const MessageQueue& queue,
                               SendCallback callback) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  if (!callback) return Status::InvalidArgument("the send callback is empty");
  RMQ_RETURN_IF_ERROR(CheckQueueTopic(message.topic(), queue));
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  return SendAsyncTo(std::move(*prepared), ToWire(queue), clock::Deadline::After(SendTimeout()),
                     std::move(callback));
}

Status ProducerImpl::SendAsync(const Message& message, const QueueSelector& selector,
                               SendCallback callback) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  if (!callback) return Status::InvalidArgument("the send callback is empty");
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  const auto deadline = clock::Deadline::After(SendTimeout());
  auto queue = SelectWithSelector(**prepared, message, selector, deadline);
  if (!queue.ok()) return queue.status();
  return SendAsyncTo(std::move(*prepared), *queue, deadline, std::move(callback));
}

Status ProducerImpl::SendBatchAsync(const std::vector<Message>& messages, SendCallback callback) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  if (!callback) return Status::InvalidArgument("the send callback is empty");
  auto prepared = PrepareBatch(messages, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  return SendAsyncWithRetries(std::move(*prepared), std::move(callback));
}

Status ProducerImpl::SendBatchAsync(const std::vector<Message>& messages, const MessageQueue& queue,
                                    SendCallback callback) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  if (!callback) return Status::InvalidArgument("the send callback is empty");
  auto prepared = PrepareBatch(messages, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  RMQ_RETURN_IF_ERROR(CheckQueueTopic((*prepared)->user_topic, queue));
  return SendAsyncTo(std::move(*prepared), ToWire(queue), clock::Deadline::After(SendTimeout()),
                     std::move(callback));
}

Status ProducerImpl::SendCoalesced(const Message& message, SendCallback callback) {
  // Refused here, as a single send would be, rather than failing a whole batch later.
  RMQ_RETURN_IF_ERROR(CheckMessage(message, config_.max_message_size));
  Message copy = message;
  std::string id;
  auto existing =
      copy.properties().find(protocol::MessageConst::kPropertyUniqClientMessageIdKeyidx);
  if (existing != copy.properties().end() && !existing->second.empty()) {
    id = existing->second;
  } else {
    id = instance_->unique_keys().Next();
    copy.set_property(protocol::MessageConst::kPropertyUniqClientMessageIdKeyidx, id);
  }
  return coalescer_->Add(std::move(copy), std::move(id), std::move(callback),
                         clock::Deadline::After(SendTimeout()));
}

Status ProducerImpl::SendCoalescedBatch(const std::vector<Message>& batch, SendCallback callback) {
  auto prepared = PrepareBatch(batch, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  (*prepared)->coalesced = true;
  return SendAsyncWithRetries(std::move(*prepared), std::move(callback));
}

Status ProducerImpl::SendAsyncWithRetries(std::shared_ptr<const PreparedMessage> message,
                                          SendCallback callback) {
  auto send = std::make_shared<AsyncSend>(
      std::move(message), std::move(callback), clock::Deadline::After(SendTimeout()),
      1 + std::max(0, config_.retry_times_when_send_async_failed));
  auto info = CachedPublishInfo(send->message->topic);
  if (info.ok()) send->info = std::move(*info);
  // Without a cached route the lookup must not block the caller either: it goes to the
  // nameserver asynchronously and the send continues from its answer.
  return StartAsync(std::move(send));
}

Status ProducerImpl::SendAsyncTo(std::shared_ptr<const PreparedMessage> message,
                                 const MessageQueue& queue, const clock::Deadline& deadline,
                                 SendCallback callback) {
  auto send = std::make_shared<AsyncSend>(std::move(message), std::move(callback), deadline, 1);
  send->fixed_queue = queue;
  return StartAsync(std::move(send));
}

Status ProducerImpl::StartAsync(std::shared_ptr<AsyncSend> send) {
  if (!in_flight_.Acquire(send->deadline.when())) {
    return Status::ResourceExhausted(
        "maxAsyncInFlight (" + std::to_string(config_.max_async_in_flight) +
        ") async sends are in flight and none finished within sendMsgTimeout " +
        std::to_string(config_.send_timeout_ms) + " ms");
  }
  ListPending(send);
  Status started = (send->info || !send->fixed_queue.topic.empty()) ? AsyncAttempt(send)
                                                                    : LookUpRouteThenAttempt(send);
  if (!started.ok()) {
    // No attempt is in flight, so only a Shutdown that timed out meanwhile can have completed
    // this send: then its callback has run (Cancelled) and has released the slot, and the
    // caller must not hear of the send a second time. Otherwise the caller gets the error and
    // the callback never runs.
    if (send->done.exchange(true)) return Status::OK();
    send->callback = nullptr;
    UnlistPending(send.get());
    in_flight_.Release();
  }
  return started;
}

Status ProducerImpl::LookUpRouteThenAttempt(const std::shared_ptr<AsyncSend>& send) {
  auto self = shared_from_this();
  return LookUpPublishInfoAsync(send->message->topic, send->deadline,
                                [self, send](Result<std::shared_ptr<TopicPublishInfo>> info) {
                                  if (!info.ok()) {
                                    self->Complete(send, info.status());
                                    return;
                                  }
                                  send->info = std::move(*info);
                                  Status started = self->AsyncAttempt(send);
                                  if (!started.ok()) self->Complete(send, started);
                                });
}

Status ProducerImpl::AsyncAttempt(const std::shared_ptr<AsyncSend>& send) {
  while (send->attempts_left > 0) {
    --send->attempts_left;
    // The previous attempt's broker is the one to avoid.
    send->queue = send->info ? fault_.SelectOneQueue(*send->info, send->queue.broker_name)
                             : send->fixed_queue;
    auto address = FindBrokerAddress(send->queue, send->deadline);
    if (!address.ok()) {
      send->last_error = address.status();
      continue;
    }
    if (Status timer = CheckTimerSupport(*send->message, send->queue, *address, send->deadline);
        !timer.ok()) {
      send->last_error = timer;
      continue;
    }
    // An asynchronous attempt does not wait out a dead broker's pause (it would block the
    // sending or the callback thread): it fails, and the next attempt picks another broker.
    if (const int64_t wait = backoff_.WaitMs(*address); wait > 0) {
      send->last_error = BackoffError(send->queue, *address, wait);
      continue;
    }
    // One clock reading for the deadline, the latency's start and the time left, taken after
    // the lookups above (which may wait for the nameserver or the broker).
    const auto now = clock::Monotonic::now();
    if (now >= send->deadline.when()) break;
    send->address = std::move(*address);
    send->begin_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const auto remaining =
        std::max(std::chrono::duration_cast<std::chrono::milliseconds>(send->deadline.when() - now),
                 std::chrono::milliseconds(0));
    send->in_attempt = send;
    send->producer = shared_from_this();
    // A coalesced batch's callback sends what waited meanwhile, which may block (a free
    // in-flight slot, a route lookup): never on the I/O thread.
    send->answer_on_io_thread = config_.async_callback_on_io_thread && !send->message->coalesced;
    Status sent = instance_->remoting().InvokeAsync(
        send->address, BuildSendRequest(send->message, config_, send->queue), remaining,
        [attempt = send.get()](Result<remoting::RemotingCommand> response) {
          std::shared_ptr<AsyncSend> answered = std::move(attempt->in_attempt);
          std::shared_ptr<ProducerImpl> self = std::move(answered->producer);
          self->OnAsyncResponse(answered, std::move(response));
        },
        send->answer_on_io_thread ? remoting::CallbackThread::kIoThread
                                  : remoting::CallbackThread::kExecutor);
    // After a successful InvokeAsync the response may already be in progress on another
    // thread: `send` must not be touched again here. Otherwise the callback never runs.
    if (sent.ok()) return sent;
    send->in_attempt.reset();
    send->producer.reset();
    if (sent.code() == ErrorCode::kNetwork) backoff_.OnTransportFailure(send->address);
    send->last_error =
        sent.WithContext("send to broker " + send->queue.broker_name + " (" + send->address + ")");
    if (IsFinal(sent)) break;
  }
  if (send->deadline.Expired()) {
    return LastError(*send).WithContext("send timeout " + std::to_string(config_.send_timeout_ms) +
                                        " ms elapsed");
  }
  return LastError(*send);
}

Status ProducerImpl::LastError(const AsyncSend& send) {
  if (!send.last_error.ok()) return send.last_error;
  return Status::Timeout("the send timeout elapsed before any attempt");
}

void ProducerImpl::OnAsyncResponse(const std::shared_ptr<AsyncSend>& send,
                                   Result<remoting::RemotingCommand> response) {
  if (send->done.load()) return;
  // Failures come on a callback thread whatever the attempt asked for.
  const bool on_io_thread = response.ok() && send->answer_on_io_thread;
  const MessageQueue& queue = send->queue;
  const std::string& address = send->address;
  const int64_t latency = clock::MonotonicMillis() - send->begin_ms;
  ReportTransport(address, response);
  if (response.ok()) {
    fault_.UpdateFaultItem(queue.broker_name, latency, false);
    // A stored answer completes the send (below): untraced, nothing reads the ids after.
    auto result = ParseSendResponse(*response, *send->message, queue, address,
                                    tracer_ ? MessageId::kCopy : MessageId::kTake);
    if (tracer_ && result.ok()) TracePub(send->message, *result, address, latency);
    if (result.ok() || !IsRetryableResponseCode(response->code())) {
      Complete(send, result);
      return;
    }
    send->last_error = result.status();
  } else {
    if (response.status().code() == ErrorCode::kCancelled) {
      Complete(send, response.status().WithContext("send to broker " + queue.broker_name));
      return;
    }
    if (IsTransportFailure(response.status()))
      fault_.UpdateFaultItem(queue.broker_name, latency, true);
    send->last_error =
        response.status().WithContext("send to broker " + queue.broker_name + " (" + address + ")");
  }
  if (RouteMayBeStale(response.ok() ? response->code() : -1, send->last_error)) {
    instance_->RefreshTopicRouteSoon(send->message->topic);
  }
  if (state_.load() != State::kRunning) {
    Complete(send, Status::Cancelled(
                       "producer " + config_.group +
                       " shut down before a retry; last error: " + send->last_error.ToString()));
    return;
  }
  if (on_io_thread && send->attempts_left > 0) {
    // An attempt may block (a broker address or timer-support lookup): not on the I/O thread.
    Status handed = instance_->remoting().RunOnCallbackThread(
        [self = shared_from_this(), send] { self->RetryAsync(send); });
    if (!handed.ok()) Complete(send, handed.WithContext("retrying a send"));
    return;
  }
  RetryAsync(send);
}

void ProducerImpl::RetryAsync(const std::shared_ptr<AsyncSend>& send) {
  Status retried = send->attempts_left > 0 ? AsyncAttempt(send) : LastError(*send);
  if (!retried.ok()) Complete(send, retried);
}

void ProducerImpl::Complete(const std::shared_ptr<AsyncSend>& send,
                            const Result<SendResult>& result) {
  if (send->done.exchange(true)) return;
  UnlistPending(send.get());
  // The slot is free before the callback runs, so a callback may send again without
  // waiting on itself.
  in_flight_.Release();
  InvokeCallback(send->callback, result);
  // What the user's callback holds goes now, not when a sender frees the send.
  send->callback = nullptr;
}

void ProducerImpl::ListPending(const std::shared_ptr<AsyncSend>& send) {
  // Released after the lock.
  std::shared_ptr<AsyncSend> finished[kFreedPerSend];
  std::lock_guard<std::mutex> lock(async_mu_);
  for (auto& oldest : finished) {
    // Until its response callback has returned, the callback thread holds the oldest too,
    // and would free it: left for a later send.
    if (finished_count_ == 0 || finished_ring_[finished_head_].use_count() != 1) break;
    oldest = std::move(finished_ring_[finished_head_]);
    finished_head_ = (finished_head_ + 1) % finished_ring_.size();
    --finished_count_;
    finished_body_bytes_ -= oldest->message->body.size();
  }
  send->listed = send;
  send->prev = nullptr;
  send->next = pending_async_;
  if (pending_async_ != nullptr) pending_async_->prev = send.get();
  pending_async_ = send.get();
}

void ProducerImpl::UnlistPending(AsyncSend* send) {
  std::shared_ptr<AsyncSend> listed;  // released after the lock
  std::lock_guard<std::mutex> lock(async_mu_);
  if (!send->listed) return;
  (send->prev != nullptr ? send->prev->next : pending_async_) = send->next;
  if (send->next != nullptr) send->next->prev = send->prev;
  send->prev = send->next = nullptr;
  listed = std::move(send->listed);
  // Kept for a sender to free, unless the ring is full.
  const size_t body_bytes = listed->message->body.size();
  if (finished_ring_.empty()) finished_ring_.resize(kFinishedRingSize);
  if (finished_count_ == finished_ring_.size() ||
      finished_body_bytes_ + body_bytes > kMaxFinishedBodyBytes) {
    return;
  }
  finished_body_bytes_ += body_bytes;
  finished_ring_[(finished_head_ + finished_count_) % finished_ring_.size()] = std::move(listed);
  ++finished_count_;
}

Status ProducerImpl::SendOnewayTo(const std::shared_ptr<const PreparedMessage>& message,
                                  const MessageQueue& queue) {
  const auto deadline = clock::Deadline::After(SendTimeout());
  auto address = FindBrokerAddress(queue, deadline);
  if (!address.ok()) return address.status();
  RMQ_RETURN_IF_ERROR(CheckTimerSupport(*message, queue, *address, deadline));
  return instance_->remoting()
      .InvokeOneway(*address, BuildSendRequest(message, config_, queue))
      .WithContext("oneway send to broker " + queue.broker_name + " (" + *address + ")");
}

Status ProducerImpl::SendOneway(const Message& message) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  auto info = FindPublishInfo((*prepared)->topic, clock::Deadline::After(SendTimeout()));
  if (!info.ok()) return info.status();
  return SendOnewayTo(*prepared, fault_.SelectOneQueue(**info, ""));
}

Status ProducerImpl::SendOneway(const Message& message, const MessageQueue& queue) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  RMQ_RETURN_IF_ERROR(CheckQueueTopic(message.topic(), queue));
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  return SendOnewayTo(*prepared, ToWire(queue));
}

Status ProducerImpl::SendOneway(const Message& message, const QueueSelector& selector) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  auto prepared = PrepareMessage(message, config_, instance_->unique_keys());
  if (!prepared.ok()) return prepared.status();
  auto queue =
      SelectWithSelector(**prepared, message, selector, clock::Deadline::After(SendTimeout()));
  if (!queue.ok()) return queue.status();
  return SendOnewayTo(*prepared, *queue);
}

Result<std::vector<MessageQueue>> ProducerImpl::FetchPublishQueues(const std::string& topic) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  RMQ_RETURN_IF_ERROR(CheckTopic(topic));
  auto info = FindPublishInfo(WrapNamespace(config_.name_space, topic),
                              clock::Deadline::After(SendTimeout()));
  if (!info.ok()) return info.status();
  std::vector<MessageQueue> queues;
  for (const auto& mq : (*info)->queues()) queues.push_back(FromWire(mq));
  return queues;
}

Status ProducerImpl::StartRequest(const Message& message, std::chrono::milliseconds timeout,
                                  RequestCallback callback, std::string* correlation_id) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  if (timeout.count() <= 0) {
    return Status::InvalidArgument("the request timeout must be positive, not " +
                                   std::to_string(timeout.count()) + " ms");
  }
  RMQ_RETURN_IF_ERROR(CheckTopic(message.topic()));
  const auto deadline = clock::Deadline::After(timeout);
  Message request = message;
  *correlation_id = NewCorrelationId();
  request.set_property(protocol::MessageConst::kPropertyCorrelationId, *correlation_id);
  request.set_property(protocol::MessageConst::kPropertyMessageReplyToClient,
                       instance_->client_id());
  request.set_property(protocol::MessageConst::kPropertyMessageTtl,
                       std::to_string(timeout.count()));
  const std::string wire_topic = WrapNamespace(config_.name_space, message.topic());
  {
    // The route's brokers may not have this client's producer heartbeat yet, and a broker
    // can push a reply only over a connection it knows the client id of: the first request
    // to a topic waits until they processed one (a broker stores a send before it gets to a
    // heartbeat read earlier), and concurrent first requests wait for that one.
    std::lock_guard<std::mutex> lock(request_route_mu_);
    if (!instance_->routes().FindPublishInfo(wire_topic)) {
      auto info = FindPublishInfo(wire_topic, deadline);
      if (!info.ok()) {
        return info.status().WithContext("request to topic '" + message.topic() + "'");
      }
      instance_->heartbeats().SendToAllBrokersAndWait(deadline.Remaining());
    }
  }
  ReplyReceiver& replies = instance_->replies();
  if (!replies.table().Add(*correlation_id, message.topic(), timeout,
                           RequestFutureTable::Clock::now(), std::move(callback))) {
    return Status::Internal("correlation id " + *correlation_id + " is already waiting");
  }
  std::weak_ptr<ProducerImpl> weak = weak_from_this();
  const std::string id = *correlation_id;
  Status sent = SendAsync(request, [weak, id](const Result<SendResult>& result) {
    auto self = weak.lock();
    if (!self) return;
    ReplyReceiver& receiver = self->instance_->replies();
    if (result.ok()) {
      receiver.table().MarkSent(id);
      return;
    }
    auto entry = receiver.table().Take(id);
    if (!entry) return;
    Status error =
        result.status().WithContext("sending the request message to topic '" + entry->topic + "'");
    receiver.Complete(std::move(*entry), std::move(error));
  });
  if (!sent.ok()) replies.table().Take(id);
  return sent;
}

Status ProducerImpl::RequestAsync(const Message& message, std::chrono::milliseconds timeout,
                                  RequestCallback callback) {
  std::string id;
  return StartRequest(message, timeout, std::move(callback), &id);
}

Result<MessageExt> ProducerImpl::Request(const Message& message,
                                         std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto promise = std::make_shared<std::promise<Result<MessageExt>>>();
  auto future = promise->get_future();
  std::string id;
  Status started = StartRequest(
      message, timeout, [promise](const Result<MessageExt>& reply) { promise->set_value(reply); },
      &id);
  if (!started.ok()) return started;
  if (future.wait_until(deadline) == std::future_status::ready) return future.get();
  // Whoever takes the request out of the table completes it: if the sweeper, a failed send
  // or the reply got there first, its result is on its way.
  if (auto entry = instance_->replies().table().Take(id)) {
    return RequestFutureTable::TimeoutError(*entry);
  }
  return future.get();
}

}  // namespace client
}  // namespace rocketmq
