#include "consumer/start_offset.h"

#include "common/clock.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/topic_names.h"

namespace rocketmq {
namespace consumer {
namespace {

namespace RequestCode = protocol::RequestCode;

constexpr std::chrono::milliseconds kRequestTimeout(3000);
// Java's default consumeTimestamp: half an hour before start.
constexpr int64_t kDefaultLookBackMs = 30 * 60 * 1000;

// GET_MAX_OFFSET, or SEARCH_OFFSET_BY_TIMESTAMP when `code` says so.
Result<int64_t> QueryQueueOffset(const MessageQueue& queue, int32_t code, int64_t timestamp,
                                 remoting::RemotingClient* remoting, const std::string& address) {
  const std::string what = "request " + std::to_string(code) + " for " + queue.ToString();
  if (address.empty())
    return Status::NotFound(what + ": no address for broker " + queue.broker_name);
  protocol::ExtFields fields;
  if (code == RequestCode::kSearchOffsetByTimestamp) {
    protocol::SearchOffsetRequestHeader header;
    header.topic = queue.topic;
    header.queue_id = queue.queue_id;
    header.timestamp = timestamp;
    header.broker_name = queue.broker_name;
    fields = header.Encode();
  } else {
    protocol::GetMaxOffsetRequestHeader header;
    header.topic = queue.topic;
    header.queue_id = queue.queue_id;
    header.broker_name = queue.broker_name;
    fields = header.Encode();
  }
  auto response = remoting->InvokeSync(
      address, remoting::RemotingCommand::CreateRequest(code, std::move(fields)), kRequestTimeout);
  if (!response.ok()) return response.status().WithContext(what);
  if (response->code() != protocol::ResponseCode::kSuccess) {
    return Status::BrokerError(what + ": response code " + std::to_string(response->code()) +
                               (response->remark() ? " (" + *response->remark() + ")" : ""));
  }
  auto decoded = protocol::OffsetResponseHeader::Decode(response->ext_fields());
  if (!decoded.ok()) return decoded.status().WithContext(what);
  return decoded->offset;
}

}  // namespace

Result<int64_t> ComputeStartOffset(const MessageQueue& queue, const ConsumerConfig& config,
                                   OffsetStore* offsets, remoting::RemotingClient* remoting,
                                   const std::string& broker_address) {
  auto stored = offsets->ReadFromStore(queue);
  if (stored.ok() && *stored >= 0) return *stored;
  if (!stored.ok() && stored.status().code() != ErrorCode::kNotFound) return stored.status();
  const bool retry = protocol::topic::IsRetryTopic(queue.topic);
  switch (config.consume_from_where) {
    case ConsumeFromWhere::kFirstOffset:
      return int64_t{0};
    case ConsumeFromWhere::kTimestamp: {
      if (retry) {
        return QueryQueueOffset(queue, RequestCode::kGetMaxOffset, 0, remoting, broker_address);
      }
      const int64_t timestamp = config.consume_timestamp_ms > 0
                                    ? config.consume_timestamp_ms
                                    : clock::WallMillis() - kDefaultLookBackMs;
      return QueryQueueOffset(queue, RequestCode::kSearchOffsetByTimestamp, timestamp, remoting,
                              broker_address);
    }
    case ConsumeFromWhere::kLastOffset:
    default:
      if (retry) return int64_t{0};
      return QueryQueueOffset(queue, RequestCode::kGetMaxOffset, 0, remoting, broker_address);
  }
}

}  // namespace consumer
}  // namespace rocketmq
