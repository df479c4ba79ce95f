#include "consumer/push_consumer_impl.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <optional>
#include <set>

#include "client/namespace_util.h"
#include "client/validators.h"
#include "common/clock.h"
#include "common/logging.h"
#include "consumer/group_membership.h"
#include "consumer/local_file_offset_store.h"
#include "consumer/pull_target.h"
#include "consumer/pulled_messages.h"
#include "consumer/remote_offset_store.h"
#include "consumer/start_offset.h"
#include "consumer/subscription.h"
#include "consumer/wire_queue.h"
#include "producer/producer_impl.h"
#include "producer/trace_hooks.h"
#include "protocol/client_headers.h"
#include "protocol/consumer_list_body.h"
#include "protocol/lock_batch_body.h"
#include "protocol/message_properties.h"
#include "protocol/offset_headers.h"
#include "protocol/pull_headers.h"
#include "protocol/pull_sysflag.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/topic_names.h"
#include "remoting/binary_header.h"
#include "remoting/event_loop.h"

namespace rocketmq {
namespace consumer {
namespace {

// ConsumeReturnType ordinals of SubAfter traces.
constexpr int kTraceSuccessCode = 0;
constexpr int kTraceExceptionCode = 2;
constexpr int kTraceFailedCode = 4;

using std::chrono::milliseconds;
namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;

// Java's PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION, ..._WHEN_FLOW_CONTROL, the delay before a
// moved queue is released, and the delay of a local redelivery.
constexpr milliseconds kPullDelayOnError(3000);
constexpr milliseconds kPullDelayOnFlowControl(50);
constexpr milliseconds kOffsetMovedDelay(10000);
constexpr milliseconds kReconsumeDelay(5000);
// Java's PULL_TIME_DELAY_MILLS_WHEN_SUSPEND, and how often a batch pulled before a Suspend()
// looks whether consumption has resumed.
constexpr milliseconds kPullDelayOnSuspend(1000);
constexpr milliseconds kSuspendedConsumeDelay(100);
constexpr milliseconds kRequestTimeout(3000);
constexpr milliseconds kSendBackTimeout(5000);
// Java's default maxReconsumeTimes when the consumer leaves it at -1.
constexpr int32_t kDefaultMaxReconsumeTimes = 16;
// CONSUMER_SEND_MSG_BACK's delay level that sends a message straight to the DLQ.
constexpr int32_t kDeadLetterDelayLevel = -1;
constexpr char kInnerProducerGroup[] = "CLIENT_INNER_PRODUCER";
// Orderly: Java's lock renewal period, the longest one consume request keeps a thread, the
// pause before retrying a queue whose broker lock is missing, and the wait for a listener
// call in progress before a queue is released.
constexpr milliseconds kLockRenewInterval(20000);
constexpr milliseconds kMaxOrderlyTimeSlice(60000);
constexpr milliseconds kRelockDelay(100);
constexpr milliseconds kReleaseWait(1000);
// How long a consume thread may keep the offsets and counts of its quick listener calls
// before they reach the offset store and the stats (RunTally).
constexpr int64_t kTallyFlushMs = 10;

milliseconds Remaining(std::chrono::steady_clock::time_point deadline) {
  return std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(
                                       deadline - std::chrono::steady_clock::now()));
}

// The consumer whose run the calling I/O thread drains (consume_on_io_thread), if any.
thread_local const PushConsumerImpl* running_io_run = nullptr;

ProducerConfig RetryProducerConfig(const ConsumerConfig& config) {
  ProducerConfig producer;
  static_cast<ClientConfig&>(producer) = config;
  producer.group = kInnerProducerGroup;
  // Sends back are not traced (Java traces them through the consumer's hook, not a producer's).
  producer.enable_msg_trace = false;
  return producer;
}

}  // namespace

PushConsumerImpl::PushConsumerImpl(ConsumerConfig config)
    : config_(std::move(config)),
      allocate_(std::make_unique<AllocateAveragely>()),
      scheduler_("rmq-consumer"),
      run_workers_(static_cast<size_t>(std::max(1, config_.consume_thread_count))) {}

PushConsumerImpl::~PushConsumerImpl() { scheduler_.Shutdown(); }

Status PushConsumerImpl::Subscribe(const std::string& user_topic, const std::string& expression,
                                   ExpressionType type) {
  RMQ_RETURN_IF_ERROR(client::CheckTopic(user_topic));
  const std::string topic = WithNamespace(user_topic);
  auto subscription = BuildSubscription(topic, expression, clock::WallMillis(), type);
  if (!subscription.ok()) return subscription.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    subscriptions_[topic] =
        std::make_shared<const protocol::SubscriptionData>(std::move(*subscription));
    subscriptions_version_.fetch_add(1);
  }
  if (running()) {
    auto route = instance_->UpdateTopicRoute(topic, kRequestTimeout);
    if (!route.ok()) {
      RMQ_LOG_WARN << "subscribe " << topic << ": " << route.status().ToString();
    }
    SendHeartbeats(false);
    ScheduleRebalanceNow();
  }
  return Status::OK();
}

Status PushConsumerImpl::Unsubscribe(const std::string& user_topic) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (subscriptions_.erase(WithNamespace(user_topic)) == 0) {
      return Status::NotFound("consumer group " + config_.group + " does not subscribe " +
                              user_topic);
    }
    subscriptions_version_.fetch_add(1);
  }
  if (running()) {
    SendHeartbeats(false);
    ScheduleRebalanceNow();
  }
  return Status::OK();
}

void PushConsumerImpl::RegisterMessageListener(MessageListener listener) {
  listener_ = std::move(listener);
  orderly_listener_ = nullptr;
}

void PushConsumerImpl::RegisterOrderlyListener(OrderlyMessageListener listener) {
  orderly_listener_ = std::move(listener);
  listener_ = nullptr;
}

Status PushConsumerImpl::Start() {
  State expected = State::kCreated;
  if (!state_.compare_exchange_strong(expected, State::kRunning)) {
    return Status::IllegalState("push consumer " + config_.group + " can be started only once");
  }
  auto fail = [this](Status status) {
    state_ = State::kStopped;
    if (tracer_) tracer_->Shutdown(milliseconds(0));
    return status.WithContext("starting push consumer " + config_.group);
  };
  if (!listener_ && !orderly_listener_) {
    return fail(Status::InvalidArgument("no message listener registered"));
  }
  if (Status s = client::CheckGroup(config_.group); !s.ok()) return fail(s);
  config_.group = WithNamespace(config_.group);
  retry_topic_ = protocol::topic::RetryTopic(config_.group);
  auto strategy = MakeAllocateStrategy(config_.allocate_strategy);
  if (!strategy.ok()) return fail(strategy.status());
  allocate_ = std::move(*strategy);
  // Before the first pull: listener calls may start before Start returns.
  if (config_.enable_msg_trace) {
    tracer_ = client::TraceDispatcher::StartOrWarn(config_, config_.group, "CONSUME",
                                                   "push consumer " + config_.group);
  }
  if (clustering()) {
    std::lock_guard<std::mutex> lock(mu_);
    subscriptions_[protocol::topic::RetryTopic(config_.group)] =
        std::make_shared<const protocol::SubscriptionData>(*BuildSubscription(
            protocol::topic::RetryTopic(config_.group), "*", clock::WallMillis()));
    subscriptions_version_.fetch_add(1);
  }
  auto instance = client::ClientInstance::Create(config_);
  if (!instance.ok()) return fail(instance.status());
  instance_ = std::move(*instance);
  std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
  const bool registered = instance_->consumer_requests().Register(
      config_.group, [weak](remoting::RemotingCommand& request) -> remoting::ProcessResult {
        if (auto self = weak.lock()) return self->HandleServerRequest(request);
        return Status::IllegalState("the consumer is gone");
      });
  if (!registered) {
    return fail(Status::IllegalState("another consumer of the group runs in this client instance"));
  }
  start_wall_ms_ = clock::WallMillis();
  stats_.Sample(clock::MonotonicMillis());
  if (Status s = instance_->Start(); !s.ok()) {
    instance_->consumer_requests().Unregister(config_.group);
    return fail(s);
  }
  if (clustering()) {
    offsets_ = std::make_unique<RemoteOffsetStore>(
        config_.group, &instance_->remoting(), [this](const std::string& broker) {
          return instance_->routes().FindSubscribeAddress(broker);
        });
  } else {
    auto local = std::make_unique<LocalFileOffsetStore>(config_.offset_store_dir,
                                                        instance_->client_id(), config_.group);
    RMQ_LOG_INFO << "broadcasting consumer " << config_.group << " keeps offsets in "
                 << local->path();
    if (Status s = local->Load(); !s.ok()) {
      instance_->Shutdown();
      return fail(s);
    }
    offsets_ = std::move(local);
  }
  retry_producer_ = std::make_shared<client::ProducerImpl>(RetryProducerConfig(config_), instance_);
  if (Status s = retry_producer_->Start(); !s.ok()) {
    instance_->Shutdown();
    return fail(s);
  }
  consume_pool_ = std::make_unique<ThreadPool>(
      "rmq-consume", static_cast<size_t>(std::max(1, config_.consume_thread_count)));
  if (Status s = scheduler_.Start(); !s.ok()) {
    consume_pool_->Shutdown();
    retry_producer_->Shutdown(milliseconds(0));
    instance_->Shutdown();
    return fail(s);
  }
  std::vector<std::string> topics;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& entry : subscriptions_) topics.push_back(entry.first);
  }
  for (const auto& topic : topics) {
    auto route = instance_->UpdateTopicRoute(topic, kRequestTimeout);
    if (!route.ok()) {
      RMQ_LOG_INFO << "route of " << topic << ": " << route.status().ToString();
    }
  }
  // As Java's start does, before the first heartbeat: brokers compile the SQL92 expressions.
  if (Status s = CheckSubscriptionsInBroker(); !s.ok()) {
    Shutdown(milliseconds(0));
    return s.WithContext("starting push consumer " + config_.group);
  }
  // The brokers must know this consumer before anyone asks them for the group's members.
  SendHeartbeats(true);
  const milliseconds rebalance_every(config_.rebalance_interval_ms);
  const milliseconds persist_every(config_.persist_consumer_offset_interval_ms);
  const milliseconds heartbeat_every(config_.heartbeat_broker_interval_ms);
  scheduler_.ScheduleFor(
      weak, milliseconds(0), [](PushConsumerImpl& self) { self.Rebalance(); }, rebalance_every);
  scheduler_.ScheduleFor(
      weak, persist_every, [](PushConsumerImpl& self) { self.PersistOffsets(kRequestTimeout); },
      persist_every);
  scheduler_.ScheduleFor(
      weak, heartbeat_every, [](PushConsumerImpl& self) { self.SendHeartbeats(false); },
      heartbeat_every);
  if (!orderly()) {
    const milliseconds check_interval(std::max<int64_t>(1, config_.consume_timeout_minutes) *
                                      60000);
    scheduler_.ScheduleFor(
        weak, check_interval, [](PushConsumerImpl& self) { self.CleanExpiredMessages(); },
        check_interval);
  }
  if (orderly() && clustering()) {
    scheduler_.ScheduleFor(
        weak, kLockRenewInterval, [](PushConsumerImpl& self) { self.LockAll(); },
        kLockRenewInterval);
  }
  RMQ_LOG_INFO << "push consumer " << config_.group << " started as " << instance_->client_id();
  return Status::OK();
}

std::string PushConsumerImpl::TraceBefore(const std::vector<MessageExt>& batch) {
  std::string request_id = instance_->unique_keys().Next();
  std::vector<client::TraceRecord> records;
  client::AppendSubBeforeRecords(batch, client::UnwrapNamespace(config_.name_space, config_.group),
                                 request_id, clock::WallMillis(), &records);
  tracer_->Append(std::move(records));
  return request_id;
}

void PushConsumerImpl::TraceAfter(const std::string& request_id,
                                  const std::vector<MessageExt>& batch, int64_t cost_ms,
                                  bool success, int context_code) {
  std::vector<client::TraceRecord> records;
  client::AppendSubAfterRecords(batch, client::UnwrapNamespace(config_.name_space, config_.group),
                                request_id, cost_ms, success, context_code, clock::WallMillis(),
                                &records);
  tracer_->Append(std::move(records));
}

Status PushConsumerImpl::Shutdown(milliseconds timeout) {
  State expected = State::kRunning;
  if (!state_.compare_exchange_strong(expected, State::kStopped)) return Status::OK();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  stopping_ = true;
  scheduler_.Shutdown();
  // Batches still queued are skipped (stopping_); calls in progress finish and commit.
  consume_pool_->Shutdown();
  {
    // So do the calls on I/O threads (consume_on_io_thread), whose offsets are persisted below
    // and whose listener's state the caller may destroy once this returns.
    // A listener that shuts its consumer down waits for the others only.
    const int own = running_io_run == this ? 1 : 0;
    std::unique_lock<std::mutex> lock(io_runs_mu_);
    io_runs_done_.wait(lock, [this, own] { return io_runs_ == own; });
  }
  if (tracer_) tracer_->Shutdown(Remaining(deadline));
  std::vector<MessageQueue> queues;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [queue, pq] : process_queues_) {
      pq->set_dropped();
      queues.push_back(queue);
    }
    process_queues_.clear();
  }
  Status persisted = offsets_->Persist(queues, Remaining(deadline));
  if (!persisted.ok()) {
    RMQ_LOG_WARN << "shutdown: " << persisted.ToString();
  }
  if (orderly() && clustering()) {
    std::map<std::string, std::set<MessageQueue>> by_broker;
    for (const auto& queue : queues) by_broker[queue.broker_name].insert(queue);
    for (const auto& [broker, held] : by_broker) {
      Status unlocked = UnlockQueues(broker, held, Remaining(deadline));
      if (!unlocked.ok()) {
        RMQ_LOG_WARN << "shutdown: " << unlocked.ToString();
      }
    }
  }
  UnregisterConsumer(instance_.get(), config_.group, Remaining(deadline));
  instance_->consumer_requests().Unregister(config_.group);
  retry_producer_->Shutdown(Remaining(deadline));
  instance_->Shutdown();
  RMQ_LOG_INFO << "push consumer " << config_.group << " shut down";
  return persisted;
}

void PushConsumerImpl::Suspend() {
  suspended_ = true;
  RMQ_LOG_INFO << "push consumer " << config_.group << " suspended";
}

void PushConsumerImpl::Resume() {
  suspended_ = false;
  RMQ_LOG_INFO << "push consumer " << config_.group << " resumed";
}

std::vector<MessageQueue> PushConsumerImpl::AssignedQueues() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<MessageQueue> queues;
  for (const auto& entry : process_queues_) queues.push_back(entry.first);
  return queues;
}

std::optional<std::string> PushConsumerImpl::MasterAddress(const std::string& broker_name) const {
  return instance_->routes().FindMasterAddress(broker_name);
}

std::shared_ptr<const protocol::SubscriptionData> PushConsumerImpl::FindSubscription(
    const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = subscriptions_.find(topic);
  if (it == subscriptions_.end()) return nullptr;
  return it->second;
}

const std::shared_ptr<const protocol::SubscriptionData>& PushConsumerImpl::PullSubscription(
    PullRequest* request) const {
  // Read before the lookup: a change racing it makes the next pull look again.
  const uint64_t version = subscriptions_version_.load();
  if (request->subscription_version != version) {
    request->subscription = FindSubscription(request->queue.topic);
    request->subscription_version = version;
  }
  return request->subscription;
}

std::string PushConsumerImpl::WithNamespace(const std::string& name) const {
  return client::WrapNamespace(config_.name_space, name);
}

void PushConsumerImpl::RemoveNamespace(std::vector<MessageExt>* messages) const {
  if (config_.name_space.empty()) return;
  for (auto& message : *messages) {
    message.set_topic(client::UnwrapNamespace(config_.name_space, message.topic()));
  }
}

void PushConsumerImpl::SendHeartbeats(bool wait) {
  std::vector<protocol::SubscriptionData> subscriptions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& entry : subscriptions_) subscriptions.push_back(*entry.second);
  }
  SendConsumerHeartbeat(instance_.get(),
                        BuildConsumerData(config_, protocol::kConsumePassively, subscriptions),
                        wait);
}

Status PushConsumerImpl::CheckSubscriptionsInBroker() {
  std::vector<protocol::SubscriptionData> subscriptions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& entry : subscriptions_) subscriptions.push_back(*entry.second);
  }
  return CheckClientInBroker(instance_.get(), config_.group, subscriptions);
}

void PushConsumerImpl::ScheduleRebalanceNow() {
  scheduler_.ScheduleFor(weak_from_this(), milliseconds(0),
                         [](PushConsumerImpl& self) { self.Rebalance(); });
}

void PushConsumerImpl::Rebalance() {
  if (stopping_) return;
  std::set<std::string> topics;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& entry : subscriptions_) topics.insert(entry.first);
  }
  for (const auto& topic : topics) {
    if (stopping_) return;
    RebalanceTopic(topic);
  }
  // Queues of topics no longer subscribed.
  std::set<std::string> stale;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& entry : process_queues_) {
      if (topics.count(entry.first.topic) == 0) stale.insert(entry.first.topic);
    }
  }
  for (const auto& topic : stale) UpdateProcessQueues(topic, {});
}

void PushConsumerImpl::RebalanceTopic(const std::string& topic) {
  auto queues = ReadableQueues(instance_.get(), topic);
  if (!queues.ok()) {
    // A subscribed topic without route gets nothing until it exists: say so every round,
    // as Java does. The group's retry topic has none until a message is sent back.
    if (topic == protocol::topic::RetryTopic(config_.group)) {
      RMQ_LOG_DEBUG << "rebalance of " << config_.group << " skips " << topic << ": "
                    << queues.status().ToString();
    } else {
      RMQ_LOG_WARN << "consumer group " << config_.group << " gets nothing from " << topic
                   << " yet: " << queues.status().ToString();
    }
    return;
  }
  if (!clustering()) {
    UpdateProcessQueues(topic, *queues);
    return;
  }
  auto ids = GroupConsumerIds(instance_.get(), config_.group, topic);
  if (!ids.ok()) {
    // The broker may not know this consumer yet: its address was in no route when the last
    // heartbeat went out (a topic created after Start). Introduce the consumer, ask again.
    SendHeartbeats(true);
    ids = GroupConsumerIds(instance_.get(), config_.group, topic);
  }
  if (!ids.ok()) {
    RMQ_LOG_WARN << "rebalance of " << config_.group << " skips " << topic << ": "
                 << ids.status().ToString();
    return;
  }
  if (queues->empty() || ids->empty()) return;
  UpdateProcessQueues(topic,
                      allocate_->Allocate(config_.group, instance_->client_id(), *queues, *ids));
}

void PushConsumerImpl::UpdateProcessQueues(const std::string& topic,
                                           const std::vector<MessageQueue>& assigned) {
  const std::set<MessageQueue> wanted(assigned.begin(), assigned.end());
  std::vector<MessageQueue> removed;
  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> released;
  std::vector<MessageQueue> added;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = process_queues_.begin(); it != process_queues_.end();) {
      if (it->first.topic == topic && wanted.count(it->first) == 0) {
        it->second->set_dropped();
        removed.push_back(it->first);
        released[it->first] = it->second;
        it = process_queues_.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& queue : wanted) {
      if (process_queues_.count(queue) == 0) added.push_back(queue);
    }
  }
  for (const auto& queue : removed) {
    const bool holds_lock = orderly() && clustering();
    // Orderly: release the queue only between listener calls, so that the next owner never
    // overlaps a call still running here, and only once its offset is on the broker, so
    // that the next owner starts after everything consumed here.
    const bool between_calls = holds_lock && released[queue]->WaitUntilNoConsume(kReleaseWait);
    Status persisted = offsets_->Persist({queue}, kRequestTimeout);
    if (!persisted.ok()) {
      RMQ_LOG_WARN << "releasing " << queue.ToString() << ": " << persisted.ToString();
    }
    offsets_->Remove(queue);
    if (between_calls) {
      Status unlocked = UnlockQueues(queue.broker_name, {queue}, kRequestTimeout);
      if (!unlocked.ok()) {
        RMQ_LOG_WARN << "releasing " << queue.ToString() << ": " << unlocked.ToString();
      }
    }
    RMQ_LOG_INFO << "consumer group " << config_.group << " released " << queue.ToString();
  }
  for (const auto& queue : added) {
    auto pq = std::make_shared<ProcessQueue>();
    if (orderly() && clustering()) {
      auto locked = LockQueues(queue.broker_name, {queue});
      if (!locked.ok() || locked->count(queue) == 0) {
        RMQ_LOG_INFO << "consumer group " << config_.group << " cannot lock " << queue.ToString()
                     << " yet" << (locked.ok() ? std::string() : ": " + locked.status().ToString());
        continue;
      }
      pq->set_locked(true, clock::MonotonicMillis());
    }
    offsets_->Remove(queue);
    auto offset = ComputeStartOffset(
        queue, config_, offsets_.get(), &instance_->remoting(),
        instance_->routes().FindSubscribeAddress(queue.broker_name).value_or(""));
    if (!offset.ok()) {
      RMQ_LOG_WARN << "consumer group " << config_.group << " cannot start " << queue.ToString()
                   << " yet: " << offset.status().ToString();
      continue;
    }
    auto request = std::make_shared<PullRequest>();
    request->queue = queue;
    request->process_queue = pq;
    request->next_offset = *offset;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!process_queues_.emplace(queue, request->process_queue).second) continue;
    }
    RMQ_LOG_INFO << "consumer group " << config_.group << " took " << queue.ToString()
                 << " from offset " << *offset;
    Pull(request);
  }
}

void PushConsumerImpl::PersistOffsets(milliseconds timeout) {
  stats_.Sample(clock::MonotonicMillis());
  Status persisted = offsets_->Persist(AssignedQueues(), timeout);
  if (!persisted.ok()) {
    RMQ_LOG_WARN << "persisting offsets: " << persisted.ToString();
  }
}

void PushConsumerImpl::PullLater(const std::shared_ptr<PullRequest>& request, milliseconds delay) {
  std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
  scheduler_.Schedule(delay, [weak, request] {
    if (auto self = weak.lock()) self->Pull(request);
  });
}

void PushConsumerImpl::Pull(const std::shared_ptr<PullRequest>& request, bool on_io_thread) {
  const auto& pq = request->process_queue;
  if (stopping_ || pq->dropped()) return;
  if (suspended_) {
    PullLater(request, kPullDelayOnSuspend);
    return;
  }
  if (pq->Exceeds(static_cast<size_t>(config_.pull_threshold_for_queue),
                  static_cast<size_t>(config_.pull_threshold_size_for_queue_mib) << 20)) {
    PullLater(request, kPullDelayOnFlowControl);
    return;
  }
  const MessageQueue& queue = request->queue;
  if (orderly() && clustering() && !pq->locked(clock::MonotonicMillis())) {
    PullLater(request, kPullDelayOnError);
    return;
  }
  const auto& subscription = PullSubscription(request.get());
  auto target = FindPullTarget(instance_->routes(), queue, request->broker_id);
  if (!subscription || !target) {
    PullLater(request, kPullDelayOnError);
    return;
  }
  PullRequest::EncodedHeader& encoded = request->encoded_header;
  if (encoded.subscription != subscription) {
    encoded.fields.emplace(PullHeaderFor(config_, queue, *subscription));
    encoded.subscription = subscription;
  }
  const int64_t commit_offset = offsets_->ReadFromMemory(queue);
  auto pull = remoting::RemotingCommand::CreateRequest(RequestCode::kPullMessage);
  pull.set_binary_ext_fields(encoded.fields->Bytes(
      request->next_offset, std::max<int64_t>(commit_offset, 0),
      protocol::PullSysFlag::Build(commit_offset > 0 && !target->slave, true, true, false)));
  std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
  request->pull_started_ms = clock::MonotonicMillis();
  auto on_response = [weak, request](Result<remoting::RemotingCommand> response) {
    if (auto self = weak.lock()) self->OnPullResponse(request, std::move(response));
  };
  const milliseconds timeout(config_.consumer_timeout_ms_when_suspend);
  // Orderly pulls are decoded at once: not on the I/O thread.
  const auto thread =
      orderly() ? remoting::CallbackThread::kExecutor : remoting::CallbackThread::kIoThread;
  Status sent;
  if (!on_io_thread) {
    sent = instance_->remoting().InvokeAsync(target->address, std::move(pull), timeout,
                                             std::move(on_response), thread);
  } else if (!instance_->remoting().InvokeAsyncIfConnected(target->address, std::move(pull),
                                                           timeout, std::move(on_response), thread,
                                                           &sent)) {
    // Connecting may resolve a host name: not on an I/O thread.
    RunOnCallbackThread([request](PushConsumerImpl* self) { self->Pull(request); });
    return;
  }
  if (!sent.ok()) {
    RMQ_LOG_WARN << "pull of " << queue.ToString() << ": " << sent.ToString();
    PullLater(request, kPullDelayOnError);
  }
}

void PushConsumerImpl::OnPullResponse(const std::shared_ptr<PullRequest>& request,
                                      Result<remoting::RemotingCommand> response) {
  // Concurrent consumption's pull responses come on the I/O thread (see Pull).
  const bool on_io_thread = !orderly();
  const auto& pq = request->process_queue;
  const MessageQueue& queue = request->queue;
  if (stopping_ || pq->dropped()) return;
  if (!response.ok()) {
    if (response.status().code() == ErrorCode::kCancelled) return;
    RMQ_LOG_WARN << "pull of " << queue.ToString() << ": " << response.status().ToString();
    PullLater(request, kPullDelayOnError);
    return;
  }
  const int32_t code = response->code();
  if (code != ResponseCode::kSuccess && code != ResponseCode::kPullNotFound &&
      code != ResponseCode::kPullRetryImmediately && code != ResponseCode::kPullOffsetMoved) {
    RMQ_LOG_WARN << "pull of " << queue.ToString() << ": " << remoting::DescribeResponse(*response);
    PullLater(request, kPullDelayOnError);
    return;
  }
  auto header = remoting::DecodeCommandHeader<protocol::PullMessageResponseHeader>(*response);
  if (!header.ok()) {
    RMQ_LOG_WARN << "pull of " << queue.ToString() << ": " << header.status().ToString();
    PullLater(request, kPullDelayOnError);
    return;
  }
  const int64_t next_offset = header->next_begin_offset;
  request->broker_id = header->suggest_which_broker_id;
  if (code == ResponseCode::kPullOffsetMoved) {
    RMQ_LOG_WARN << "offset " << request->next_offset << " of " << queue.ToString()
                 << " is illegal; the broker suggests " << next_offset;
    request->next_offset = next_offset;
    OnOffsetMoved(request);
    return;
  }
  if (code != ResponseCode::kSuccess) {
    request->next_offset = next_offset;
    // Nothing in flight: the filtered-out range counts as consumed (Java's correctTagsOffset).
    if (pq->message_count() == 0) offsets_->Update(queue, next_offset, true);
    Pull(request, on_io_thread);
    return;
  }
  // Held here: the next pull, which DeliverPulled sends, may replace the request's.
  std::shared_ptr<const protocol::SubscriptionData> subscription = PullSubscription(request.get());
  if (!subscription) {
    PullLater(request, kPullDelayOnError);
    return;
  }
  // A received body is one owned string: taken rather than copied.
  remoting::CommandBody* body = response->mutable_body();
  auto scanned =
      ScanPulledBody(body->segments().empty() ? std::move(*body->mutable_owned()) : body->Flatten(),
                     *subscription);
  if (!scanned.ok()) {
    RMQ_LOG_ERROR << "pull of " << queue.ToString() << " at " << request->next_offset
                  << ": undecodable body: " << scanned.status().ToString();
    PullLater(request, kPullDelayOnError);
    return;
  }
  scanned->min_offset = header->min_offset;
  scanned->max_offset = header->max_offset;
  if (on_io_thread && scanned->compressed) {
    // Inflating is long work: on a callback thread.
    RunOnCallbackThread([request, pull = std::make_shared<ScannedPull>(std::move(*scanned)),
                         subscription = std::move(subscription),
                         next_offset](PushConsumerImpl* self) mutable {
      self->DeliverPulled(request, std::move(*pull), *subscription, next_offset, false);
    });
    return;
  }
  DeliverPulled(request, std::move(*scanned), *subscription, next_offset, on_io_thread);
}

void PushConsumerImpl::DeliverPulled(const std::shared_ptr<PullRequest>& request,
                                     ScannedPull scanned,
                                     const protocol::SubscriptionData& subscription,
                                     int64_t next_offset, bool on_io_thread) {
  const auto& pq = request->process_queue;
  const MessageQueue& queue = request->queue;
  if (stopping_ || pq->dropped()) return;
  Result<std::vector<MessageExt>> messages = std::vector<MessageExt>();
  // Concurrent consumption decodes on the consume threads (pulled_messages.h says why).
  const bool decode_later = !scanned.compressed && !orderly();
  if (!decode_later) {
    messages = ProcessPulledBody(
        *scanned.body, subscription,
        PullOrigin(config_.group, queue.broker_name, scanned.min_offset, scanned.max_offset));
    if (!messages.ok()) {
      RMQ_LOG_ERROR << "pull of " << queue.ToString() << " at " << request->next_offset
                    << ": undecodable body: " << messages.status().ToString();
      PullLater(request, kPullDelayOnError);
      return;
    }
  }
  const size_t count = decode_later ? scanned.records.size() : messages->size();
  // consume_on_io_thread: the next pull is sent before the listener calls, but its frame leaves
  // with the read's other frames once they return (the I/O thread's OutboundBatch). Writing it
  // out before them (or before a consume thread's wakeup) shortened the time no pull is held
  // but lengthened every message's way to its listener by more (the write wakes the broker):
  // 10k msgs/s on a loaded machine, first listener call after the read p50 16-22 -> 45-48 us.
  std::shared_ptr<ConsumeRun> run_here;
  request->next_offset = next_offset;
  pq->set_last_pull_ms(clock::WallMillis());
  stats_.RecordPull(queue.topic, clock::MonotonicMillis() - request->pull_started_ms,
                    static_cast<int64_t>(count));
  if (count == 0) {
    if (pq->message_count() == 0) offsets_->Update(queue, next_offset, true);
  } else if (orderly()) {
    if (pq->PutMessages(*messages)) SubmitOrderly(pq, queue, milliseconds(0));
  } else if (decode_later) {
    // Kept by the thread: one vector per pull was an allocation per message at low rates.
    thread_local std::vector<std::pair<int64_t, size_t>> offsets_and_sizes;
    offsets_and_sizes.clear();
    for (const protocol::MessageRecord& record : scanned.records) {
      offsets_and_sizes.emplace_back(record.queue_offset, record.body.size());
    }
    pq->AddInFlight(offsets_and_sizes);
    if (on_io_thread && config_.consume_on_io_thread) {
      run_here = ScannedRun(std::move(scanned), pq, queue, true);
    } else {
      SubmitScanned(std::move(scanned), pq, queue);
    }
  } else {
    pq->AddInFlight(*messages);
    SubmitConsume(std::move(*messages), pq, queue);
  }
  if (config_.pull_interval_ms > 0) {
    PullLater(request, milliseconds(config_.pull_interval_ms));
  } else {
    Pull(request, on_io_thread);
  }
  if (run_here) {
    {
      std::lock_guard<std::mutex> lock(io_runs_mu_);
      ++io_runs_;
    }
    // Checks stopping_ before each listener call: a run counted after Shutdown's wait calls
    // nobody.
    running_io_run = this;
    DrainRun(run_here);
    running_io_run = nullptr;
    std::lock_guard<std::mutex> lock(io_runs_mu_);
    if (--io_runs_ == 0) io_runs_done_.notify_all();
  }
}

void PushConsumerImpl::RunOnCallbackThread(std::function<void(PushConsumerImpl*)> task) {
  std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
  // Refused only during shutdown, when pulls stop anyway.
  instance_->remoting()
      .RunOnCallbackThread([weak, task = std::move(task)] {
        if (auto self = weak.lock()) task(self.get());
      })
      .ok();
}

void PushConsumerImpl::OnOffsetMoved(const std::shared_ptr<PullRequest>& request) {
  request->process_queue->set_dropped();
  // Java waits before releasing the queue so that listener calls in flight cannot move the
  // corrected offset again; the next rebalance takes the queue back from the new offset.
  std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
  scheduler_.Schedule(kOffsetMovedDelay, [weak, request] {
    auto self = weak.lock();
    if (!self) return;
    self->offsets_->Update(request->queue, request->next_offset, false);
    Status persisted = self->offsets_->Persist({request->queue}, kRequestTimeout);
    if (!persisted.ok()) {
      RMQ_LOG_WARN << "offset moved: " << persisted.ToString();
    }
    {
      std::lock_guard<std::mutex> lock(self->mu_);
      auto it = self->process_queues_.find(request->queue);
      if (it != self->process_queues_.end() && it->second == request->process_queue) {
        self->process_queues_.erase(it);
      }
    }
    self->Rebalance();
  });
}

// The listener calls of one pull's messages. Threads join the queued runs one at a time and
// each takes batches until none is left: with a quick listener the first thread has taken most
// of them before a second wakes (one wakeup per pull, or per burst of pulls, rather than per
// batch); with a slow one, every batch taken brings in another thread until all consume
// threads work.
//
// The messages stay in one vector; a thread moves a batch's share into a vector it reuses for
// each of its listener calls (one allocation per batch cost as much as a message's decoding
// with the default batch size of 1).
struct PushConsumerImpl::ConsumeRun {
  // Decoded messages, or a pull whose records each batch decodes when its call comes.
  std::vector<MessageExt> messages;
  ScannedPull scanned;
  bool decode_later = false;
  size_t batch_size = 1;
  size_t batch_count = 0;
  std::shared_ptr<ProcessQueue> pq;
  MessageQueue queue;
  // Drained by the I/O thread that read the pull alone (consume_on_io_thread).
  bool on_io_thread = false;
  std::atomic<size_t> next{0};
};

void PushConsumerImpl::SubmitConsume(std::vector<MessageExt> messages,
                                     const std::shared_ptr<ProcessQueue>& pq,
                                     const MessageQueue& queue) {
  if (messages.empty()) return;
  auto run = std::make_shared<ConsumeRun>();
  run->batch_size = static_cast<size_t>(std::max(1, config_.consume_message_batch_max_size));
  run->batch_count = (messages.size() + run->batch_size - 1) / run->batch_size;
  run->messages = std::move(messages);
  run->pq = pq;
  run->queue = queue;
  EnqueueRun(std::move(run));
}

void PushConsumerImpl::SubmitScanned(ScannedPull pull, const std::shared_ptr<ProcessQueue>& pq,
                                     const MessageQueue& queue) {
  if (pull.records.empty()) return;
  EnqueueRun(ScannedRun(std::move(pull), pq, queue, false));
}

std::shared_ptr<PushConsumerImpl::ConsumeRun> PushConsumerImpl::ScannedRun(
    ScannedPull pull, const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& queue,
    bool on_io_thread) {
  auto run = std::make_shared<ConsumeRun>();
  run->batch_size = static_cast<size_t>(std::max(1, config_.consume_message_batch_max_size));
  run->batch_count = (pull.records.size() + run->batch_size - 1) / run->batch_size;
  run->scanned = std::move(pull);
  run->decode_later = true;
  run->on_io_thread = on_io_thread;
  run->pq = pq;
  run->queue = queue;
  return run;
}

void PushConsumerImpl::EnqueueRun(std::shared_ptr<ConsumeRun> run) {
  bool start;
  {
    std::lock_guard<std::mutex> lock(runs_mu_);
    runs_.push_back(std::move(run));
    start = run_workers_.Ask();
  }
  if (start) StartRunWorker();
}

void PushConsumerImpl::StartRunWorker() {
  std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
  Status submitted = consume_pool_->Submit([weak] {
    if (auto self = weak.lock()) self->WorkRuns();
  });
  if (submitted.ok()) return;
  // Refused only during shutdown: the messages stay uncommitted and come again later.
  std::lock_guard<std::mutex> lock(runs_mu_);
  run_workers_.Left(false);
}

void PushConsumerImpl::RequestRunWorker() {
  // Most calls find a thread already asked for, or all working: no lock then.
  if (!run_workers_.MayAsk()) return;
  bool start;
  {
    std::lock_guard<std::mutex> lock(runs_mu_);
    start = run_workers_.Ask();
  }
  if (start) StartRunWorker();
}

void PushConsumerImpl::WorkRuns() {
  bool starting = true;
  while (true) {
    std::shared_ptr<ConsumeRun> run;
    bool start = false;
    {
      std::lock_guard<std::mutex> lock(runs_mu_);
      if (starting) run_workers_.Started();
      starting = false;
      // A dropped queue's run is skipped (DrainRun would take nothing of it).
      while (!runs_.empty() && (runs_.front()->next.load() >= runs_.front()->batch_count ||
                                runs_.front()->pq->dropped())) {
        runs_.pop_front();
      }
      if (runs_.empty() || stopping_) {
        // Under the lock: a run queued after this sees one thread fewer and asks for one.
        run_workers_.Left(true);
        return;
      }
      run = runs_.front();
      // Enough queued behind this run to be worth a wakeup: the next thread is asked for now,
      // so that a slow listener call holds up nothing queued behind it.
      size_t behind = 0;
      for (size_t i = 1; i < runs_.size() && !(behind > 0 && run_workers_.WorthHelp(behind)); ++i) {
        behind += runs_[i]->batch_count - std::min(runs_[i]->batch_count, runs_[i]->next.load());
      }
      if (behind > 0 && run_workers_.WorthHelp(behind)) start = run_workers_.Ask();
    }
    if (start) StartRunWorker();
    DrainRun(run);
  }
}

void PushConsumerImpl::RunTally::Flush(PushConsumerImpl* self, const ProcessQueue& pq,
                                       const MessageQueue& queue) {
  if (calls == 0) return;
  self->stats_.RecordConsume(queue.topic, rt_ms, ok, failed, calls);
  if (commit_offset >= 0 && !pq.dropped()) self->offsets_->Update(queue, commit_offset, true);
  *this = RunTally();
}

void PushConsumerImpl::DrainRun(const std::shared_ptr<ConsumeRun>& run) {
  RunTally tally;
  struct FlushAtEnd {
    PushConsumerImpl* self;
    RunTally* tally;
    const ConsumeRun& run;
    ~FlushAtEnd() { tally->Flush(self, *run.pq, run.queue); }
  } flush_at_end{this, &tally, *run};
  // Kept by the thread across runs, since at low rates a run is one message: its formatted
  // hosts (two cost about 3k instructions, a third of a message's decoding), the origin of
  // the last pull (made anew, it allocated more than the message's decoding) and the batch
  // vector's room. One thread_local: each costs a call to reach from a shared library.
  struct DrainScratch {
    HostTexts hosts;
    std::optional<PullOrigin> origin;
    std::vector<MessageExt> batch;
  };
  thread_local DrainScratch scratch;
  HostTexts& hosts = scratch.hosts;
  std::vector<MessageExt>& batch = scratch.batch;
  const PullOrigin* origin = nullptr;
  if (run->decode_later) {
    std::optional<PullOrigin>& kept = scratch.origin;
    if (kept && kept->broker_name == run->queue.broker_name && kept->retry_topic == retry_topic_) {
      kept->SetOffsets(run->scanned.min_offset, run->scanned.max_offset);
    } else {
      kept.emplace(config_.group, run->queue.broker_name, run->scanned.min_offset,
                   run->scanned.max_offset);
    }
    origin = &*kept;
  }
  const size_t size = run->decode_later ? run->scanned.records.size() : run->messages.size();
  while (true) {
    // Consume would skip every batch left: not worth decoding them.
    if (stopping_ || run->pq->dropped()) return;
    const size_t index = run->next.fetch_add(1);
    if (index >= run->batch_count) return;
    if (index + 1 < run->batch_count && !run->on_io_thread &&
        run_workers_.WorthHelp(run->batch_count - index - 1)) {
      RequestRunWorker();
    }
    const int64_t began_ns = clock::MonotonicNanos();
    const size_t begin = index * run->batch_size;
    const size_t end = std::min(size, begin + run->batch_size);
    if (run->decode_later) {
      for (size_t i = begin; i < end; ++i) {
        batch.push_back(DecodeScanned(run->scanned.records[i], *origin, &hosts));
      }
    } else {
      // Each index is one thread's: the elements moved from are no other thread's.
      batch.assign(std::make_move_iterator(run->messages.begin() + static_cast<ptrdiff_t>(begin)),
                   std::make_move_iterator(run->messages.begin() + static_cast<ptrdiff_t>(end)));
    }
    Consume(&batch, run->pq, run->queue, &tally);
    batch.clear();
    run_workers_.BatchTook(clock::MonotonicNanos() - began_ns);
  }
}

void PushConsumerImpl::Consume(std::vector<MessageExt>* messages,
                               const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& queue,
                               RunTally* tally) {
  if (stopping_ || pq->dropped()) return;
  std::vector<MessageExt>& batch = *messages;
  if (suspended_) {
    std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
    scheduler_.Schedule(kSuspendedConsumeDelay,
                        [weak, batch = std::move(batch), pq, queue]() mutable {
                          if (auto self = weak.lock())
                            self->SubmitConsume(std::move(batch), pq, queue);
                        });
    return;
  }
  const int64_t start_ms = clock::WallMillis();
  pq->set_last_consume_ms(start_ms);
  if (tally->start_text_ms != start_ms) {
    tally->start_text_ms = start_ms;
    tally->start_text = std::to_string(start_ms);
  }
  const std::string& start = tally->start_text;
  // The name as a string once, not a temporary per message (18 characters: an allocation).
  static const std::string kConsumeStartName =
      protocol::MessageConst::kPropertyConsumeStartTimestamp;
  for (auto& message : batch) message.set_property(kConsumeStartName, start);
  ConsumeStatus status = ConsumeStatus::kReconsumeLater;
  RemoveNamespace(&batch);
  // From here until MarkConsumeEnded (or RemoveMessages) the process queue refers to the
  // batch: no changes.
  pq->MarkConsumeStarted(batch, start_ms);
  const int64_t began = clock::MonotonicMillis();
  const std::string trace_id = tracer_ ? TraceBefore(batch) : std::string();
  bool threw = false;
  try {
    status = listener_(batch);
  } catch (const std::exception& e) {
    threw = true;
    RMQ_LOG_WARN << "listener of group " << config_.group << " threw on " << queue.ToString()
                 << ": " << e.what() << "; reconsuming later";
  } catch (...) {
    threw = true;
    RMQ_LOG_WARN << "listener of group " << config_.group << " threw on " << queue.ToString()
                 << "; reconsuming later";
  }
  const int64_t cost_ms = clock::MonotonicMillis() - began;
  const int64_t count = static_cast<int64_t>(batch.size());
  const bool succeeded = status == ConsumeStatus::kConsumeSuccess;
  if (tracer_) {
    TraceAfter(trace_id, batch, cost_ms, succeeded,
               threw       ? kTraceExceptionCode
               : succeeded ? kTraceSuccessCode
                           : kTraceFailedCode);
  }
  ++tally->calls;
  tally->rt_ms += cost_ms;
  (succeeded ? tally->ok : tally->failed) += count;
  if (succeeded || !clustering()) {
    if (!succeeded) {
      // Java drops failed broadcast messages: there is no per-consumer retry topic.
      RMQ_LOG_WARN << "broadcasting consumer " << config_.group << " drops " << batch.size()
                   << " message(s) of " << queue.ToString() << " its listener refused";
    }
    // Removing them also ends the queue's reference to them: one lock rather than two.
    // A queue's commit point only grows (the smallest offset in flight), so the largest
    // seen is the one to keep.
    tally->commit_offset = std::max(tally->commit_offset, pq->RemoveMessages(batch));
    if (tally->since_ms < 0) tally->since_ms = began;
    if (began + cost_ms - tally->since_ms >= kTallyFlushMs) tally->Flush(this, *pq, queue);
    return;
  }
  tally->Flush(this, *pq, queue);
  pq->MarkConsumeEnded(batch);
  if (pq->dropped()) return;
  if (remoting::EventLoop::InAnyLoopThread()) {
    // Sending back waits for brokers' answers, which this thread would have to read.
    RunOnCallbackThread([batch = std::move(batch), pq, queue](PushConsumerImpl* self) mutable {
      self->SendBackRefused(std::move(batch), pq, queue);
    });
    return;
  }
  SendBackRefused(std::move(batch), pq, queue);
}

void PushConsumerImpl::SendBackRefused(std::vector<MessageExt> batch,
                                       const std::shared_ptr<ProcessQueue>& pq,
                                       const MessageQueue& queue) {
  std::vector<MessageExt> done;
  std::vector<MessageExt> failed;
  for (auto& message : batch) {
    if (SendBack(message, queue)) {
      done.push_back(std::move(message));
    } else {
      message.set_reconsume_times(message.reconsume_times() + 1);
      failed.push_back(std::move(message));
    }
  }
  const int64_t offset = pq->RemoveMessages(done);
  if (offset >= 0 && !pq->dropped()) offsets_->Update(queue, offset, true);
  if (failed.empty()) return;
  std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
  scheduler_.Schedule(kReconsumeDelay, [weak, failed = std::move(failed), pq, queue]() mutable {
    if (auto self = weak.lock()) self->SubmitConsume(std::move(failed), pq, queue);
  });
}

void PushConsumerImpl::CleanExpiredMessages() {
  // Java's ProcessQueue.cleanExpiredMsg: at most 16 per queue and round.
  constexpr size_t kMaxPerQueue = 16;
  // Java's delay level for a message whose listener call timed out.
  constexpr int32_t kExpiredDelayLevel = 3;
  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> queues;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queues = process_queues_;
  }
  const int64_t timeout_ms = config_.consume_timeout_minutes * 60000;
  for (const auto& [queue, pq] : queues) {
    for (const auto& message : pq->ExpiredHead(clock::WallMillis(), timeout_ms, kMaxPerQueue)) {
      if (stopping_ || pq->dropped()) return;
      RMQ_LOG_WARN << "listener call for " << message.msg_id() << " of " << queue.ToString()
                   << " has run for more than " << config_.consume_timeout_minutes
                   << " min; sending it back";
      if (clustering() && !SendBack(message, queue, kExpiredDelayLevel)) continue;
      const int64_t offset = pq->RemoveMessages({message});
      if (offset >= 0 && !pq->dropped()) offsets_->Update(queue, offset, true);
    }
  }
}

bool PushConsumerImpl::SendBack(const MessageExt& message, const MessageQueue& queue,
                                int32_t delay_level) {
  const int32_t max_reconsume =
      config_.max_reconsume_times < 0 ? kDefaultMaxReconsumeTimes : config_.max_reconsume_times;
  Status sent = SendMessageBack(message, queue, delay_level, max_reconsume);
  if (sent.ok()) return true;
  RMQ_LOG_WARN << sent.ToString() << "; sending it to the retry topic instead";
  Status resent = SendBackThroughProducer(message, message.reconsume_times() + 1, max_reconsume);
  if (resent.ok()) return true;
  RMQ_LOG_WARN << "resending " << message.msg_id() << ": " << resent.ToString()
               << "; consuming it again locally";
  return false;
}

Status PushConsumerImpl::SendMessageBack(const MessageExt& message, const MessageQueue& queue,
                                         int32_t delay_level, int32_t max_reconsume) {
  protocol::ConsumerSendMsgBackRequestHeader header;
  header.offset = message.commit_log_offset();
  header.group = config_.group;
  header.delay_level = delay_level;
  header.origin_msg_id = message.msg_id();
  header.origin_topic = WithNamespace(message.topic());
  header.max_reconsume_times = max_reconsume;
  header.broker_name = queue.broker_name;
  const std::string address = MasterAddress(queue.broker_name).value_or(message.store_host());
  auto response = instance_->remoting().InvokeSync(
      address,
      remoting::RemotingCommand::CreateRequest(RequestCode::kConsumerSendMsgBack, header.Encode()),
      kSendBackTimeout);
  const std::string what = "CONSUMER_SEND_MSG_BACK of " + message.msg_id() + " to " + address;
  if (!response.ok()) return response.status().WithContext(what);
  if (response->code() != ResponseCode::kSuccess) {
    return Status::BrokerError(what + ": " + remoting::DescribeResponse(*response));
  }
  return Status::OK();
}

Status PushConsumerImpl::SendBackThroughProducer(const MessageExt& message, int32_t reconsume_times,
                                                 int32_t max_reconsume) {
  Message retry(protocol::topic::RetryTopic(config_.group), message.body());
  for (const auto& [name, value] : message.properties()) retry.set_property(name, value);
  retry.set_flag(message.flag());
  if (retry.property(protocol::MessageConst::kPropertyOriginMessageId).empty()) {
    retry.set_property(protocol::MessageConst::kPropertyOriginMessageId, message.msg_id());
  }
  retry.set_property(protocol::MessageConst::kPropertyRetryTopic, WithNamespace(message.topic()));
  retry.set_property(protocol::MessageConst::kPropertyReconsumeTime,
                     std::to_string(reconsume_times));
  retry.set_property(protocol::MessageConst::kPropertyMaxReconsumeTimes,
                     std::to_string(max_reconsume));
  retry.clear_property(protocol::MessageConst::kPropertyTransactionPrepared);
  retry.clear_property(protocol::MessageConst::kPropertyConsumeStartTimestamp);
  retry.set_delay_level(3 + message.reconsume_times());
  auto sent = retry_producer_->Send(retry);
  return sent.ok() ? Status::OK() : sent.status();
}

void PushConsumerImpl::SubmitOrderly(const std::shared_ptr<ProcessQueue>& pq,
                                     const MessageQueue& queue, milliseconds delay) {
  std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
  auto run = [weak, pq, queue] {
    auto self = weak.lock();
    if (!self) return;
    // Refused only during shutdown, when nothing more is consumed.
    Status submitted = self->consume_pool_->Submit([weak, pq, queue] {
      if (auto consumer = weak.lock()) consumer->ConsumeOrderly(pq, queue);
    });
    if (!submitted.ok()) {
      RMQ_LOG_DEBUG << "orderly consume of " << queue.ToString() << ": " << submitted.ToString();
    }
  };
  if (delay.count() == 0) {
    run();
  } else {
    scheduler_.Schedule(delay, run);
  }
}

void PushConsumerImpl::ConsumeOrderly(const std::shared_ptr<ProcessQueue>& pq,
                                      const MessageQueue& queue) {
  std::lock_guard<std::mutex> in_order(pq->order_mutex());
  if (stopping_ || pq->dropped()) return;
  if (clustering() && !pq->locked(clock::MonotonicMillis())) {
    // Lost or expired broker lock: try to take it again, then come back.
    std::weak_ptr<PushConsumerImpl> weak = weak_from_this();
    scheduler_.Schedule(kRelockDelay, [weak, pq, queue] {
      auto self = weak.lock();
      if (!self || pq->dropped()) return;
      auto locked = self->LockQueues(queue.broker_name, {queue});
      const bool ok = locked.ok() && locked->count(queue) != 0;
      if (ok) pq->set_locked(true, clock::MonotonicMillis());
      self->SubmitOrderly(pq, queue, ok ? milliseconds(10) : kPullDelayOnError);
    });
    return;
  }
  const size_t batch_size =
      static_cast<size_t>(std::max(1, config_.consume_message_batch_max_size));
  const auto slice_end = std::chrono::steady_clock::now() + kMaxOrderlyTimeSlice;
  while (!stopping_ && !pq->dropped()) {
    if (std::chrono::steady_clock::now() >= slice_end) {
      // Let other queues have this thread; this queue continues shortly.
      SubmitOrderly(pq, queue, milliseconds(10));
      return;
    }
    if (suspended_) {
      SubmitOrderly(pq, queue, kSuspendedConsumeDelay);
      return;
    }
    std::vector<MessageExt> batch = pq->TakeMessages(batch_size);
    if (batch.empty()) return;
    ConsumeOrderlyStatus status = ConsumeOrderlyStatus::kSuspendCurrentQueueAMoment;
    {
      if (!pq->BeginConsume()) return;
      pq->set_last_consume_ms(clock::WallMillis());
      RemoveNamespace(&batch);
      const int64_t began = clock::MonotonicMillis();
      const std::string trace_id = tracer_ ? TraceBefore(batch) : std::string();
      bool threw = false;
      try {
        status = orderly_listener_(batch);
      } catch (const std::exception& e) {
        threw = true;
        RMQ_LOG_WARN << "orderly listener of group " << config_.group << " threw on "
                     << queue.ToString() << ": " << e.what() << "; suspending the queue";
      } catch (...) {
        threw = true;
        RMQ_LOG_WARN << "orderly listener of group " << config_.group << " threw on "
                     << queue.ToString() << "; suspending the queue";
      }
      const int64_t count = static_cast<int64_t>(batch.size());
      const bool succeeded = status == ConsumeOrderlyStatus::kSuccess;
      if (tracer_) {
        TraceAfter(trace_id, batch, clock::MonotonicMillis() - began, succeeded,
                   threw       ? kTraceExceptionCode
                   : succeeded ? kTraceSuccessCode
                               : kTraceFailedCode);
      }
      stats_.RecordConsume(queue.topic, clock::MonotonicMillis() - began, succeeded ? count : 0,
                           succeeded ? 0 : count);
      if (succeeded) {
        // Recorded before a rebalance can release the queue (it waits for EndConsume), so
        // that the next owner starts after the batch rather than consuming it again.
        const int64_t offset = pq->Commit();
        if (offset >= 0) offsets_->Update(queue, offset, false);
      }
      pq->EndConsume();
    }
    if (pq->dropped()) return;
    if (status == ConsumeOrderlyStatus::kSuccess) continue;
    if (!clustering() || RetryOrderlyLocally(queue, &batch)) {
      pq->Rollback(batch);
      SubmitOrderly(pq, queue, milliseconds(config_.suspend_current_queue_time_ms));
      return;
    }
    const int64_t offset = pq->Commit();
    if (offset >= 0) offsets_->Update(queue, offset, false);
  }
}

bool PushConsumerImpl::RetryOrderlyLocally(const MessageQueue& queue,
                                           std::vector<MessageExt>* batch) {
  // Java's default for orderly consumption is to retry forever.
  const int32_t max_reconsume = config_.max_reconsume_times < 0
                                    ? std::numeric_limits<int32_t>::max()
                                    : config_.max_reconsume_times;
  bool suspend = false;
  for (auto& message : *batch) {
    if (message.reconsume_times() >= max_reconsume) {
      // Java's orderly service re-sends the message to %RETRY% with its reconsume count at
      // the limit, for the broker to divert to the DLQ; asking the broker for the DLQ
      // directly (delay level -1) gets there whatever the broker's version counts as over
      // the limit, and the re-send stays the fallback.
      Status sent = SendMessageBack(message, queue, kDeadLetterDelayLevel, max_reconsume);
      if (!sent.ok()) {
        RMQ_LOG_WARN << sent.ToString() << "; sending it to the retry topic instead";
        sent = SendBackThroughProducer(message, message.reconsume_times(), max_reconsume);
      }
      if (sent.ok()) {
        RMQ_LOG_WARN << "orderly consumer " << config_.group << " gave up on " << message.msg_id()
                     << " after " << message.reconsume_times()
                     << " retries; sent to the dead-letter queue";
        continue;
      }
      RMQ_LOG_WARN << "sending " << message.msg_id()
                   << " to the dead-letter queue: " << sent.ToString() << "; retrying it locally";
    }
    suspend = true;
    message.set_reconsume_times(message.reconsume_times() + 1);
  }
  return suspend;
}

Result<std::set<MessageQueue>> PushConsumerImpl::LockQueues(const std::string& broker_name,
                                                            const std::set<MessageQueue>& queues) {
  const std::string what = "LOCK_BATCH_MQ of group " + config_.group + " on " + broker_name;
  auto address = MasterAddress(broker_name);
  if (!address) return Status::NotFound(what + ": no master address");
  protocol::LockBatchRequestBody body;
  body.consumer_group = config_.group;
  body.client_id = instance_->client_id();
  for (const auto& queue : queues) body.mq_set.insert(ToWire(queue));
  auto request = remoting::RemotingCommand::CreateRequest(RequestCode::kLockBatchMq);
  request.set_body(body.Encode());
  auto response = instance_->remoting().InvokeSync(*address, std::move(request), kRequestTimeout);
  if (!response.ok()) return response.status().WithContext(what);
  if (response->code() != ResponseCode::kSuccess) {
    return Status::BrokerError(what + ": " + remoting::DescribeResponse(*response));
  }
  auto locked = protocol::LockBatchResponseBody::Decode(response->body().Flatten());
  if (!locked.ok()) return locked.status().WithContext(what);
  std::set<MessageQueue> result;
  for (const auto& wire : locked->lock_ok_mq_set) {
    result.insert(FromWire(wire));
  }
  return result;
}

Status PushConsumerImpl::UnlockQueues(const std::string& broker_name,
                                      const std::set<MessageQueue>& queues, milliseconds timeout) {
  const std::string what = "UNLOCK_BATCH_MQ of group " + config_.group + " on " + broker_name;
  auto address = MasterAddress(broker_name);
  if (!address) return Status::NotFound(what + ": no master address");
  protocol::UnlockBatchRequestBody body;
  body.consumer_group = config_.group;
  body.client_id = instance_->client_id();
  for (const auto& queue : queues) body.mq_set.insert(ToWire(queue));
  auto request = remoting::RemotingCommand::CreateRequest(RequestCode::kUnlockBatchMq);
  request.set_body(body.Encode());
  auto response = instance_->remoting().InvokeSync(*address, std::move(request), timeout);
  if (!response.ok()) return response.status().WithContext(what);
  if (response->code() != ResponseCode::kSuccess) {
    return Status::BrokerError(what + ": " + remoting::DescribeResponse(*response));
  }
  return Status::OK();
}

void PushConsumerImpl::LockAll() {
  std::map<std::string, std::map<MessageQueue, std::shared_ptr<ProcessQueue>>> by_broker;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [queue, pq] : process_queues_) by_broker[queue.broker_name][queue] = pq;
  }
  for (const auto& [broker, held] : by_broker) {
    std::set<MessageQueue> queues;
    for (const auto& entry : held) queues.insert(entry.first);
    auto locked = LockQueues(broker, queues);
    if (!locked.ok()) {
      RMQ_LOG_WARN << "renewing queue locks: " << locked.status().ToString();
      continue;
    }
    const int64_t now = clock::MonotonicMillis();
    for (const auto& [queue, pq] : held) pq->set_locked(locked->count(queue) != 0, now);
  }
}

}  // namespace consumer
}  // namespace rocketmq
