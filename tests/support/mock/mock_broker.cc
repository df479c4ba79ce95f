#include "mock/mock_broker.h"

#include <cstdlib>
#include <thread>

#include "protocol/batch_body.h"
#include "protocol/host_address.h"
#include "protocol/message_id.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace mock {

namespace rc = protocol::ResponseCode;
namespace rq = protocol::RequestCode;

MockBroker::MockBroker(std::string name) : name_(std::move(name)) {}

MockBroker::~MockBroker() { Stop(); }

Status MockBroker::Start() {
  remoting::RemotingServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  options.default_executor_threads = 4;
  server_ = std::make_unique<remoting::RemotingServer>(options);
  auto on_send = [this](const std::shared_ptr<remoting::Connection>& c,
                        remoting::RemotingCommand& r) { return OnSend(c, r); };
  server_->RegisterProcessor(rq::kSendMessageV2, on_send);
  server_->RegisterProcessor(rq::kSendBatchMessage, on_send);
  server_->RegisterProcessor(
      rq::kHeartBeat, [this](const std::shared_ptr<remoting::Connection>&,
                             remoting::RemotingCommand& r) { return Record(&heartbeats_, r); });
  server_->RegisterProcessor(
      rq::kUnregisterClient,
      [this](const std::shared_ptr<remoting::Connection>&, remoting::RemotingCommand& r) {
        return Record(&unregisters_, r);
      });
  return server_->Start();
}

void MockBroker::Stop() {
  if (server_) server_->Shutdown();
}

std::string MockBroker::address() const {
  return "127.0.0.1:" + std::to_string(server_ ? server_->port() : 0);
}

void MockBroker::FailNextSends(int count, int32_t code, std::string remark) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_count_ = count;
  fail_code_ = code;
  fail_remark_ = std::move(remark);
}

void MockBroker::SetStoredCode(int32_t code) {
  std::lock_guard<std::mutex> lock(mu_);
  stored_code_ = code;
}

void MockBroker::SetAnswerOmits(std::string field) {
  std::lock_guard<std::mutex> lock(mu_);
  omitted_field_ = std::move(field);
}

void MockBroker::SetLatency(std::chrono::milliseconds latency) {
  std::lock_guard<std::mutex> lock(mu_);
  latency_ = latency;
}

void MockBroker::SetRecording(bool recording) {
  std::lock_guard<std::mutex> lock(mu_);
  recording_ = recording;
}

void MockBroker::SetSilent(bool silent) {
  std::lock_guard<std::mutex> lock(mu_);
  silent_ = silent;
}

void MockBroker::SetVersion(int32_t version) {
  std::lock_guard<std::mutex> lock(mu_);
  version_ = version;
}

remoting::ProcessResult MockBroker::Record(std::vector<ReceivedRequest>* into,
                                           remoting::RemotingCommand& request) {
  int32_t version = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    into->push_back({request.code(), request.ext_fields(), request.body().Flatten()});
    version = version_;
  }
  received_.notify_all();
  auto response = remoting::RemotingCommand::CreateResponse(rc::kSuccess);
  response.set_version(version);
  return response;
}

remoting::ProcessResult MockBroker::OnSend(const std::shared_ptr<remoting::Connection>&,
                                           remoting::RemotingCommand& request) {
  ReceivedRequest received{request.code(), request.ext_fields(), request.body().Flatten()};
  std::chrono::milliseconds latency{0};
  bool silent = false;
  int32_t fail_code = -1;
  std::string fail_remark;
  int32_t stored_code = 0;
  std::string omitted_field;
  std::string msg_ids;
  int queue_id = 0;
  int64_t queue_offset = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (recording_) sends_.push_back(received);
    latency = latency_;
    silent = silent_;
    stored_code = stored_code_;
    omitted_field = omitted_field_;
    if (fail_count_ > 0) {
      --fail_count_;
      fail_code = fail_code_;
      fail_remark = fail_remark_;
    } else {
      auto it = received.ext_fields.find("e");
      queue_id = it == received.ext_fields.end() ? 0 : std::atoi(it->second.c_str());
      size_t count = 1;
      if (request.code() == rq::kSendBatchMessage) {
        auto entries = protocol::DecodeBatchBody(received.body);
        count = entries.ok() ? entries->size() : 0;
      }
      queue_offset = next_queue_offset_[queue_id];
      next_queue_offset_[queue_id] += static_cast<int64_t>(count);
      const auto host = protocol::HostAddress::V4(0x7F000001, server_ ? server_->port() : 0);
      for (size_t i = 0; i < count; ++i) {
        if (!msg_ids.empty()) msg_ids += ',';
        msg_ids += protocol::EncodeOffsetMessageId(host, next_commit_offset_);
        next_commit_offset_ += 100;
      }
    }
  }
  received_.notify_all();
  if (silent) return remoting::ProcessResult::Deferred();
  // Simulated broker latency: this is the behaviour under test, not synchronisation.
  if (latency.count() > 0) std::this_thread::sleep_for(latency);
  if (fail_code >= 0) return remoting::RemotingCommand::CreateResponse(fail_code, fail_remark);
  auto response = remoting::RemotingCommand::CreateResponse(stored_code);
  auto answer = [&](const std::string& key, std::string value) {
    if (key != omitted_field) response.SetExtField(key, std::move(value));
  };
  answer("msgId", msg_ids);
  answer("queueId", std::to_string(queue_id));
  answer("queueOffset", std::to_string(queue_offset));
  answer("MSG_REGION", "DefaultRegion");
  answer("TRACE_ON", "true");
  return response;
}

std::vector<ReceivedRequest> MockBroker::sends() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sends_;
}

std::vector<ReceivedRequest> MockBroker::heartbeats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return heartbeats_;
}

std::vector<ReceivedRequest> MockBroker::unregisters() const {
  std::lock_guard<std::mutex> lock(mu_);
  return unregisters_;
}

size_t MockBroker::send_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sends_.size();
}

bool MockBroker::WaitForSends(size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return received_.wait_for(lock, timeout, [&] { return sends_.size() >= count; });
}

bool MockBroker::WaitForHeartbeats(size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return received_.wait_for(lock, timeout, [&] { return heartbeats_.size() >= count; });
}

}  // namespace mock
}  // namespace rocketmq
