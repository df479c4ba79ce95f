// Message trace records in the text form of Apache 4.9.7's TraceDataEncoder (reference §4.2):
// fields separated by 0x01, each record ended by 0x02, a Java null written as "null". A trace
// message's body is records concatenated; its KEYS are every record's message id and keys.
#ifndef ROCKETMQ_PRODUCER_TRACE_RECORD_H_
#define ROCKETMQ_PRODUCER_TRACE_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rocketmq {
namespace client {

// TraceConstants.CONTENT_SPLITOR and FIELD_SPLITOR.
constexpr char kTraceContentSplitor = '\x01';
constexpr char kTraceFieldSplitor = '\x02';
// MessageType ordinals.
constexpr int kTraceMsgTypeNormal = 0;
constexpr int kTraceMsgTypeTransHalf = 1;
constexpr int kTraceMsgTypeTransCommit = 2;
constexpr int kTraceMsgTypeDelay = 3;

// One encoded record and the trace message keys it contributes.
struct TraceRecord {
  std::string text;
  std::vector<std::string> keys;
};

// A send's Pub records are written by WritePubRecords (producer/trace_hooks.h), straight
// from the prepared message.

// One message before the listener ran (ConsumeMessageTraceHookImpl.consumeMessageBefore).
struct SubBeforeTrace {
  int64_t timestamp = 0;
  std::optional<std::string> region_id;  // the message's MSG_REGION
  std::string group;
  std::string request_id;  // shared with the SubAfter of the same listener call
  std::string msg_id;
  int32_t reconsume_times = 0;
  std::optional<std::string> keys;
};

// The same message after the listener returned.
struct SubAfterTrace {
  std::string request_id;
  std::string msg_id;
  int64_t cost_ms = 0;  // the call's time divided among its messages
  bool success = true;
  std::optional<std::string> keys;
  int context_code = 0;  // ConsumeReturnType ordinal: 0 SUCCESS, 4 FAILED, 2 EXCEPTION
  int64_t timestamp = 0;
  std::string group;
};

// The END_TRANSACTION a transactional producer sent (EndTransactionTraceHookImpl).
struct EndTransactionTrace {
  int64_t timestamp = 0;
  std::string region_id;  // the message's MSG_REGION, else DefaultRegion
  std::string group;
  std::string topic;
  std::string msg_id;
  std::optional<std::string> tags;
  std::optional<std::string> keys;
  std::string store_host;
  std::string transaction_id;
  std::string state;  // LocalTransactionState name: COMMIT_MESSAGE, ROLLBACK_MESSAGE, UNKNOW
  bool from_transaction_check = false;
};

TraceRecord EncodeTrace(const EndTransactionTrace& trace);
TraceRecord EncodeTrace(const SubBeforeTrace& trace);
TraceRecord EncodeTrace(const SubAfterTrace& trace);

// MessageType of a traced send from its properties (DELAY or __STARTDELIVERTIME: delay, which
// wins over TRAN_MSG=true: half).
int TraceMessageType(std::optional<std::string_view> delay,
                     std::optional<std::string_view> start_deliver_time,
                     std::optional<std::string_view> tran_msg);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_TRACE_RECORD_H_
