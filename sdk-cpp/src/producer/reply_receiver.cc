#include "producer/reply_receiver.h"

#include "common/clock.h"
#include "common/logging.h"
#include "producer/reply_message.h"
#include "protocol/message_properties.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace client {

void ReplyReceiver::Start(size_t threads) {
  std::lock_guard<std::mutex> lock(mu_);
  threads_ = threads < 1 ? 1 : threads;
}

void ReplyReceiver::Shutdown() {
  std::shared_ptr<ThreadPool> executor;
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads_ = 0;
    executor = std::move(executor_);
  }
  for (auto& entry : table_.TakeAll()) {
    const std::string why =
        "the client shut down before the reply to the request to topic '" + entry.topic + "' came";
    entry.callback(Status::Cancelled(why));
  }
  if (executor) executor->Shutdown();
}

std::shared_ptr<ThreadPool> ReplyReceiver::Executor() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!executor_ && threads_ > 0) {
    executor_ = std::make_shared<ThreadPool>("rmq-reply", threads_);
  }
  return executor_;
}

void ReplyReceiver::Complete(RequestFutureTable::Entry entry, Result<MessageExt> result) {
  auto run = std::make_shared<std::pair<RequestFutureTable::Entry, Result<MessageExt>>>(
      std::move(entry), std::move(result));
  std::shared_ptr<ThreadPool> pool = Executor();
  if (pool && pool->InPoolThread()) {
    run->first.callback(run->second);
    return;
  }
  if (pool && pool->Submit([run] { run->first.callback(run->second); }).ok()) return;
  run->first.callback(run->second);
}

void ReplyReceiver::Sweep() {
  for (auto& entry : table_.TakeExpired(RequestFutureTable::Clock::now())) {
    Status error = RequestFutureTable::TimeoutError(entry);
    RMQ_LOG_DEBUG << error.message();
    Complete(std::move(entry), std::move(error));
  }
}

remoting::ProcessResult ReplyReceiver::OnPushedReply(const std::string& broker_address,
                                                     const remoting::RemotingCommand& request) {
  auto reply = DecodePushedReply(request, clock::WallMillis());
  if (!reply.ok()) {
    RMQ_LOG_WARN << "dropping a reply pushed by broker " << broker_address << ": "
                 << reply.status().message();
    return remoting::RemotingCommand::CreateResponse(protocol::ResponseCode::kSystemError,
                                                     "process reply message fail");
  }
  const std::string id = reply->property(protocol::MessageConst::kPropertyCorrelationId);
  auto entry = table_.Take(id);
  if (!entry) {
    RMQ_LOG_DEBUG << "reply from broker " << broker_address << " (correlation id '" << id
                  << "') matches no waiting request: it timed out, or was answered before";
  } else {
    Complete(std::move(*entry), std::move(*reply));
  }
  return remoting::RemotingCommand::CreateResponse(protocol::ResponseCode::kSuccess);
}

std::shared_ptr<remoting::RequestProcessor> ReplyReceiver::AsProcessor() {
  std::shared_ptr<ReplyReceiver> self = shared_from_this();
  return remoting::MakeProcessor([self](const std::shared_ptr<remoting::Connection>& connection,
                                        remoting::RemotingCommand& request) {
    return self->OnPushedReply(connection->remote_address(), request);
  });
}

}  // namespace client
}  // namespace rocketmq
