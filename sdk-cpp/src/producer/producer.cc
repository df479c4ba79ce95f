#include "rocketmq/producer.h"

#include "common/logging.h"
#include "producer/producer_impl.h"
#include "producer/sharding_key.h"

namespace rocketmq {
namespace {

// How long a Producer destroyed while running waits for its async sends.
constexpr std::chrono::milliseconds kDestructorShutdownTimeout(1000);

Status MovedFrom() { return Status::IllegalState("the producer was moved from"); }

// The future form of an async send: `start` is given the callback that fulfils the future;
// its error, if the send does not start, fulfils it at once.
template <typename StartFn>
std::future<Result<SendResult>> SendWithFuture(StartFn start) {
  auto promise = std::make_shared<std::promise<Result<SendResult>>>();
  auto future = promise->get_future();
  Status started =
      start([promise](const Result<SendResult>& result) { promise->set_value(result); });
  if (!started.ok()) promise->set_value(started);
  return future;
}

}  // namespace

class Producer::Impl : public client::ProducerImpl {
 public:
  using client::ProducerImpl::ProducerImpl;
};

Result<std::shared_ptr<SharedClient>> SharedClient::Create(const ClientConfig& config) {
  auto instance = client::ClientInstance::Create(config);
  if (!instance.ok()) return instance.status();
  return std::shared_ptr<SharedClient>(new SharedClient(std::move(*instance)));
}

SharedClient::SharedClient(std::shared_ptr<client::ClientInstance> instance)
    : instance_(std::move(instance)) {}

SharedClient::~SharedClient() = default;

const std::string& SharedClient::client_id() const { return instance_->client_id(); }

Producer::Producer(ProducerConfig config)
    : impl_(std::make_shared<Impl>(std::move(config), nullptr)) {}

Producer::Producer(ProducerConfig config, std::shared_ptr<SharedClient> client)
    : impl_(std::make_shared<Impl>(std::move(config), client ? client->instance_ : nullptr)) {}

Producer::~Producer() {
  if (impl_ && impl_->running()) {
    RMQ_LOG_WARN << "producer " << impl_->config().group
                 << " destroyed while running; shutting it down";
    impl_->Shutdown(kDestructorShutdownTimeout);
  }
}

Producer::Producer(Producer&&) noexcept = default;

Producer& Producer::operator=(Producer&& other) noexcept {
  if (this != &other) {
    if (impl_ && impl_->running()) impl_->Shutdown(kDestructorShutdownTimeout);
    impl_ = std::move(other.impl_);
  }
  return *this;
}

Status Producer::Start() { return impl_ ? impl_->Start() : MovedFrom(); }

Status Producer::Shutdown(std::chrono::milliseconds timeout) {
  return impl_ ? impl_->Shutdown(timeout) : MovedFrom();
}

Result<SendResult> Producer::Send(const Message& message) {
  if (!impl_) return MovedFrom();
  return impl_->Send(message);
}

Result<SendResult> Producer::Send(const Message& message, const MessageQueue& queue) {
  if (!impl_) return MovedFrom();
  return impl_->Send(message, queue);
}

Result<SendResult> Producer::Send(const Message& message, const QueueSelector& selector) {
  if (!impl_) return MovedFrom();
  return impl_->Send(message, selector);
}

Result<SendResult> Producer::SendOrderly(const Message& message, const std::string& sharding_key) {
  if (!impl_) return MovedFrom();
  return impl_->Send(message,
                     [&sharding_key](const std::vector<MessageQueue>& queues, const Message&) {
                       return queues[client::QueueIndexForKey(sharding_key, queues.size())];
                     });
}

Result<SendResult> Producer::SendBatch(const std::vector<Message>& messages) {
  if (!impl_) return MovedFrom();
  return impl_->SendBatch(messages);
}

Result<SendResult> Producer::SendBatch(const std::vector<Message>& messages,
                                       const MessageQueue& queue) {
  if (!impl_) return MovedFrom();
  return impl_->SendBatch(messages, queue);
}

Status Producer::SendAsync(const Message& message, SendCallback callback) {
  return impl_ ? impl_->SendAsync(message, std::move(callback)) : MovedFrom();
}

Status Producer::SendAsync(const Message& message, const MessageQueue& queue,
                           SendCallback callback) {
  return impl_ ? impl_->SendAsync(message, queue, std::move(callback)) : MovedFrom();
}

Status Producer::SendAsync(const Message& message, const QueueSelector& selector,
                           SendCallback callback) {
  return impl_ ? impl_->SendAsync(message, selector, std::move(callback)) : MovedFrom();
}

std::future<Result<SendResult>> Producer::SendAsync(const Message& message) {
  return SendWithFuture(
      [&](SendCallback callback) { return SendAsync(message, std::move(callback)); });
}

Status Producer::SendBatchAsync(const std::vector<Message>& messages, SendCallback callback) {
  return impl_ ? impl_->SendBatchAsync(messages, std::move(callback)) : MovedFrom();
}

Status Producer::SendBatchAsync(const std::vector<Message>& messages, const MessageQueue& queue,
                                SendCallback callback) {
  return impl_ ? impl_->SendBatchAsync(messages, queue, std::move(callback)) : MovedFrom();
}

std::future<Result<SendResult>> Producer::SendBatchAsync(const std::vector<Message>& messages) {
  return SendWithFuture(
      [&](SendCallback callback) { return SendBatchAsync(messages, std::move(callback)); });
}

Status Producer::SendOneway(const Message& message) {
  return impl_ ? impl_->SendOneway(message) : MovedFrom();
}

Status Producer::SendOneway(const Message& message, const MessageQueue& queue) {
  return impl_ ? impl_->SendOneway(message, queue) : MovedFrom();
}

Status Producer::SendOneway(const Message& message, const QueueSelector& selector) {
  return impl_ ? impl_->SendOneway(message, selector) : MovedFrom();
}

Result<MessageExt> Producer::Request(const Message& message, std::chrono::milliseconds timeout) {
  if (!impl_) return MovedFrom();
  return impl_->Request(message, timeout);
}

Status Producer::RequestAsync(const Message& message, std::chrono::milliseconds timeout,
                              RequestCallback callback) {
  return impl_ ? impl_->RequestAsync(message, timeout, std::move(callback)) : MovedFrom();
}

std::future<Result<MessageExt>> Producer::RequestAsync(const Message& message,
                                                       std::chrono::milliseconds timeout) {
  auto promise = std::make_shared<std::promise<Result<MessageExt>>>();
  auto future = promise->get_future();
  Status started = RequestAsync(
      message, timeout, [promise](const Result<MessageExt>& reply) { promise->set_value(reply); });
  if (!started.ok()) promise->set_value(started);
  return future;
}

Result<std::vector<MessageQueue>> Producer::FetchPublishQueues(const std::string& topic) {
  if (!impl_) return MovedFrom();
  return impl_->FetchPublishQueues(topic);
}

const ProducerConfig& Producer::config() const {
  static const ProducerConfig kMovedFrom;
  return impl_ ? impl_->config() : kMovedFrom;
}

}  // namespace rocketmq
