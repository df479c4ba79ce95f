#include "producer/transaction_producer_impl.h"

#include <exception>
#include <utility>

#include "client/namespace_util.h"
#include "common/logging.h"
#include "consumer/pulled_messages.h"
#include "producer/transaction_end.h"
#include "protocol/message_properties.h"

namespace rocketmq {
namespace client {
namespace {

namespace mc = protocol::MessageConst;

// Runs `call`; an exception becomes kUnknown and its text lands in *error.
template <typename Call>
TransactionState RunUserCode(const Call& call, std::optional<std::string>* error) {
  try {
    return call();
  } catch (const std::exception& e) {
    *error = e.what();
  } catch (...) {
    *error = "a non-standard exception";
  }
  return TransactionState::kUnknown;
}

}  // namespace

TransactionProducerImpl::TransactionProducerImpl(ProducerConfig config, TransactionChecker checker)
    : config_(std::move(config)), checker_(std::move(checker)) {}

TransactionProducerImpl::~TransactionProducerImpl() {
  if (running()) {
    RMQ_LOG_WARN << "transaction producer " << config_.group << " destroyed while running";
  }
}

Status TransactionProducerImpl::Start() {
  if (started_once_) {
    return Status::IllegalState(
        "transaction producer " + config_.group +
        (running() ? " is already started" : " was shut down and cannot restart"));
  }
  if (!checker_) {
    return Status::InvalidArgument("transaction producer " + config_.group +
                                   ": the transaction checker is empty");
  }
  auto instance = ClientInstance::Create(config_);
  if (!instance.ok()) return instance.status().WithContext("transaction producer " + config_.group);
  auto producer = std::make_shared<ProducerImpl>(config_, *instance);
  RMQ_RETURN_IF_ERROR(producer->Start());
  started_once_ = true;
  instance_ = std::move(*instance);
  producer_ = std::move(producer);
  config_.group = producer_->config().group;
  check_pool_ = std::make_unique<ThreadPool>("rmq-txn-check", kCheckThreads, kCheckQueueCapacity);
  checks_open_ = true;
  // `this` outlives the registration: Shutdown unregisters before anything is destroyed,
  // and the registry calls no handler once Unregister has returned.
  if (!instance_->transaction_checks().Register(
          config_.group, [this](TransactionCheck check) { OnCheck(std::move(check)); })) {
    checks_open_ = false;
    check_pool_->Shutdown();
    producer_->Shutdown(std::chrono::milliseconds(0));
    return Status::IllegalState("transaction producer " + config_.group +
                                ": its client instance already answers checks for the group");
  }
  // Java's producer keeps the auto-creation template's route from the start, so its
  // heartbeats reach those brokers before it sends anything: a new instance of the group
  // then gets the checks of half messages an earlier instance left undecided.
  auto route = instance_->UpdateTopicRoute(config_.create_topic_key,
                                           std::chrono::milliseconds(config_.send_timeout_ms));
  if (!route.ok()) {
    RMQ_LOG_INFO << "transaction producer " << config_.group << ": no route of "
                 << config_.create_topic_key << " (" << route.status().ToString()
                 << "); brokers learn this group when it first sends";
  }
  return Status::OK();
}

Status TransactionProducerImpl::Shutdown(std::chrono::milliseconds timeout) {
  if (!running()) return Status::OK();
  instance_->transaction_checks().Unregister(config_.group);
  checks_open_ = false;
  // Bounded: queued checks see checks_open_ false and return at once; only a checker
  // already running is waited for.
  check_pool_->Shutdown();
  return producer_->Shutdown(timeout);
}

Result<TransactionSendResult> TransactionProducerImpl::SendInTransaction(
    const Message& message, const LocalTransactionExecutor& execute) {
  if (!running()) {
    return Status::IllegalState("transaction producer " + config_.group +
                                (started_once_ ? " is shut down" : " is not started"));
  }
  if (!execute) return Status::InvalidArgument("the local transaction executor is empty");
  if (message.delay_level() > 0) {
    // The committed message would be scheduled like any delayed one, long after the
    // transaction decided; Java silently drops the level, we refuse it.
    return Status::InvalidArgument("the transactional message to topic '" + message.topic() +
                                   "' has delay level " + std::to_string(message.delay_level()) +
                                   "; transactional messages cannot be delayed");
  }
  Message half = message;
  half.clear_property(mc::kPropertyDelayTimeLevel);
  half.set_property(mc::kPropertyTransactionPrepared, "true");
  half.set_property(mc::kPropertyProducerGroup, config_.group);
  auto sent = producer_->SendHalfMessage(half);
  if (!sent.ok()) {
    return sent.status().WithContext(
        "sending the half message of a transaction; the local transaction was not executed");
  }
  TransactionSendResult result;
  static_cast<SendResult&>(result) = std::move(*sent);
  if (!result.transaction_id.empty()) {
    half.set_property(mc::kPropertyTransactionId, result.transaction_id);
  } else {
    result.transaction_id = result.message_id;
  }
  std::optional<std::string> error;
  if (result.status == SendStatus::kSendOk) {
    result.local_state = RunUserCode([&] { return execute(half, result); }, &error);
    if (error) {
      RMQ_LOG_WARN << "the local transaction executor of group " << config_.group
                   << " threw for message " << result.message_id << " (" << *error
                   << "); ending the transaction as UNKNOWN";
      error = "executeLocalTransactionBranch exception: " + *error;
    }
  } else {
    // Stored but not safely (flush or replication timed out): Java rolls back.
    result.local_state = TransactionState::kRollback;
    RMQ_LOG_WARN << "half message " << result.message_id << " stored with status "
                 << SendStatusName(result.status) << "; rolling the transaction back";
  }
  EndTransaction(half, result, result.local_state, std::move(error));
  return result;
}

void TransactionProducerImpl::EndTransaction(const Message& half, const SendResult& sent,
                                             TransactionState state,
                                             std::optional<std::string> remark) {
  auto header = EndHeaderForSend(sent, config_.group, state);
  if (!header.ok()) {
    RMQ_LOG_WARN << "cannot end transaction " << sent.transaction_id << " as "
                 << TransactionStateName(state) << ": " << header.status().ToString()
                 << "; the broker's check-back will resolve it";
    return;
  }
  const std::string& broker = sent.queue.broker_name;
  auto address = instance_->routes().FindMasterAddress(broker);
  if (!address) {
    auto route = instance_->UpdateTopicRoute(WrapNamespace(config_.name_space, sent.queue.topic),
                                             std::chrono::milliseconds(config_.send_timeout_ms));
    if (route.ok()) address = instance_->routes().FindMasterAddress(broker);
  }
  Status status = address ? instance_->remoting().InvokeOneway(
                                *address, BuildEndTransactionRequest(*header, std::move(remark)))
                          : Status::NotFound("broker " + broker + " has no master in the route");
  if (status.ok()) {
    producer_->TraceEndTransaction(half, sent.message_id, sent.transaction_id, *address, state,
                                   false);
  } else {
    RMQ_LOG_WARN << "END_TRANSACTION " << TransactionStateName(state) << " of transaction "
                 << sent.transaction_id << " not sent to broker " << broker << ": "
                 << status.ToString() << "; the broker's check-back will resolve it";
  }
}

void TransactionProducerImpl::OnCheck(TransactionCheck check) {
  const std::string id = check.message.msg_id();
  const std::string from = check.broker_address;
  auto shared = std::make_shared<TransactionCheck>(std::move(check));
  Status queued = check_pool_->Submit([this, shared] { RunCheck(std::move(*shared)); });
  if (!queued.ok()) {
    RMQ_LOG_WARN << "dropping the check of transaction " << id << " from broker " << from << ": "
                 << queued.ToString() << "; the broker will ask again";
  }
}

void TransactionProducerImpl::RunCheck(TransactionCheck check) {
  if (!checks_open_) return;
  auto header = EndHeaderForCheck(check, config_.group, TransactionState::kUnknown);
  MessageExt message =
      consumer::ToMessageExt(std::move(check.message), check.header.broker_name.value_or(""));
  message.set_topic(UnwrapNamespace(config_.name_space, message.topic()));
  std::optional<std::string> error;
  const TransactionState state = RunUserCode([&] { return checker_(message); }, &error);
  if (error) {
    RMQ_LOG_WARN << "the transaction checker of group " << config_.group << " threw for message "
                 << header.msg_id << " (" << *error << "); answering UNKNOWN";
    error = "checkLocalTransactionState Exception: " + *error;
  }
  header.commit_or_rollback = CommitOrRollbackOf(state);
  Status sent = instance_->remoting().InvokeOneway(
      check.broker_address, BuildEndTransactionRequest(header, std::move(error)));
  if (sent.ok()) {
    producer_->TraceEndTransaction(message, header.msg_id, header.transaction_id.value_or(""),
                                   check.broker_address, state, true);
  } else {
    RMQ_LOG_WARN << "answer " << TransactionStateName(state) << " to the check of transaction "
                 << header.msg_id << " not sent to broker " << check.broker_address << ": "
                 << sent.ToString();
  }
}

}  // namespace client
}  // namespace rocketmq
