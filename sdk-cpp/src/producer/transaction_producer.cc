#include "rocketmq/transaction_producer.h"

#include "common/logging.h"
#include "producer/transaction_producer_impl.h"

namespace rocketmq {
namespace {

// How long a TransactionProducer destroyed while running waits for its broker requests.
constexpr std::chrono::milliseconds kDestructorShutdownTimeout(1000);

Status MovedFrom() { return Status::IllegalState("the transaction producer was moved from"); }

}  // namespace

const char* TransactionStateName(TransactionState state) {
  switch (state) {
    case TransactionState::kCommit:
      return "COMMIT_MESSAGE";
    case TransactionState::kRollback:
      return "ROLLBACK_MESSAGE";
    case TransactionState::kUnknown:
      break;
  }
  return "UNKNOW";
}

class TransactionProducer::Impl : public client::TransactionProducerImpl {
 public:
  using client::TransactionProducerImpl::TransactionProducerImpl;
};

TransactionProducer::TransactionProducer(ProducerConfig config, TransactionChecker checker)
    : impl_(std::make_shared<Impl>(std::move(config), std::move(checker))) {}

TransactionProducer::~TransactionProducer() {
  if (impl_ && impl_->running()) {
    RMQ_LOG_WARN << "transaction producer " << impl_->config().group
                 << " destroyed while running; shutting it down";
    impl_->Shutdown(kDestructorShutdownTimeout);
  }
}

TransactionProducer::TransactionProducer(TransactionProducer&&) noexcept = default;

TransactionProducer& TransactionProducer::operator=(TransactionProducer&& other) noexcept {
  if (this != &other) {
    if (impl_ && impl_->running()) impl_->Shutdown(kDestructorShutdownTimeout);
    impl_ = std::move(other.impl_);
  }
  return *this;
}

Status TransactionProducer::Start() { return impl_ ? impl_->Start() : MovedFrom(); }

Status TransactionProducer::Shutdown(std::chrono::milliseconds timeout) {
  return impl_ ? impl_->Shutdown(timeout) : MovedFrom();
}

Result<TransactionSendResult> TransactionProducer::SendInTransaction(
    const Message& message, const LocalTransactionExecutor& execute) {
  if (!impl_) return MovedFrom();
  return impl_->SendInTransaction(message, execute);
}

const ProducerConfig& TransactionProducer::config() const {
  static const ProducerConfig kMovedFrom;
  return impl_ ? impl_->config() : kMovedFrom;
}

}  // namespace rocketmq
