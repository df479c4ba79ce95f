// From a PULL_MESSAGE body to what a listener sees: decoded records turned into MessageExt,
// messages whose tag the subscription does not name dropped (the broker filters by tag hash
// code only), every message given the queue's MIN_OFFSET and MAX_OFFSET from the pull's
// answer as properties, and messages redelivered through the group's retry topic given back
// their original topic — as Java's PullAPIWrapper.processPullResult and
// resetRetryAndNamespace.
#ifndef ROCKETMQ_CONSUMER_PULLED_MESSAGES_H_
#define ROCKETMQ_CONSUMER_PULLED_MESSAGES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/decoded_message.h"
#include "protocol/heartbeat_data.h"
#include "protocol/message_record.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace consumer {

MessageExt ToMessageExt(protocol::DecodedMessage decoded, const std::string& broker_name);

// The "ip:port" texts of the hosts a run of messages names, formatted once per distinct
// host: the messages of one pull share their store host and mostly their born hosts, and
// formatting (inet_ntop, to_string) cost each message more than the rest of its header.
class HostTexts {
 public:
  const std::string& Of(const protocol::HostAddress& host);

 private:
  struct Entry {
    protocol::HostAddress host;
    std::string text;
  };
  std::vector<Entry> entries_;  // a handful; searched from the most recent
};

MessageExt ToMessageExt(protocol::DecodedMessage decoded, const std::string& broker_name,
                        HostTexts* hosts);

// What all messages of one pull share: formatted once per pull, not per message.
struct PullOrigin {
  PullOrigin(const std::string& group, std::string broker_name, int64_t min_offset,
             int64_t max_offset);

  // The same origin for another pull of the same group and broker: only the offsets are
  // encoded again, into the room the last ones took (a consume thread keeps one origin for
  // its runs: at low rates a run is one message, and making the origin anew allocated more
  // than the message's decoding).
  void SetOffsets(int64_t min_offset, int64_t max_offset);

  std::string retry_topic;  // the group's: its messages get their original topic back
  std::string broker_name;
  // The answer's minOffset and maxOffset as properties MIN_OFFSET and MAX_OFFSET, encoded:
  // appended to each message's encoded properties, they replace values a stored message
  // may carry already, as Java's putProperty.
  std::string offset_properties;
};

// Decodes `body`, keeps what `subscription` matches, and completes each message from
// `origin`.
Result<std::vector<MessageExt>> ProcessPulledBody(std::string_view body,
                                                  const protocol::SubscriptionData& subscription,
                                                  const PullOrigin& origin);

// A pull body checked and filtered but not yet made into messages: the push consumer's
// consume threads decode their share right before the listener call (DecodeScanned), so that
// a message's allocations are made and freed on one thread. Decoded on the pull's thread and
// freed on a consume thread, they went through glibc's slowest paths (no thread cache, a
// consolidation of freed small chunks at each 1 KiB body) and cost more than the rest of the
// decoding. The records the scan decoded are kept (views, no allocations): decoding each
// twice cost ~330 instructions per message.
struct ScannedPull {
  // Behind a pointer: `records` view into it, and the pull is moved between threads.
  std::unique_ptr<const std::string> body;
  std::vector<protocol::MessageRecord> records;  // those the subscription keeps, in order
  // Some record has a compressed body: its inflation may fail, which must fail the pull as
  // ProcessPulledBody does; such a pull is decoded at once instead.
  bool compressed = false;
  // The answer's minOffset and maxOffset (PullOrigin).
  int64_t min_offset = 0;
  int64_t max_offset = 0;
};

// Checks every record of `body` and keeps those `subscription` matches.
Result<ScannedPull> ScanPulledBody(std::string body,
                                   const protocol::SubscriptionData& subscription);

// The message of `record`, an uncompressed record of a ScannedPull, as ProcessPulledBody
// makes it.
MessageExt DecodeScanned(const protocol::MessageRecord& record, const PullOrigin& origin,
                         HostTexts* hosts);

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_PULLED_MESSAGES_H_
