#include "rocketmq/push_consumer.h"

#include "common/logging.h"
#include "consumer/push_consumer_impl.h"

namespace rocketmq {
namespace {

// How long a PushConsumer destroyed while running takes to commit offsets and leave.
constexpr std::chrono::milliseconds kDestructorShutdownTimeout(1000);

Status MovedFrom() { return Status::IllegalState("the push consumer was moved from"); }

}  // namespace

class PushConsumer::Impl : public consumer::PushConsumerImpl {
 public:
  using consumer::PushConsumerImpl::PushConsumerImpl;
};

PushConsumer::PushConsumer(ConsumerConfig config)
    : impl_(std::make_shared<Impl>(std::move(config))) {}

PushConsumer::~PushConsumer() {
  if (impl_ && impl_->running()) {
    RMQ_LOG_WARN << "push consumer " << impl_->config().group
                 << " destroyed while running; shutting it down";
    impl_->Shutdown(kDestructorShutdownTimeout);
  }
}

PushConsumer::PushConsumer(PushConsumer&&) noexcept = default;

PushConsumer& PushConsumer::operator=(PushConsumer&& other) noexcept {
  if (this != &other) {
    if (impl_ && impl_->running()) impl_->Shutdown(kDestructorShutdownTimeout);
    impl_ = std::move(other.impl_);
  }
  return *this;
}

Status PushConsumer::Subscribe(const std::string& topic, const std::string& expression) {
  return impl_ ? impl_->Subscribe(topic, expression) : MovedFrom();
}

Status PushConsumer::Subscribe(const std::string& topic, const std::string& expression,
                               ExpressionType type) {
  return impl_ ? impl_->Subscribe(topic, expression, type) : MovedFrom();
}

Status PushConsumer::Unsubscribe(const std::string& topic) {
  return impl_ ? impl_->Unsubscribe(topic) : MovedFrom();
}

void PushConsumer::RegisterMessageListener(MessageListener listener) {
  if (impl_) impl_->RegisterMessageListener(std::move(listener));
}

void PushConsumer::RegisterOrderlyListener(OrderlyMessageListener listener) {
  if (impl_) impl_->RegisterOrderlyListener(std::move(listener));
}

Status PushConsumer::Start() { return impl_ ? impl_->Start() : MovedFrom(); }

void PushConsumer::Suspend() {
  if (impl_) impl_->Suspend();
}

void PushConsumer::Resume() {
  if (impl_) impl_->Resume();
}

Status PushConsumer::Shutdown(std::chrono::milliseconds timeout) {
  return impl_ ? impl_->Shutdown(timeout) : MovedFrom();
}

const ConsumerConfig& PushConsumer::config() const {
  static const ConsumerConfig kEmpty;
  return impl_ ? impl_->config() : kEmpty;
}

}  // namespace rocketmq
