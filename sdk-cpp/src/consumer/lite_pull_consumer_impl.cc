#include "consumer/lite_pull_consumer_impl.h"

#include <algorithm>
#include <exception>
#include <set>

#include "client/namespace_util.h"
#include "client/validators.h"
#include "common/clock.h"
#include "common/logging.h"
#include "consumer/consumer_request_registry.h"
#include "consumer/group_membership.h"
#include "consumer/local_file_offset_store.h"
#include "consumer/pull_target.h"
#include "consumer/pulled_messages.h"
#include "consumer/remote_offset_store.h"
#include "consumer/running_properties.h"
#include "consumer/start_offset.h"
#include "consumer/subscription.h"
#include "producer/trace_hooks.h"
#include "protocol/offset_headers.h"
#include "protocol/pull_headers.h"
#include "protocol/pull_sysflag.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/topic_config.h"
#include "remoting/binary_header.h"

namespace rocketmq {
namespace consumer {
namespace {

using std::chrono::milliseconds;
namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;

constexpr milliseconds kRequestTimeout(3000);
constexpr milliseconds kRetryDelay(1000);

}  // namespace

LitePullConsumerImpl::LitePullConsumerImpl(ConsumerConfig config, bool auto_commit)
    : config_(std::move(config)), auto_commit_(auto_commit), scheduler_("rmq-litepull") {}

LitePullConsumerImpl::~LitePullConsumerImpl() { scheduler_.Shutdown(); }

Status LitePullConsumerImpl::CheckRunning() const {
  if (!running())
    return Status::IllegalState("lite pull consumer " + config_.group + " is not running");
  return Status::OK();
}

Status LitePullConsumerImpl::Start() {
  State expected = State::kCreated;
  if (!state_.compare_exchange_strong(expected, State::kRunning)) {
    return Status::IllegalState("lite pull consumer " + config_.group +
                                " can be started only once");
  }
  auto fail = [this](Status status) {
    state_ = State::kStopped;
    if (tracer_) tracer_->Shutdown(milliseconds(0));
    return status.WithContext("starting lite pull consumer " + config_.group);
  };
  if (Status s = client::CheckGroup(config_.group); !s.ok()) return fail(s);
  config_.group = client::WrapNamespace(config_.name_space, config_.group);
  auto strategy = MakeAllocateStrategy(config_.allocate_strategy);
  if (!strategy.ok()) return fail(strategy.status());
  allocate_ = std::move(*strategy);
  // Before the first pull, whose messages are traced as they arrive.
  if (config_.enable_msg_trace) {
    tracer_ = client::TraceDispatcher::StartOrWarn(config_, config_.group, "CONSUME",
                                                   "lite pull consumer " + config_.group);
  }
  auto instance = client::ClientInstance::Create(config_);
  if (!instance.ok()) return fail(instance.status());
  instance_ = std::move(*instance);
  std::weak_ptr<LitePullConsumerImpl> weak = weak_from_this();
  // The rebalance notification and the running info concern a lite pull consumer; the
  // rest is answered as Java's client answers it for a consumer that is not a push consumer.
  const bool registered = instance_->consumer_requests().Register(
      config_.group, [weak](remoting::RemotingCommand& request) -> remoting::ProcessResult {
        auto self = weak.lock();
        if (self && request.code() == RequestCode::kGetConsumerRunningInfo) {
          auto response = remoting::RemotingCommand::CreateResponse(ResponseCode::kSuccess);
          response.set_body(self->RunningInfo().Encode());
          return response;
        }
        if (request.code() != RequestCode::kNotifyConsumerIdsChanged) {
          return ConsumerRequestRegistry::AnswerWithoutConsumer(request);
        }
        if (self) self->ScheduleRebalanceNow();
        return remoting::ProcessResult::Deferred();
      });
  if (!registered) {
    return fail(Status::IllegalState("another consumer of the group runs in this client instance"));
  }
  start_wall_ms_ = clock::WallMillis();
  if (Status s = instance_->Start(); !s.ok()) {
    instance_->consumer_requests().Unregister(config_.group);
    return fail(s);
  }
  if (config_.message_model == MessageModel::kClustering) {
    offsets_ = std::make_unique<RemoteOffsetStore>(
        config_.group, &instance_->remoting(), [this](const std::string& broker) {
          return instance_->routes().FindSubscribeAddress(broker);
        });
  } else {
    auto local = std::make_unique<LocalFileOffsetStore>(config_.offset_store_dir,
                                                        instance_->client_id(), config_.group);
    if (Status s = local->Load(); !s.ok()) {
      instance_->Shutdown();
      return fail(s);
    }
    offsets_ = std::move(local);
  }
  if (Status s = scheduler_.Start(); !s.ok()) {
    instance_->Shutdown();
    return fail(s);
  }
  const milliseconds persist_every(config_.persist_consumer_offset_interval_ms);
  const milliseconds rebalance_every(config_.rebalance_interval_ms);
  const milliseconds heartbeat_every(config_.heartbeat_broker_interval_ms);
  scheduler_.ScheduleFor(
      weak, persist_every,
      [](LitePullConsumerImpl& self) {
        std::vector<MessageQueue> queues;
        {
          std::lock_guard<std::mutex> lock(self.mu_);
          queues = self.AssignedQueuesLocked();
        }
        Status persisted = self.offsets_->Persist(queues, kRequestTimeout);
        if (!persisted.ok()) {
          RMQ_LOG_WARN << "persisting offsets: " << persisted.ToString();
        }
      },
      persist_every);
  scheduler_.ScheduleFor(
      weak, milliseconds(0), [](LitePullConsumerImpl& self) { self.Rebalance(); }, rebalance_every);
  scheduler_.ScheduleFor(
      weak, heartbeat_every, [](LitePullConsumerImpl& self) { self.SendHeartbeats(false); },
      heartbeat_every);
  if (subscribed()) {
    std::vector<std::string> topics;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& entry : subscriptions_) topics.push_back(entry.first);
    }
    for (const auto& topic : topics) {
      auto route = instance_->UpdateTopicRoute(topic, kRequestTimeout);
      if (!route.ok()) {
        RMQ_LOG_WARN << "route of " << topic << ": " << route.status().ToString();
      }
    }
    // As Java's start does, before the first heartbeat: brokers compile the SQL92 expressions.
    std::vector<protocol::SubscriptionData> subscriptions;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& entry : subscriptions_) subscriptions.push_back(entry.second);
    }
    if (Status s = CheckClientInBroker(instance_.get(), config_.group, subscriptions); !s.ok()) {
      Shutdown(milliseconds(0));
      return s.WithContext("starting lite pull consumer " + config_.group);
    }
    SendHeartbeats(true);
  }
  return Status::OK();
}

bool LitePullConsumerImpl::subscribed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !subscriptions_.empty();
}

protocol::ConsumerRunningInfo LitePullConsumerImpl::RunningInfo() const {
  // What Java's DefaultLitePullConsumerImpl.consumerRunningInfo gives: settings and
  // subscriptions, no per-queue table.
  protocol::ConsumerRunningInfo info;
  info.properties = RunningProperties(config_, instance_->config().namesrv_addr,
                                      protocol::kConsumeActively, start_wall_ms_);
  info.properties["autoCommit"] = auto_commit_ ? "true" : "false";
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& entry : subscriptions_) info.subscription_set.push_back(entry.second);
  return info;
}

std::string LitePullConsumerImpl::WithNamespace(const std::string& topic) const {
  return client::WrapNamespace(config_.name_space, topic);
}

MessageQueue LitePullConsumerImpl::WithNamespace(MessageQueue queue) const {
  queue.topic = WithNamespace(queue.topic);
  return queue;
}

Status LitePullConsumerImpl::Subscribe(const std::string& user_topic, const std::string& expression,
                                       ExpressionType type) {
  RMQ_RETURN_IF_ERROR(client::CheckTopic(user_topic));
  const std::string topic = WithNamespace(user_topic);
  auto subscription = BuildSubscription(topic, expression, clock::WallMillis(), type);
  if (!subscription.ok()) return subscription.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (assigned_by_application_) {
      return Status::IllegalState("lite pull consumer " + config_.group +
                                  " assigns its queues; it cannot also subscribe");
    }
    subscriptions_[topic] = std::move(*subscription);
    // The topic's pulls carry the new subscription from now on.
    for (auto& [queue, state] : queues_) {
      if (queue.topic == topic) state.pull_fields.reset();
    }
  }
  if (running()) {
    auto route = instance_->UpdateTopicRoute(topic, kRequestTimeout);
    if (!route.ok()) return route.status().WithContext("subscribing to " + topic);
    SendHeartbeats(true);
    ScheduleRebalanceNow();
  }
  return Status::OK();
}

void LitePullConsumerImpl::SendHeartbeats(bool wait) {
  std::vector<protocol::SubscriptionData> subscriptions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& entry : subscriptions_) subscriptions.push_back(entry.second);
  }
  if (subscriptions.empty()) return;
  SendConsumerHeartbeat(
      instance_.get(), BuildConsumerData(config_, protocol::kConsumeActively, subscriptions), wait);
}

void LitePullConsumerImpl::ScheduleRebalanceNow() {
  scheduler_.ScheduleFor(weak_from_this(), milliseconds(0),
                         [](LitePullConsumerImpl& self) { self.Rebalance(); });
}

void LitePullConsumerImpl::Rebalance() {
  if (!running()) return;
  std::vector<std::string> topics;
  std::vector<MessageQueue> current;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& entry : subscriptions_) topics.push_back(entry.first);
    for (const auto& entry : queues_) current.push_back(entry.first);
  }
  if (topics.empty()) return;
  std::vector<MessageQueue> assigned;
  for (const auto& topic : topics) {
    auto queues = ReadableQueues(instance_.get(), topic);
    Result<std::vector<std::string>> ids = std::vector<std::string>{};
    if (queues.ok() && config_.message_model == MessageModel::kClustering) {
      ids = GroupConsumerIds(instance_.get(), config_.group, topic);
      if (!ids.ok()) {
        // As for the push consumer: the broker may not have had a heartbeat from us yet.
        SendHeartbeats(true);
        ids = GroupConsumerIds(instance_.get(), config_.group, topic);
      }
    }
    if (!queues.ok() || !ids.ok()) {
      // Keep what this topic had until the group can be asked again.
      RMQ_LOG_WARN << "rebalance of " << config_.group << " keeps " << topic << ": "
                   << (queues.ok() ? ids.status() : queues.status()).ToString();
      for (const auto& queue : current) {
        if (queue.topic == topic) assigned.push_back(queue);
      }
      continue;
    }
    if (config_.message_model != MessageModel::kClustering) {
      assigned.insert(assigned.end(), queues->begin(), queues->end());
      continue;
    }
    for (auto& queue : allocate_->Allocate(config_.group, instance_->client_id(), *queues, *ids)) {
      assigned.push_back(std::move(queue));
    }
  }
  Status updated = AssignQueues(assigned);
  if (!updated.ok()) {
    RMQ_LOG_WARN << "rebalance of " << config_.group << ": " << updated.ToString();
  }
}

Status LitePullConsumerImpl::Shutdown(milliseconds timeout) {
  State expected = State::kRunning;
  if (!state_.compare_exchange_strong(expected, State::kStopped)) return Status::OK();
  scheduler_.Shutdown();
  std::vector<MessageQueue> queues;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto_commit_) CommitLocked();
    queues = AssignedQueuesLocked();
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Status persisted = offsets_->Persist(queues, timeout);
  std::vector<std::function<void(const Status&)>> waiting;
  {
    std::lock_guard<std::mutex> lock(mu_);
    waiting.swap(async_commits_);
  }
  AnswerCommits(std::move(waiting), persisted);
  if (subscribed()) {
    UnregisterConsumer(instance_.get(), config_.group,
                       std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(
                                                     deadline - std::chrono::steady_clock::now())));
  }
  instance_->consumer_requests().Unregister(config_.group);
  instance_->Shutdown();
  // After the client's threads, so that no pull response appends to a stopped dispatcher.
  if (tracer_) {
    tracer_->Shutdown(std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(
                                                    deadline - std::chrono::steady_clock::now())));
  }
  arrived_.notify_all();
  return persisted;
}

Result<std::vector<MessageQueue>> LitePullConsumerImpl::FetchMessageQueues(
    const std::string& topic) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  auto route = instance_->UpdateTopicRoute(WithNamespace(topic), kRequestTimeout);
  if (!route.ok()) return route.status();
  std::vector<MessageQueue> queues;
  for (const auto& data : route->queue_datas) {
    if ((data.perm & protocol::PermName::kPermRead) == 0) continue;
    for (int32_t id = 0; id < data.read_queue_nums; ++id) {
      queues.push_back(
          MessageQueue{client::UnwrapNamespace(config_.name_space, topic), data.broker_name, id});
    }
  }
  std::sort(queues.begin(), queues.end());
  return queues;
}

Status LitePullConsumerImpl::Assign(const std::vector<MessageQueue>& queues) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!subscriptions_.empty()) {
      return Status::IllegalState("lite pull consumer " + config_.group +
                                  " subscribes; its queues come from rebalancing");
    }
    assigned_by_application_ = true;
  }
  std::vector<MessageQueue> wrapped;
  for (const auto& queue : queues) wrapped.push_back(WithNamespace(queue));
  return AssignQueues(wrapped);
}

Status LitePullConsumerImpl::AssignQueues(const std::vector<MessageQueue>& queues) {
  for (const auto& queue : queues) {
    if (!instance_->routes().FindSubscribeAddress(queue.broker_name)) {
      auto route = instance_->UpdateTopicRoute(queue.topic, kRequestTimeout);
      if (!route.ok()) return route.status().WithContext("assigning " + queue.ToString());
    }
  }
  std::map<MessageQueue, int64_t> starts;
  for (const auto& queue : queues) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queues_.count(queue) != 0) continue;
    }
    auto offset = ComputeStartOffset(
        queue, config_, offsets_.get(), &instance_->remoting(),
        instance_->routes().FindSubscribeAddress(queue.broker_name).value_or(""));
    if (!offset.ok()) return offset.status().WithContext("assigning " + queue.ToString());
    starts[queue] = *offset;
  }
  std::vector<MessageQueue> released;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const std::set<MessageQueue> wanted(queues.begin(), queues.end());
    for (auto it = queues_.begin(); it != queues_.end();) {
      if (wanted.count(it->first) == 0) {
        if (auto_commit_ && it->second.consumed_offset >= 0) {
          offsets_->Update(it->first, it->second.consumed_offset, false);
        }
        released.push_back(it->first);
        it = queues_.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& [queue, offset] : starts) {
      QueueState& state = queues_[queue];
      state.next_pull_offset = offset;
      MaybePullLocked(queue, state);
    }
  }
  // The queue's next owner starts from what is persisted now.
  Status persisted = offsets_->Persist(released, kRequestTimeout);
  for (const auto& queue : released) offsets_->Remove(queue);
  return persisted;
}

void LitePullConsumerImpl::MaybePullLocked(const MessageQueue& queue, QueueState& state) {
  if (state.in_flight || !running() ||
      state.buffer.size() >= static_cast<size_t>(config_.pull_threshold_for_queue)) {
    return;
  }
  auto target = FindPullTarget(instance_->routes(), queue, state.broker_id);
  if (!target) {
    RetryLater(queue, state.generation);
    return;
  }
  if (!state.pull_fields) {
    // A queue of a topic not subscribed (assigned by hand) pulls everything: the defaults.
    const auto subscription = subscriptions_.find(queue.topic);
    state.pull_fields.emplace(PullHeaderFor(config_, queue,
                                            subscription != subscriptions_.end()
                                                ? subscription->second
                                                : protocol::SubscriptionData{}));
  }
  auto pull = remoting::RemotingCommand::CreateRequest(RequestCode::kPullMessage);
  // No commit offset rides on the pull (commit offset 0, its flag clear): Commit and
  // auto-commit persist offsets.
  pull.set_binary_ext_fields(state.pull_fields->Bytes(
      state.next_pull_offset, 0, protocol::PullSysFlag::Build(false, true, true, false)));
  state.in_flight = true;
  std::weak_ptr<LitePullConsumerImpl> weak = weak_from_this();
  const uint64_t generation = state.generation;
  Status sent = instance_->remoting().InvokeAsync(
      target->address, std::move(pull), milliseconds(config_.consumer_timeout_ms_when_suspend),
      [weak, queue, generation](Result<remoting::RemotingCommand> response) {
        if (auto self = weak.lock()) self->OnPullResponse(queue, generation, std::move(response));
      });
  if (!sent.ok()) {
    state.in_flight = false;
    RetryLater(queue, generation);
  }
}

void LitePullConsumerImpl::RetryLater(const MessageQueue& queue, uint64_t generation) {
  std::weak_ptr<LitePullConsumerImpl> weak = weak_from_this();
  scheduler_.Schedule(kRetryDelay, [weak, queue, generation] {
    auto self = weak.lock();
    if (!self) return;
    std::lock_guard<std::mutex> lock(self->mu_);
    auto it = self->queues_.find(queue);
    if (it != self->queues_.end() && it->second.generation == generation) {
      self->MaybePullLocked(queue, it->second);
    }
  });
}

void LitePullConsumerImpl::OnPullResponse(const MessageQueue& queue, uint64_t generation,
                                          Result<remoting::RemotingCommand> response) {
  if (!running()) return;
  // Decode outside the lock; the state is checked afterwards.
  std::vector<MessageExt> messages;
  int64_t next_offset = -1;
  int64_t broker_id = 0;
  bool failed = !response.ok();
  if (!failed) {
    const int32_t code = response->code();
    const bool pulled = code == ResponseCode::kSuccess || code == ResponseCode::kPullNotFound ||
                        code == ResponseCode::kPullRetryImmediately ||
                        code == ResponseCode::kPullOffsetMoved;
    // Only the pull answers carry the pull header; an error is named by its code.
    Result<protocol::PullMessageResponseHeader> header =
        Status::BrokerError(pulled ? std::string() : remoting::DescribeResponse(*response));
    if (pulled)
      header = remoting::DecodeCommandHeader<protocol::PullMessageResponseHeader>(*response);
    if (!header.ok()) {
      RMQ_LOG_WARN << "pull of " << queue.ToString() << ": " << header.status().ToString();
      failed = true;
    } else {
      next_offset = header->next_begin_offset;
      broker_id = header->suggest_which_broker_id;
      if (code == ResponseCode::kSuccess) {
        protocol::SubscriptionData filter;
        filter.topic = queue.topic;
        {
          std::lock_guard<std::mutex> lock(mu_);
          auto it = subscriptions_.find(queue.topic);
          if (it != subscriptions_.end()) filter = it->second;
        }
        auto decoded = ProcessPulledBody(
            response->body().Flatten(), filter,
            PullOrigin(config_.group, queue.broker_name, header->min_offset, header->max_offset));
        if (!decoded.ok()) {
          RMQ_LOG_ERROR << "pull of " << queue.ToString() << ": " << decoded.status().ToString();
          failed = true;
        } else {
          messages = std::move(*decoded);
          if (tracer_ && !messages.empty()) TracePulled(messages);
        }
      }
    }
  } else if (response.status().code() == ErrorCode::kCancelled) {
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = queues_.find(queue);
  if (it == queues_.end() || it->second.generation != generation) return;
  QueueState& state = it->second;
  state.in_flight = false;
  if (failed) {
    RetryLater(queue, generation);
    return;
  }
  state.next_pull_offset = next_offset;
  state.broker_id = broker_id;
  for (auto& message : messages) state.buffer.push_back(std::move(message));
  if (!state.buffer.empty()) arrived_.notify_all();
  MaybePullLocked(queue, state);
}

void LitePullConsumerImpl::TracePulled(const std::vector<MessageExt>& messages) {
  // As Java 4.9.7's lite pull consumer: each pull's messages are traced as consumed
  // successfully when they arrive, SubBefore and SubAfter at once (ConsumeReturnType SUCCESS).
  const std::string group = client::UnwrapNamespace(config_.name_space, config_.group);
  const std::string request_id = instance_->unique_keys().Next();
  const int64_t now = clock::WallMillis();
  std::vector<client::TraceRecord> records;
  records.reserve(messages.size() * 2);
  client::AppendSubBeforeRecords(messages, group, request_id, now, &records);
  client::AppendSubAfterRecords(messages, group, request_id, 0, true, 0, now, &records);
  tracer_->Append(std::move(records));
}

Result<std::vector<MessageExt>> LitePullConsumerImpl::Poll(milliseconds timeout) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mu_);
  if (auto_commit_) CommitLocked();
  auto has_messages = [this] {
    for (const auto& entry : queues_) {
      if (!entry.second.buffer.empty()) return true;
    }
    return !running();
  };
  arrived_.wait_until(lock, deadline, has_messages);
  std::vector<MessageExt> result;
  if (queues_.empty()) return result;
  const size_t max = static_cast<size_t>(std::max(1, config_.pull_batch_size));
  std::vector<std::map<MessageQueue, QueueState>::iterator> order;
  for (auto it = queues_.begin(); it != queues_.end(); ++it) order.push_back(it);
  const size_t start = next_queue_ % order.size();
  next_queue_ = start + 1;
  for (size_t k = 0; k < order.size() && result.size() < max; ++k) {
    auto it = order[(start + k) % order.size()];
    QueueState& state = it->second;
    while (!state.buffer.empty() && result.size() < max) {
      state.consumed_offset = state.buffer.front().queue_offset() + 1;
      result.push_back(std::move(state.buffer.front()));
      state.buffer.pop_front();
      if (!config_.name_space.empty()) {
        result.back().set_topic(client::UnwrapNamespace(config_.name_space, result.back().topic()));
      }
    }
    MaybePullLocked(it->first, state);
  }
  return result;
}

Status LitePullConsumerImpl::Seek(const MessageQueue& user_queue, int64_t offset) {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  if (offset < 0) return Status::InvalidArgument("seek offset must not be negative");
  const MessageQueue queue = WithNamespace(user_queue);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = queues_.find(queue);
  if (it == queues_.end()) return Status::NotFound(user_queue.ToString() + " is not assigned");
  QueueState& state = it->second;
  ++state.generation;
  state.buffer.clear();
  state.in_flight = false;
  state.next_pull_offset = offset;
  state.consumed_offset = offset;
  MaybePullLocked(queue, state);
  return Status::OK();
}

void LitePullConsumerImpl::CommitLocked() {
  for (const auto& [queue, state] : queues_) {
    if (state.consumed_offset >= 0) offsets_->Update(queue, state.consumed_offset, false);
  }
}

Status LitePullConsumerImpl::Commit() {
  RMQ_RETURN_IF_ERROR(CheckRunning());
  std::vector<MessageQueue> queues;
  {
    std::lock_guard<std::mutex> lock(mu_);
    CommitLocked();
    queues = AssignedQueuesLocked();
  }
  return offsets_->Persist(queues, kRequestTimeout);
}

std::vector<MessageQueue> LitePullConsumerImpl::AssignedQueuesLocked() const {
  std::vector<MessageQueue> queues;
  for (const auto& entry : queues_) queues.push_back(entry.first);
  return queues;
}

Status LitePullConsumerImpl::CommitAsync(std::function<void(const Status&)> done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Checked under mu_: Shutdown stops first and then takes the waiting callbacks under mu_,
    // so a callback queued here is answered either by the task below or by Shutdown.
    RMQ_RETURN_IF_ERROR(CheckRunning());
    CommitLocked();
    async_commits_.push_back(std::move(done));
  }
  scheduler_.ScheduleFor(weak_from_this(), milliseconds(0),
                         [](LitePullConsumerImpl& self) { self.PersistForAsyncCommits(); });
  return Status::OK();
}

void LitePullConsumerImpl::PersistForAsyncCommits() {
  std::vector<std::function<void(const Status&)>> waiting;
  std::vector<MessageQueue> queues;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (async_commits_.empty()) return;  // an earlier task persisted for these already
    waiting.swap(async_commits_);
    queues = AssignedQueuesLocked();
  }
  AnswerCommits(std::move(waiting), offsets_->Persist(queues, kRequestTimeout));
}

void LitePullConsumerImpl::AnswerCommits(std::vector<std::function<void(const Status&)>> waiting,
                                         const Status& outcome) {
  for (auto& done : waiting) {
    if (!done) continue;
    try {
      done(outcome);
    } catch (const std::exception& e) {
      RMQ_LOG_WARN << "a CommitAsync callback threw: " << e.what();
    } catch (...) {
      RMQ_LOG_WARN << "a CommitAsync callback threw";
    }
  }
}

}  // namespace consumer
}  // namespace rocketmq
