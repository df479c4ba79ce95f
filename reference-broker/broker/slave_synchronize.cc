#include "broker/slave_synchronize.h"

#include "broker/config_file.h"
#include "broker/consumer_offset_manager.h"
#include "broker/subscription_group_manager.h"
#include "broker/topic_config_manager.h"
#include "common/logging.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/topic_config_wrapper.h"

namespace rocketmq {
namespace broker {

namespace rq = protocol::RequestCode;

void SlaveSynchronize::SetMasterAddr(const std::string& addr) {
  std::lock_guard<std::mutex> lock(mu_);
  if (addr == master_addr_) return;
  RMQ_LOG_INFO << "master broker address changes from '" << master_addr_ << "' to '" << addr << "'";
  master_addr_ = addr;
}

std::string SlaveSynchronize::master_addr() const {
  std::lock_guard<std::mutex> lock(mu_);
  return master_addr_;
}

Result<std::string> SlaveSynchronize::Fetch(int32_t code) {
  const std::string addr = master_addr();
  auto response =
      client_->InvokeSync(addr, remoting::RemotingCommand::CreateRequest(code), timeout_);
  if (!response.ok()) return response.status().WithContext("asking master " + addr);
  if (response->code() != protocol::ResponseCode::kSuccess) {
    return Status::BrokerError("master " + addr + " answered " + std::to_string(response->code()) +
                               ": " + response->remark().value_or(""));
  }
  return response->body().Flatten();
}

Status SlaveSynchronize::SyncAll() {
  if (master_addr().empty()) return Status::OK();
  Status first;
  for (Status s : {SyncTopicConfig(), SyncConsumerOffset(), SyncDelayOffset(),
                   SyncSubscriptionGroupConfig()}) {
    if (!s.ok() && first.ok()) first = s;
  }
  return first;
}

Status SlaveSynchronize::SyncTopicConfig() {
  auto body = Fetch(rq::kGetAllTopicConfig);
  if (!body.ok()) return body.status().WithContext("GET_ALL_TOPIC_CONFIG");
  auto wrapper = protocol::TopicConfigSerializeWrapper::Decode(*body);
  if (!wrapper.ok()) return wrapper.status().WithContext("GET_ALL_TOPIC_CONFIG");
  auto changed = targets_.topics->SyncFromMaster(*wrapper);
  if (!changed.ok()) return changed.status();
  if (*changed) {
    RMQ_LOG_INFO << "took the master's topic table";
  }
  return Status::OK();
}

Status SlaveSynchronize::SyncConsumerOffset() {
  auto body = Fetch(rq::kGetAllConsumerOffset);
  if (!body.ok()) return body.status().WithContext("GET_ALL_CONSUMER_OFFSET");
  RMQ_RETURN_IF_ERROR(targets_.offsets->Decode(*body).WithContext("GET_ALL_CONSUMER_OFFSET"));
  return targets_.offsets->Persist();
}

Status SlaveSynchronize::SyncDelayOffset() {
  auto body = Fetch(rq::kGetAllDelayOffset);
  if (!body.ok()) return body.status().WithContext("GET_ALL_DELAY_OFFSET");
  if (targets_.delay_offset_path.empty() || body->empty()) return Status::OK();
  return WriteConfigFile(targets_.delay_offset_path, *body);
}

Status SlaveSynchronize::SyncSubscriptionGroupConfig() {
  auto body = Fetch(rq::kGetAllSubscriptionGroupConfig);
  if (!body.ok()) return body.status().WithContext("GET_ALL_SUBSCRIPTIONGROUP_CONFIG");
  RMQ_RETURN_IF_ERROR(
      targets_.groups->Decode(*body).WithContext("GET_ALL_SUBSCRIPTIONGROUP_CONFIG"));
  return targets_.groups->Persist();
}

}  // namespace broker
}  // namespace rocketmq
