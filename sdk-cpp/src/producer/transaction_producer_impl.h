// TransactionProducerImpl: everything behind rocketmq::TransactionProducer (Java's
// TransactionMQProducer with DefaultMQProducerImpl.sendMessageInTransaction,
// endTransaction and checkTransactionState).
//
// It owns a ProducerImpl (which sends the half messages) on a client instance of its own,
// and one check thread. Checks arrive through the instance's TransactionCheckRegistry on the
// remoting processor thread, wait in the check pool's bounded queue, and are answered from
// the check thread with END_TRANSACTION to the broker that asked.
#ifndef ROCKETMQ_PRODUCER_TRANSACTION_PRODUCER_IMPL_H_
#define ROCKETMQ_PRODUCER_TRANSACTION_PRODUCER_IMPL_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "client/client_instance.h"
#include "common/thread_pool.h"
#include "producer/producer_impl.h"
#include "producer/transaction_check_registry.h"
#include "rocketmq/transaction_producer.h"

namespace rocketmq {
namespace client {

class TransactionProducerImpl {
 public:
  // Java's TransactionMQProducer defaults: one check thread, 2000 checks waiting.
  static constexpr size_t kCheckThreads = 1;
  static constexpr size_t kCheckQueueCapacity = 2000;

  TransactionProducerImpl(ProducerConfig config, TransactionChecker checker);
  // Never blocks: whoever owns a running producer calls Shutdown first.
  ~TransactionProducerImpl();

  Status Start();
  Status Shutdown(std::chrono::milliseconds timeout);
  bool running() const { return producer_ && producer_->running(); }

  Result<TransactionSendResult> SendInTransaction(const Message& message,
                                                  const LocalTransactionExecutor& execute);

  const ProducerConfig& config() const { return config_; }

 private:
  // Registry side (processor thread): queue the check, or drop it when the queue is full.
  void OnCheck(TransactionCheck check);
  // Check thread: ask the checker, answer the broker.
  void RunCheck(TransactionCheck check);
  // END_TRANSACTION for the half message `half` stored as `sent`; failures are logged only.
  void EndTransaction(const Message& half, const SendResult& sent, TransactionState state,
                      std::optional<std::string> remark);

  ProducerConfig config_;
  const TransactionChecker checker_;
  std::shared_ptr<ClientInstance> instance_;
  std::shared_ptr<ProducerImpl> producer_;
  std::unique_ptr<ThreadPool> check_pool_;
  // True between Start and Shutdown: checks still queued when it turns false are dropped.
  std::atomic<bool> checks_open_{false};
  bool started_once_ = false;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_TRANSACTION_PRODUCER_IMPL_H_
