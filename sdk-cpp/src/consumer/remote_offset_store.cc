#include "consumer/remote_offset_store.h"

#include <algorithm>

#include "common/clock.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace consumer {
namespace {

constexpr std::chrono::milliseconds kQueryTimeout(3000);

}  // namespace

bool RemoteOffsetStore::QueueOrder::operator()(const MessageQueue& a, const MessageQueue& b) const {
  if (a.queue_id != b.queue_id) return a.queue_id < b.queue_id;
  if (const int order = a.broker_name.compare(b.broker_name); order != 0) return order < 0;
  return a.topic.compare(b.topic) < 0;
}

RemoteOffsetStore::RemoteOffsetStore(std::string group, remoting::RemotingClient* remoting,
                                     BrokerResolver resolve_broker)
    : group_(std::move(group)), remoting_(remoting), resolve_broker_(std::move(resolve_broker)) {}

void RemoteOffsetStore::Update(const MessageQueue& queue, int64_t offset, bool increase_only) {
  std::lock_guard<std::mutex> lock(mu_);
  // Looked up first: emplace builds a node (copying the queue's strings) before it finds
  // the key present, and this runs once per message consumed.
  auto it = offsets_.find(queue);
  if (it == offsets_.end()) {
    offsets_.emplace(queue, offset);
    return;
  }
  if (!increase_only || offset > it->second) it->second = offset;
}

int64_t RemoteOffsetStore::ReadFromMemory(const MessageQueue& queue) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = offsets_.find(queue);
  return it == offsets_.end() ? -1 : it->second;
}

Result<int64_t> RemoteOffsetStore::ReadFromStore(const MessageQueue& queue) {
  auto address = resolve_broker_(queue.broker_name);
  if (!address) {
    return Status::NotFound("no address for broker " + queue.broker_name +
                            " to query the offset of " + queue.ToString());
  }
  protocol::QueryConsumerOffsetRequestHeader header;
  header.consumer_group = group_;
  header.topic = queue.topic;
  header.queue_id = queue.queue_id;
  header.broker_name = queue.broker_name;
  auto response =
      remoting_->InvokeSync(*address,
                            remoting::RemotingCommand::CreateRequest(
                                protocol::RequestCode::kQueryConsumerOffset, header.Encode()),
                            kQueryTimeout);
  const std::string what = "QUERY_CONSUMER_OFFSET of group " + group_ + " for " + queue.ToString();
  if (!response.ok()) return response.status().WithContext(what);
  if (response->code() == protocol::ResponseCode::kQueryNotFound) {
    return Status::NotFound(what + ": the broker has no offset");
  }
  if (response->code() != protocol::ResponseCode::kSuccess) {
    return Status::BrokerError(what + ": " + remoting::DescribeResponse(*response));
  }
  auto decoded = protocol::QueryConsumerOffsetResponseHeader::Decode(response->ext_fields());
  if (!decoded.ok()) return decoded.status().WithContext(what);
  Update(queue, decoded->offset, false);
  return decoded->offset;
}

Status RemoteOffsetStore::Commit(const MessageQueue& queue, int64_t offset,
                                 std::chrono::milliseconds timeout) {
  auto address = resolve_broker_(queue.broker_name);
  const std::string what = "UPDATE_CONSUMER_OFFSET of group " + group_ + " for " +
                           queue.ToString() + " to " + std::to_string(offset);
  if (!address) return Status::NotFound(what + ": no address for broker " + queue.broker_name);
  protocol::UpdateConsumerOffsetRequestHeader header;
  header.consumer_group = group_;
  header.topic = queue.topic;
  header.queue_id = queue.queue_id;
  header.commit_offset = offset;
  header.broker_name = queue.broker_name;
  auto response =
      remoting_->InvokeSync(*address,
                            remoting::RemotingCommand::CreateRequest(
                                protocol::RequestCode::kUpdateConsumerOffset, header.Encode()),
                            timeout);
  if (!response.ok()) return response.status().WithContext(what);
  if (response->code() != protocol::ResponseCode::kSuccess) {
    return Status::BrokerError(what + ": " + remoting::DescribeResponse(*response));
  }
  return Status::OK();
}

Status RemoteOffsetStore::Persist(const std::vector<MessageQueue>& queues,
                                  std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Status first_error;
  for (const auto& queue : queues) {
    const int64_t offset = ReadFromMemory(queue);
    if (offset < 0) continue;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      if (first_error.ok()) first_error = Status::Timeout("persisting offsets of group " + group_);
      break;
    }
    Status committed = Commit(queue, offset, left);
    if (!committed.ok() && first_error.ok()) first_error = committed;
  }
  return first_error;
}

void RemoteOffsetStore::Remove(const MessageQueue& queue) {
  std::lock_guard<std::mutex> lock(mu_);
  offsets_.erase(queue);
}

}  // namespace consumer
}  // namespace rocketmq
