#include "producer/trace_dispatcher.h"

#include <pthread.h>

#include <algorithm>
#include <limits>

#include "client/namespace_util.h"
#include "common/logging.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace client {
namespace {

// Java's AsyncTraceDispatcher has a queue of 2048 records; a larger one (about 3 MiB at most)
// rides out bursts of tens of thousands of sends a second. The body limit (maxMessageSize
// 128000 minus 10000), the age at which a partial body is sent, how often that is checked and
// the send timeout are Java's.
constexpr size_t kQueueCapacity = 16384;
constexpr size_t kDrainAt = kQueueCapacity / 2;
// Queued sends keep bytes alive until the thread encodes them (a batch its body, a single
// message its id and properties); past this many a send's records are encoded by the sender
// instead.
constexpr size_t kMaxHeldBytes = 32 << 20;
constexpr size_t kMaxBodyChars = 118000;
constexpr std::chrono::milliseconds kMaxRecordAge(500);
constexpr std::chrono::milliseconds kPollInterval(100);
constexpr int64_t kTraceSendTimeoutMs = 5000;

ProducerConfig InnerProducerConfig(const ClientConfig& host, const std::string& host_group,
                                   const char* role) {
  ProducerConfig config;
  static_cast<ClientConfig&>(config) = host;
  // Its own client instance: the traced client's heartbeats and groups stay untouched.
  config.instance_name = "PID_CLIENT_INNER_TRACE_PRODUCER";
  config.enable_msg_trace = false;
  config.group = std::string("_INNER_TRACE_PRODUCER-") + host_group + "-" + role;
  config.send_timeout_ms = kTraceSendTimeoutMs;
  config.max_message_size = 128000;
  // Trace bodies (118000 characters) are sent uncompressed, where Java deflates any body over
  // 4 KiB: even at zlib's fastest level deflating them took a third of the rmq-trace thread,
  // 0.6-0.8 us of client CPU per traced message, while the broker stores the 5x larger body
  // (about 165 bytes more per traced message) for a small fraction of that. Readers take a
  // body with or without the compressed flag alike.
  config.compress_msg_body_over_howmuch = std::numeric_limits<int32_t>::max();
  config.retry_times_when_send_async_failed = 0;
  return config;
}

}  // namespace

TraceDispatcher::TraceDispatcher(const ClientConfig& host, const std::string& host_group,
                                 const char* role)
    : topic_(host.customized_trace_topic.empty() ? kDefaultTraceTopic
                                                 : host.customized_trace_topic),
      group_(UnwrapNamespace(host.name_space, host_group)),
      producer_(std::make_unique<Producer>(InnerProducerConfig(host, host_group, role))) {}

TraceDispatcher::~TraceDispatcher() { Shutdown(std::chrono::milliseconds(1000)); }

std::unique_ptr<TraceDispatcher> TraceDispatcher::StartOrWarn(const ClientConfig& host,
                                                              const std::string& host_group,
                                                              const char* role,
                                                              const std::string& client) {
  auto tracer = std::make_unique<TraceDispatcher>(host, host_group, role);
  Status started = tracer->Start();
  if (started.ok()) return tracer;
  RMQ_LOG_WARN << client << " runs without message traces: " << started.ToString();
  return nullptr;
}

Status TraceDispatcher::Start() {
  RMQ_RETURN_IF_ERROR(producer_->Start().WithContext("starting the message trace producer"));
  started_ = true;
  thread_ = std::thread([this] { Run(); });
  pthread_setname_np(thread_.native_handle(), "rmq-trace");
  return Status::OK();
}

void TraceDispatcher::Shutdown(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (started_) producer_->Shutdown(timeout);
  if (const uint64_t dropped = dropped_.load(); dropped > 0) {
    RMQ_LOG_WARN << dropped << " message trace records for " << topic_
                 << " were dropped because the trace queue was full; " << sent_.load()
                 << " trace messages were sent";
  }
}

void TraceDispatcher::Append(TraceRecord record) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_ && queued_records_ < kQueueCapacity) {
      queue_.emplace_back(std::move(record));
      // Under load the thread drains as soon as half the queue is used, not at its next poll.
      if (++queued_records_ == kDrainAt) wake_.notify_one();
      return;
    }
  }
  CountDropped(1);
}

void TraceDispatcher::Append(std::vector<TraceRecord> records) {
  if (records.empty()) return;
  size_t dropped = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const size_t before = queued_records_;
    for (TraceRecord& record : records) {
      if (stopping_ || queued_records_ >= kQueueCapacity) {
        ++dropped;
        continue;
      }
      queue_.emplace_back(std::move(record));
      ++queued_records_;
    }
    if (before < kDrainAt && queued_records_ >= kDrainAt) wake_.notify_one();
  }
  if (dropped > 0) CountDropped(dropped);
}

void TraceDispatcher::Append(PendingPub pub) {
  const size_t records = pub.records;
  const size_t bytes = pub.held_bytes();
  bool encode_here = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_ && queued_records_ + records <= kQueueCapacity) {
      // Too many bodies held already: this send's records are encoded here instead.
      encode_here = held_bytes_ + bytes > kMaxHeldBytes;
      if (!encode_here) {
        const size_t before = queued_records_;
        queue_.emplace_back(std::move(pub));
        queued_records_ += records;
        held_bytes_ += bytes;
        if (before < kDrainAt && queued_records_ >= kDrainAt) wake_.notify_one();
        return;
      }
    }
  }
  if (encode_here) {
    Append(PubTraceRecords(pub, group_));
  } else {
    CountDropped(records);
  }
}

void TraceDispatcher::CountDropped(size_t count) {
  if (dropped_.fetch_add(count) == 0) {
    RMQ_LOG_WARN << "message trace records are being dropped: the trace queue of topic " << topic_
                 << " is full (" << kQueueCapacity << ") or stopped";
  }
}

// The body of the next trace message, which records are written into one by one (a send's
// Pub records straight from its prepared message); sent once it reaches kMaxBodyChars.
class TraceDispatcher::BodySink : public PubRecordSink {
 public:
  explicit BodySink(TraceDispatcher* dispatcher) : dispatcher_(dispatcher) {
    text.reserve(kBodyCapacity);
  }

  void RecordDone() override {
    if (!holding_) {
      oldest_ = std::chrono::steady_clock::now();
      holding_ = true;
    }
    if (text.size() >= kMaxBodyChars) Send();
  }
  void Add(TraceRecord& record) {
    text += record.text;
    for (std::string& key : record.keys) keys.push_back(std::move(key));
    RecordDone();
  }
  // Sends what is written if its oldest record is at least `age` old.
  void SendIfOlder(std::chrono::milliseconds age) {
    if (holding_ && std::chrono::steady_clock::now() - oldest_ >= age) Send();
  }

 private:
  // The body limit plus a record or two: the body grows without reallocating.
  static constexpr size_t kBodyCapacity = kMaxBodyChars + 8192;

  void Send() {
    dispatcher_->Flush(&text, &keys);
    text.reserve(kBodyCapacity);
    holding_ = false;
  }

  TraceDispatcher* const dispatcher_;
  bool holding_ = false;
  std::chrono::steady_clock::time_point oldest_;
};

void TraceDispatcher::Run() {
  BodySink body(this);
  while (true) {
    std::deque<Item> taken;
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, kPollInterval,
                     [this] { return stopping_ || queued_records_ >= kDrainAt; });
      taken.swap(queue_);
      queued_records_ = 0;
      held_bytes_ = 0;
      stopping = stopping_;
    }
    for (Item& item : taken) {
      if (auto* record = std::get_if<TraceRecord>(&item)) {
        body.Add(*record);
      } else {
        WritePubRecords(std::get<PendingPub>(item), group_, &body);
      }
    }
    body.SendIfOlder(stopping ? std::chrono::milliseconds(0) : kMaxRecordAge);
    if (stopping) return;
  }
}

void TraceDispatcher::Flush(std::string* body, std::vector<std::string>* keys) {
  Message message(topic_, std::move(*body));
  body->clear();
  // A set, as Java's: a message's id appears once however many records name it (sorted in
  // place: no node per key).
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
  message.set_keys(*keys);
  keys->clear();
  Status started = producer_->SendAsync(message, [this](const Result<SendResult>& result) {
    if (result.ok()) {
      sent_.fetch_add(1);
    } else {
      RMQ_LOG_INFO << "a message trace send to " << topic_
                   << " failed: " << result.status().ToString();
    }
  });
  if (!started.ok()) {
    RMQ_LOG_INFO << "a message trace send to " << topic_ << " failed: " << started.ToString();
  }
}

}  // namespace client
}  // namespace rocketmq
