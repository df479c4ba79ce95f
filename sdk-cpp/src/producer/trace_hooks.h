// The trace records of a send and of a consumption, built as Java 4.9.7's trace hooks build
// them (SendMessageTraceHookImpl, ConsumeMessageTraceHookImpl), for the producer, the push
// consumer and the lite pull consumer to hand to their TraceDispatcher.
#ifndef ROCKETMQ_PRODUCER_TRACE_HOOKS_H_
#define ROCKETMQ_PRODUCER_TRACE_HOOKS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "producer/send_request.h"
#include "producer/trace_record.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/send_result.h"

namespace rocketmq {
namespace client {

// A send that got a result, as much of it as its Pub records need: queued as it is by the
// sending or callback thread, its records are built later on the dispatcher's thread.
struct PendingPub {
  // A batch, whose records need its body; null for a single message. Holding each single
  // message until the dispatcher's thread ran (up to its 100 ms poll) kept megabytes of
  // bodies alive and freed them there in bursts: the sending thread's allocations then missed
  // the memory its sends had just released, 0.7 us of its CPU per traced message.
  std::shared_ptr<const PreparedMessage> message;
  // A single message's id followed by its encoded properties (one allocation).
  std::string single;
  size_t single_id_length = 0;
  size_t body_length = 0;  // a single message's
  std::string topic;       // as the user named it
  std::string offset_msg_id;
  std::string region_id;
  std::string address;    // the broker sent to
  int64_t timestamp = 0;  // wall ms when the send began
  int64_t cost_ms = 0;
  bool success = true;  // SEND_OK
  // How many records it makes (a coalesced batch: one per message), for the queue's bound.
  size_t records = 1;

  // The bytes it keeps alive.
  size_t held_bytes() const { return message ? message->body.size() : single.size(); }
};

// `message` got `result` from the broker at `address` after `cost_ms`.
PendingPub MakePendingPub(std::shared_ptr<const PreparedMessage> message, const SendResult& result,
                          const std::string& address, int64_t cost_ms);

// Where WritePubRecords writes: each record's text is appended to `text` and its trace keys
// to `keys`, then RecordDone() is called, so that the dispatcher's thread writes records
// straight into the body of its next trace message, with no TraceRecord of their own.
class PubRecordSink {
 public:
  virtual ~PubRecordSink() = default;
  virtual void RecordDone() = 0;

  std::string text;
  std::vector<std::string> keys;
};

// The Pub records of `pub` (see PubTraceRecords) written to `sink`.
void WritePubRecords(const PendingPub& pub, const std::string& group, PubRecordSink* sink);

// What a Pub record says of its send besides the message's own id, properties and length.
struct PubSend {
  int64_t timestamp = 0;  // wall ms when the send began
  std::string_view region_id;
  std::string_view topic;    // as the user named it
  std::string_view address;  // the broker sent to
  int64_t cost_ms = 0;
  bool success = true;  // SEND_OK
};

// One single message's Pub record written to `sink` (RecordDone included).
void WriteSinglePubRecord(const PubSend& send, const std::string& group,
                          std::string_view properties, std::string_view msg_id,
                          std::string_view offset_msg_id, size_t body_length, PubRecordSink* sink);

// The Pub records of `pub`; `group` without the namespace.
// - A single message: one record.
// - A batch the application sent: one record, as Java writes for a MessageBatch: the batch's
//   topic, no tags or keys, the encoded batch's length, the comma-joined message ids and
//   offset ids. Its trace keys also list each message id, so that a query by one message's
//   id finds the batch.
// - A batch of coalesced async singles: one record per message, as if each had been sent
//   alone (its own id, offset id, tags, keys and body length; the request's cost).
std::vector<TraceRecord> PubTraceRecords(const PendingPub& pub, const std::string& group);

// A listener call's (or a lite pull's) consumption of `messages`, skipping those whose
// TRACE_ON property is "false"; `group` without the namespace.
// SubBefore of each message at `timestamp`, sharing `request_id`.
void AppendSubBeforeRecords(const std::vector<MessageExt>& messages, const std::string& group,
                            const std::string& request_id, int64_t timestamp,
                            std::vector<TraceRecord>* out);
// SubAfter of each message: `cost_ms` divided among the messages, Java's ConsumeReturnType
// ordinal `context_code`.
void AppendSubAfterRecords(const std::vector<MessageExt>& messages, const std::string& group,
                           const std::string& request_id, int64_t cost_ms, bool success,
                           int context_code, int64_t timestamp, std::vector<TraceRecord>* out);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_TRACE_HOOKS_H_
