#include "producer/trace_record.h"

namespace rocketmq {
namespace client {
namespace {

class Line {
 public:
  // One allocation for a typical record (a Pub record is about 200 characters).
  explicit Line(const char* type) {
    text_.reserve(256);
    text_ = type;
  }
  Line& Add(const std::string& value) { return Append(value); }
  Line& Add(const std::optional<std::string>& value) { return Append(value ? *value : "null"); }
  Line& Add(int64_t value) { return Append(std::to_string(value)); }
  Line& Add(bool value) { return Append(value ? "true" : "false"); }
  std::string End() {
    text_ += kTraceFieldSplitor;
    return std::move(text_);
  }

 private:
  Line& Append(const std::string& value) {
    text_ += kTraceContentSplitor;
    text_ += value;
    return *this;
  }
  std::string text_;
};

TraceRecord WithKeys(std::string text, const std::string& msg_id,
                     const std::optional<std::string>& keys) {
  TraceRecord record{std::move(text), {msg_id}};
  if (keys && !keys->empty()) record.keys.push_back(*keys);
  return record;
}

}  // namespace

TraceRecord EncodeTrace(const EndTransactionTrace& t) {
  return WithKeys(Line("EndTransaction")
                      .Add(t.timestamp)
                      .Add(t.region_id)
                      .Add(t.group)
                      .Add(t.topic)
                      .Add(t.msg_id)
                      .Add(t.tags)
                      .Add(t.keys)
                      .Add(t.store_host)
                      .Add(static_cast<int64_t>(kTraceMsgTypeTransCommit))
                      .Add(t.transaction_id)
                      .Add(t.state)
                      .Add(t.from_transaction_check)
                      .End(),
                  t.msg_id, t.keys);
}

TraceRecord EncodeTrace(const SubBeforeTrace& t) {
  return WithKeys(Line("SubBefore")
                      .Add(t.timestamp)
                      .Add(t.region_id)
                      .Add(t.group)
                      .Add(t.request_id)
                      .Add(t.msg_id)
                      .Add(static_cast<int64_t>(t.reconsume_times))
                      .Add(t.keys)
                      .End(),
                  t.msg_id, t.keys);
}

TraceRecord EncodeTrace(const SubAfterTrace& t) {
  return WithKeys(Line("SubAfter")
                      .Add(t.request_id)
                      .Add(t.msg_id)
                      .Add(t.cost_ms)
                      .Add(t.success)
                      .Add(t.keys)
                      .Add(static_cast<int64_t>(t.context_code))
                      .Add(t.timestamp)
                      .Add(t.group)
                      .End(),
                  t.msg_id, t.keys);
}

int TraceMessageType(std::optional<std::string_view> delay,
                     std::optional<std::string_view> start_deliver_time,
                     std::optional<std::string_view> tran_msg) {
  if (delay || start_deliver_time) return kTraceMsgTypeDelay;
  if (tran_msg && *tran_msg == "true") return kTraceMsgTypeTransHalf;
  return kTraceMsgTypeNormal;
}

}  // namespace client
}  // namespace rocketmq
