#include "rocketmq/lite_pull_consumer.h"

#include "common/logging.h"
#include "consumer/lite_pull_consumer_impl.h"

namespace rocketmq {
namespace {

constexpr std::chrono::milliseconds kDestructorShutdownTimeout(1000);

Status MovedFrom() { return Status::IllegalState("the lite pull consumer was moved from"); }

}  // namespace

class LitePullConsumer::Impl : public consumer::LitePullConsumerImpl {
 public:
  using consumer::LitePullConsumerImpl::LitePullConsumerImpl;
};

LitePullConsumer::LitePullConsumer(ConsumerConfig config, bool auto_commit)
    : impl_(std::make_shared<Impl>(std::move(config), auto_commit)) {}

LitePullConsumer::~LitePullConsumer() {
  if (impl_ && impl_->running()) {
    RMQ_LOG_WARN << "lite pull consumer " << impl_->config().group
                 << " destroyed while running; shutting it down";
    impl_->Shutdown(kDestructorShutdownTimeout);
  }
}

LitePullConsumer::LitePullConsumer(LitePullConsumer&&) noexcept = default;

LitePullConsumer& LitePullConsumer::operator=(LitePullConsumer&& other) noexcept {
  if (this != &other) {
    if (impl_ && impl_->running()) impl_->Shutdown(kDestructorShutdownTimeout);
    impl_ = std::move(other.impl_);
  }
  return *this;
}

Status LitePullConsumer::Start() { return impl_ ? impl_->Start() : MovedFrom(); }

Status LitePullConsumer::Shutdown(std::chrono::milliseconds timeout) {
  return impl_ ? impl_->Shutdown(timeout) : MovedFrom();
}

Result<std::vector<MessageQueue>> LitePullConsumer::FetchMessageQueues(const std::string& topic) {
  if (!impl_) return MovedFrom();
  return impl_->FetchMessageQueues(topic);
}

Status LitePullConsumer::Subscribe(const std::string& topic, const std::string& expression) {
  return impl_ ? impl_->Subscribe(topic, expression) : MovedFrom();
}

Status LitePullConsumer::Subscribe(const std::string& topic, const std::string& expression,
                                   ExpressionType type) {
  return impl_ ? impl_->Subscribe(topic, expression, type) : MovedFrom();
}

Status LitePullConsumer::Assign(const std::vector<MessageQueue>& queues) {
  return impl_ ? impl_->Assign(queues) : MovedFrom();
}

Result<std::vector<MessageExt>> LitePullConsumer::Poll(std::chrono::milliseconds timeout) {
  if (!impl_) return MovedFrom();
  return impl_->Poll(timeout);
}

Status LitePullConsumer::Seek(const MessageQueue& queue, int64_t offset) {
  return impl_ ? impl_->Seek(queue, offset) : MovedFrom();
}

Status LitePullConsumer::Commit() { return impl_ ? impl_->Commit() : MovedFrom(); }

Status LitePullConsumer::CommitAsync(std::function<void(const Status&)> done) {
  return impl_ ? impl_->CommitAsync(std::move(done)) : MovedFrom();
}

const ConsumerConfig& LitePullConsumer::config() const {
  static const ConsumerConfig kEmpty;
  return impl_ ? impl_->config() : kEmpty;
}

}  // namespace rocketmq
