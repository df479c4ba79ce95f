#include "broker/namesrv_registrar.h"

#include <condition_variable>
#include <mutex>

#include "common/logging.h"
#include "protocol/crc32.h"
#include "protocol/namesrv_headers.h"
#include "protocol/register_broker_body.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace {

// Collects the answers of requests sent in parallel; waiters give up at a deadline.
class Gather {
 public:
  explicit Gather(size_t count) : results_(count), pending_(count) {}

  void Complete(size_t index, Result<remoting::RemotingCommand> response) {
    std::lock_guard<std::mutex> lock(mutex_);
    results_[index] = std::move(response);
    if (--pending_ == 0) done_.notify_all();
  }

  // Returns the answers; those still missing at the deadline are Timeout errors.
  std::vector<Result<remoting::RemotingCommand>> Wait(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait_for(lock, timeout, [this] { return pending_ == 0; });
    std::vector<Result<remoting::RemotingCommand>> out;
    for (auto& r : results_) {
      out.push_back(r.has_value()
                        ? *r
                        : Result<remoting::RemotingCommand>(Status::Timeout(
                              "no answer within " + std::to_string(timeout.count()) + " ms")));
    }
    return out;
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  std::vector<std::optional<Result<remoting::RemotingCommand>>> results_;
  size_t pending_;
};

std::vector<Result<remoting::RemotingCommand>> InvokeAll(remoting::RemotingClient* client,
                                                         const std::vector<std::string>& addrs,
                                                         const remoting::RemotingCommand& request,
                                                         std::chrono::milliseconds timeout) {
  auto gather = std::make_shared<Gather>(addrs.size());
  for (size_t i = 0; i < addrs.size(); ++i) {
    remoting::RemotingCommand copy = request;
    copy.set_opaque(remoting::RemotingCommand::NextOpaque());
    Status sent = client->InvokeAsync(addrs[i], std::move(copy), timeout,
                                      [gather, i](Result<remoting::RemotingCommand> response) {
                                        gather->Complete(i, std::move(response));
                                      });
    if (!sent.ok()) gather->Complete(i, sent);
  }
  // A little beyond the per-request timeout, so the transport's own timeout answers first.
  return gather->Wait(timeout + std::chrono::milliseconds(200));
}

Status ResponseStatus(const Result<remoting::RemotingCommand>& response, const char* what,
                      const std::string& addr) {
  if (!response.ok()) return response.status().WithContext(std::string(what) + " to " + addr);
  if (response->code() != protocol::ResponseCode::kSuccess) {
    return Status::BrokerError(std::string(what) + " to " + addr + " answered " +
                               std::to_string(response->code()) + ": " +
                               response->remark().value_or(""));
  }
  return Status::OK();
}

}  // namespace

std::vector<RegisterResult> NamesrvRegistrar::RegisterBrokerAll(
    const std::vector<std::string>& namesrv_addrs, const BrokerIdentity& identity,
    const protocol::TopicConfigSerializeWrapper& topics, bool compressed,
    std::chrono::milliseconds timeout) {
  std::vector<RegisterResult> results;
  if (namesrv_addrs.empty()) return results;

  protocol::RegisterBrokerBody body;
  body.topic_config_serialize_wrapper = topics;
  std::string bytes;
  if (compressed) {
    auto encoded = body.EncodeCompressed(remoting::kDefaultVersion >= 413);
    if (!encoded.ok()) {
      RMQ_LOG_WARN << "cannot compress the registration body (" << encoded.status().message()
                   << "); sending it uncompressed";
      compressed = false;
      bytes = body.Encode();
    } else {
      bytes = std::move(*encoded);
    }
  } else {
    bytes = body.Encode();
  }

  protocol::RegisterBrokerRequestHeader header;
  header.broker_name = identity.broker_name;
  header.broker_addr = identity.broker_addr;
  header.cluster_name = identity.cluster_name;
  header.ha_server_addr = identity.ha_server_addr;
  header.broker_id = identity.broker_id;
  header.compressed = compressed;
  header.body_crc32 = protocol::MaskedCrc32(bytes);
  auto request = remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kRegisterBroker,
                                                          header.Encode());
  request.set_body(std::move(bytes));

  auto responses = InvokeAll(client_, namesrv_addrs, request, timeout);
  for (size_t i = 0; i < namesrv_addrs.size(); ++i) {
    RegisterResult r;
    r.namesrv_addr = namesrv_addrs[i];
    r.status = ResponseStatus(responses[i], "REGISTER_BROKER", namesrv_addrs[i]);
    if (r.status.ok()) {
      auto decoded = protocol::RegisterBrokerResponseHeader::Decode(responses[i]->ext_fields());
      if (decoded.ok()) {
        r.master_addr = decoded->master_addr;
        r.ha_server_addr = decoded->ha_server_addr;
      }
    }
    results.push_back(std::move(r));
  }
  return results;
}

Status NamesrvRegistrar::UnregisterBrokerAll(const std::vector<std::string>& namesrv_addrs,
                                             const BrokerIdentity& identity,
                                             std::chrono::milliseconds timeout) {
  protocol::UnRegisterBrokerRequestHeader header;
  header.broker_name = identity.broker_name;
  header.broker_addr = identity.broker_addr;
  header.cluster_name = identity.cluster_name;
  header.broker_id = identity.broker_id;
  auto request = remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kUnregisterBroker,
                                                          header.Encode());
  auto responses = InvokeAll(client_, namesrv_addrs, request, timeout);
  Status first;
  for (size_t i = 0; i < namesrv_addrs.size(); ++i) {
    Status s = ResponseStatus(responses[i], "UNREGISTER_BROKER", namesrv_addrs[i]);
    if (!s.ok() && first.ok()) first = s;
  }
  return first;
}

}  // namespace broker
}  // namespace rocketmq
