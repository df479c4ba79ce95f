#include "producer/async_coalescer.h"

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/logging.h"
#include "producer/batch_size.h"
#include "protocol/message_properties.h"
#include "protocol/topic_names.h"

namespace rocketmq {
namespace client {

namespace {

namespace mc = protocol::MessageConst;

// A batch is stored as one request: none of these may ride in one (Java refuses delay levels
// and retry topics in batches; transactions and timers need their own header flags).
constexpr const char* kAloneProperties[] = {mc::kPropertyTransactionPrepared, "TIMER_DELIVER_MS",
                                            "TIMER_DELAY_SEC", "TIMER_DELAY_MS",
                                            "__STARTDELIVERTIME"};

void Invoke(const SendCallback& callback, const Result<SendResult>& result) {
  try {
    callback(result);
  } catch (const std::exception& e) {
    RMQ_LOG_ERROR << "a send callback threw: " << e.what();
  } catch (...) {
    RMQ_LOG_ERROR << "a send callback threw a non-standard exception";
  }
}

// `joined` split at its commas into `count` ids, or `count` times all of it when it does not
// split so.
std::vector<std::string_view> SplitIds(std::string_view joined, size_t count) {
  std::vector<std::string_view> ids;
  ids.reserve(count);
  size_t from = 0;
  for (;;) {
    const size_t comma = joined.find(',', from);
    ids.push_back(joined.substr(
        from, comma == std::string_view::npos ? std::string_view::npos : comma - from));
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  if (ids.size() != count) ids.assign(count, joined);
  return ids;
}

}  // namespace

AsyncCoalescer::AsyncCoalescer(Limits limits, SendBatch send, RunOnCallbackThread run)
    : limits_(limits), send_(std::move(send)), run_(std::move(run)) {}

bool AsyncCoalescer::Eligible(const Message& message, const ProducerConfig& config) {
  if (!config.coalesce_async_sends || message.delay_level() > 0 || !message.wait_store_ok() ||
      protocol::topic::IsRetryTopic(message.topic()) ||
      message.body().size() >= static_cast<size_t>(config.compress_msg_body_over_howmuch)) {
    return false;
  }
  for (const char* name : kAloneProperties) {
    if (message.properties().count(name) != 0) return false;
  }
  return true;
}

std::vector<AsyncCoalescer::Waiting> AsyncCoalescer::Take(Topic* topic) {
  std::vector<Waiting> batch;
  batch.swap(topic->waiting);
  topic->bytes = 0;
  ++topic->in_flight;
  return batch;
}

Status AsyncCoalescer::Add(Message message, std::string id, SendCallback callback,
                           const clock::Deadline& deadline) {
  const size_t bytes = BatchEntrySize(message);
  const std::string topic_name = message.topic();
  std::vector<std::vector<Waiting>> batches;
  Status refused;
  {
    std::unique_lock<std::mutex> lock(mu_);
    Topic& topic = topics_[topic_name];
    for (;;) {
      const bool room =
          topic.waiting.size() < limits_.max_messages && topic.bytes + bytes <= limits_.max_bytes;
      if (room || topic.waiting.empty()) break;
      if (topic.in_flight < limits_.max_in_flight) {
        batches.push_back(Take(&topic));
        continue;
      }
      if (deadline.Expired()) {
        refused = Status::ResourceExhausted(
            "coalesced sends to topic '" + topic_name + "' found no room until the send " +
            "timeout: " + std::to_string(topic.in_flight) + " requests are in flight and " +
            std::to_string(topic.waiting.size()) + " messages wait for them");
        break;
      }
      room_.wait_until(lock, deadline.when());
    }
    if (refused.ok()) {
      topic.waiting.push_back(Waiting{std::move(message), std::move(id), std::move(callback)});
      topic.bytes += bytes;
      if (topic.in_flight < limits_.max_in_flight) batches.push_back(Take(&topic));
    }
  }
  for (auto& batch : batches) Dispatch(topic_name, std::move(batch));
  return refused;
}

void AsyncCoalescer::Flush() {
  std::vector<std::pair<std::string, std::vector<Waiting>>> batches;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [name, topic] : topics_) {
      if (!topic.waiting.empty()) batches.emplace_back(name, Take(&topic));
    }
  }
  for (auto& [name, batch] : batches) Dispatch(name, std::move(batch));
}

void AsyncCoalescer::Dispatch(const std::string& topic, std::vector<Waiting> batch) {
  auto sent = std::make_shared<Sent>();
  std::vector<Message> messages;
  messages.reserve(batch.size());
  sent->ids.reserve(batch.size());
  sent->callbacks.reserve(batch.size());
  for (Waiting& w : batch) {
    messages.push_back(std::move(w.message));
    sent->ids.push_back(std::move(w.id));
    sent->callbacks.push_back(std::move(w.callback));
  }
  auto self = shared_from_this();
  Status started = send_(messages, [self, topic, sent](const Result<SendResult>& result) {
    self->OnAnswered(topic, sent, result);
  });
  if (started.ok()) return;
  // Never answered: the request's slot is free again and its messages fail, on a callback
  // thread as every send callback runs (inline only once the client's threads are gone).
  auto fail = [self, topic, sent, started] { self->OnAnswered(topic, sent, started); };
  if (!run_(fail).ok()) fail();
}

void AsyncCoalescer::OnAnswered(const std::string& topic, const std::shared_ptr<Sent>& sent,
                                const Result<SendResult>& result) {
  // What waited goes out first: its request travels while these callbacks run.
  std::vector<Waiting> next;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Topic& t = topics_[topic];
    --t.in_flight;
    if (!t.waiting.empty()) next = Take(&t);
  }
  room_.notify_all();
  if (!next.empty()) Dispatch(topic, std::move(next));
  Deliver(*sent, result);
}

void AsyncCoalescer::Deliver(const Sent& sent, const Result<SendResult>& result) {
  const size_t count = sent.callbacks.size();
  if (!result.ok()) {
    for (const SendCallback& callback : sent.callbacks) Invoke(callback, result.status());
    return;
  }
  const std::vector<std::string_view> offset_ids = SplitIds(result->offset_message_id, count);
  // Copied once and its ids overwritten per message (in the buffers of the batch's lists):
  // a copy per message copied both comma-joined lists, ~1 KiB each for 32 messages.
  SendResult one = *result;
  for (size_t i = 0; i < count; ++i) {
    one.message_id = sent.ids[i];
    one.offset_message_id = offset_ids[i];
    one.queue_offset = result->queue_offset + static_cast<int64_t>(i);
    Invoke(sent.callbacks[i], one);
  }
}

}  // namespace client
}  // namespace rocketmq
