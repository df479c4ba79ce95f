#include "sdk_fake_txn_broker.h"

#include <cstdlib>

#include "producer/send_request.h"
#include "protocol/host_address.h"
#include "protocol/message_id.h"
#include "protocol/message_record.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace txntest {

namespace rc = protocol::ResponseCode;
namespace rq = protocol::RequestCode;

FakeTxnBroker::~FakeTxnBroker() {
  if (server_) server_->Shutdown();
}

Status FakeTxnBroker::Start() {
  remoting::RemotingServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  options.default_executor_threads = 2;
  server_ = std::make_unique<remoting::RemotingServer>(options);
  server_->RegisterProcessor(rq::kSendMessageV2,
                             [this](const std::shared_ptr<remoting::Connection>& c,
                                    remoting::RemotingCommand& r) { return OnSend(c, r); });
  server_->RegisterProcessor(rq::kEndTransaction,
                             [this](const std::shared_ptr<remoting::Connection>&,
                                    remoting::RemotingCommand& r) { return OnEnd(r); });
  auto ok = [](const std::shared_ptr<remoting::Connection>&, remoting::RemotingCommand&) {
    return remoting::ProcessResult(remoting::RemotingCommand::CreateResponse(rc::kSuccess));
  };
  server_->RegisterProcessor(rq::kHeartBeat, ok);
  server_->RegisterProcessor(rq::kUnregisterClient, ok);
  return server_->Start();
}

std::string FakeTxnBroker::address() const {
  return "127.0.0.1:" + std::to_string(server_ ? server_->port() : 0);
}

void FakeTxnBroker::SetSendCode(int32_t code) {
  std::lock_guard<std::mutex> lock(mu_);
  send_code_ = code;
}

std::vector<StoredSend> FakeTxnBroker::sends() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sends_;
}

std::vector<ReceivedEnd> FakeTxnBroker::ends() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ends_;
}

bool FakeTxnBroker::WaitForEnds(size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return ends_.size() >= count; });
}

remoting::ProcessResult FakeTxnBroker::OnSend(
    const std::shared_ptr<remoting::Connection>& connection, remoting::RemotingCommand& request) {
  std::lock_guard<std::mutex> lock(mu_);
  producer_ = connection;
  if (!client::IsStoredResponseCode(send_code_)) {
    return remoting::RemotingCommand::CreateResponse(send_code_, "fake broker refuses sends");
  }
  StoredSend stored{request.ext_fields(), request.body().Flatten(), next_commit_log_offset_,
                    next_queue_offset_++};
  next_commit_log_offset_ += 1000;
  sends_.push_back(stored);
  const auto e = stored.ext_fields.find("e");
  const auto host = protocol::HostAddress::V4(0x7F000001, server_->port());
  auto response = remoting::RemotingCommand::CreateResponse(send_code_);
  response.SetExtField("msgId", protocol::EncodeOffsetMessageId(host, stored.commit_log_offset));
  response.SetExtField("queueId", e == stored.ext_fields.end() ? "0" : e->second);
  response.SetExtField("queueOffset", std::to_string(stored.queue_offset));
  return response;
}

remoting::ProcessResult FakeTxnBroker::OnEnd(remoting::RemotingCommand& request) {
  auto header = protocol::EndTransactionRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return header.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    ends_.push_back(ReceivedEnd{std::move(*header), request.remark(), request.IsOneway()});
  }
  changed_.notify_all();
  if (request.IsOneway()) return remoting::ProcessResult::Deferred();
  return remoting::RemotingCommand::CreateResponse(rc::kSuccess);
}

Status FakeTxnBroker::SendCheck(const protocol::CheckTransactionStateRequestHeader& header,
                                std::string body) {
  std::shared_ptr<remoting::Connection> producer;
  {
    std::lock_guard<std::mutex> lock(mu_);
    producer = producer_;
  }
  if (!producer) return Status::IllegalState("no producer connection yet");
  auto request =
      remoting::RemotingCommand::CreateRequest(rq::kCheckTransactionState, header.Encode());
  request.set_body(std::move(body));
  return server_->InvokeOneway(producer, std::move(request));
}

std::string FakeTxnBroker::EncodeCheckBody(const std::string& topic, const std::string& body,
                                           const protocol::MessageProperties& properties,
                                           int64_t commit_log_offset, int64_t queue_offset) const {
  const std::string encoded = protocol::EncodeMessageProperties(properties);
  protocol::MessageRecord record;
  record.queue_id = 0;
  record.queue_offset = queue_offset;
  record.physical_offset = commit_log_offset;
  record.born_timestamp = 1700000000000;
  record.born_host = protocol::HostAddress::V4(0x7F000001, 50000);
  record.store_timestamp = 1700000000001;
  record.store_host = protocol::HostAddress::V4(0x7F000001, server_->port());
  record.body = body;
  record.topic = topic;
  record.properties = encoded;
  auto bytes = protocol::EncodeMessageRecordToString(record);
  return bytes.ok() ? *bytes : std::string();
}

}  // namespace txntest
}  // namespace rocketmq
