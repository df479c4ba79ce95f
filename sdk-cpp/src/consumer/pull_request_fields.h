// PullRequestFields: a queue's PULL_MESSAGE extFields as the ROCKETMQ binary header carries
// them (protocol.md §1.4), encoded once per subscription; each pull then writes only the
// three fields that change from pull to pull (queue offset, commit offset, sysFlag) between
// copies of the rest's bytes. Through the ExtFields map, every pull copied a dozen pairs of
// strings and the transport wrote them out once more (~2k instructions per pull, one pull
// per consumed message at low rates).
#ifndef ROCKETMQ_CONSUMER_PULL_REQUEST_FIELDS_H_
#define ROCKETMQ_CONSUMER_PULL_REQUEST_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "protocol/heartbeat_data.h"
#include "protocol/pull_headers.h"
#include "rocketmq/consumer_config.h"
#include "rocketmq/message_queue.h"

namespace rocketmq {
namespace consumer {

// The PULL_MESSAGE header a consumer with `config` sends for `queue` under `subscription`
// (the offsets and sysFlag left for PullRequestFields::Bytes). The subscription travels with
// every pull, so that a pull racing the first heartbeat or a changed expression is still
// filtered as subscribed now.
protocol::PullMessageRequestHeader PullHeaderFor(const ConsumerConfig& config,
                                                 const MessageQueue& queue,
                                                 const protocol::SubscriptionData& subscription);

class PullRequestFields {
 public:
  // `header`'s queue offset, commit offset and sysFlag are ignored: Bytes() gives them.
  explicit PullRequestFields(const protocol::PullMessageRequestHeader& header);

  // The extFields bytes of `header` with those values, in the map's key order: the same
  // bytes as the transport writes from header.Encode().
  std::string Bytes(int64_t queue_offset, int64_t commit_offset, int32_t sys_flag) const;

 private:
  // Every other field, and where in them each changing field goes.
  std::string constant_;
  size_t commit_offset_at_ = 0;
  size_t queue_offset_at_ = 0;
  size_t sys_flag_at_ = 0;
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_PULL_REQUEST_FIELDS_H_
