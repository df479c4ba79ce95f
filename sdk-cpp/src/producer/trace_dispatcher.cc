#include "producer/trace_dispatcher.h"

#include <pthread.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "client/namespace_util.h"
#include "common/clock.h"
#include "common/logging.h"
#include "protocol/topic_names.h"
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

// A packed single send: this header, then its id, encoded properties, offset id, topic,
// region id and broker address, of the lengths it gives.
struct PackedPub {
  int64_t timestamp;
  int64_t cost_ms;
  uint32_t body_length;
  uint32_t id_length;
  uint32_t properties_length;
  uint32_t offset_id_length;
  uint32_t topic_length;
  uint32_t region_id_length;
  uint32_t address_length;
  bool success;
};

// The part of `*rest` `length` long, which `*rest` loses.
std::string_view Take(std::string_view* rest, size_t length) {
  const std::string_view part = rest->substr(0, length);
  rest->remove_prefix(part.size());
  return part;
}

// Past this capacity the thread's emptied buffer is released rather than kept (a burst of
// sends with large properties), about 8k typical sends.
constexpr size_t kMaxKeptPackedCapacity = 4 << 20;

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
    : topic_(host.customized_trace_topic.empty() ? protocol::topic::kTraceTopic
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

void TraceDispatcher::AppendPub(const std::shared_ptr<const PreparedMessage>& message,
                                const SendResult& result, const std::string& address,
                                int64_t cost_ms) {
  if (message->coalesced || message->batch) {
    Append(MakePendingPub(message, result, address, cost_ms));
    return;
  }
  PackedPub header{};
  header.timestamp = clock::WallMillis() - cost_ms;
  header.cost_ms = cost_ms;
  header.body_length = static_cast<uint32_t>(message->body.size());
  header.id_length = static_cast<uint32_t>(message->message_id.size());
  header.properties_length = static_cast<uint32_t>(message->properties.size());
  header.offset_id_length = static_cast<uint32_t>(result.offset_message_id.size());
  header.topic_length = static_cast<uint32_t>(message->user_topic.size());
  header.region_id_length = static_cast<uint32_t>(result.region_id.size());
  header.address_length = static_cast<uint32_t>(address.size());
  header.success = result.status == SendStatus::kSendOk;
  const size_t bytes = sizeof(header) + header.id_length + header.properties_length +
                       header.offset_id_length + header.topic_length + header.region_id_length +
                       header.address_length;
  bool encode_here = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_ && queued_records_ < kQueueCapacity) {
      encode_here = held_bytes_ + bytes > kMaxHeldBytes;
      if (!encode_here) {
        packed_.append(reinterpret_cast<const char*>(&header), sizeof(header));
        packed_ += message->message_id;
        packed_ += message->properties;
        packed_ += result.offset_message_id;
        packed_ += message->user_topic;
        packed_ += result.region_id;
        packed_ += address;
        held_bytes_ += bytes;
        if (++queued_records_ == kDrainAt) wake_.notify_one();
        return;
      }
    }
  }
  if (encode_here) {
    Append(PubTraceRecords(MakePendingPub(message, result, address, cost_ms), group_));
  } else {
    CountDropped(1);
  }
}

void TraceDispatcher::WritePackedPubs(std::string_view packed, PubRecordSink* sink) const {
  while (packed.size() >= sizeof(PackedPub)) {
    PackedPub header;
    std::memcpy(&header, packed.data(), sizeof(header));
    packed.remove_prefix(sizeof(header));
    const std::string_view id = Take(&packed, header.id_length);
    const std::string_view properties = Take(&packed, header.properties_length);
    const std::string_view offset_id = Take(&packed, header.offset_id_length);
    PubSend send;
    send.timestamp = header.timestamp;
    send.topic = Take(&packed, header.topic_length);
    send.region_id = Take(&packed, header.region_id_length);
    send.address = Take(&packed, header.address_length);
    send.cost_ms = header.cost_ms;
    send.success = header.success;
    WriteSinglePubRecord(send, group_, properties, id, offset_id, header.body_length, sink);
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
  std::string packed;
  while (true) {
    std::deque<Item> taken;
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, kPollInterval,
                     [this] { return stopping_ || queued_records_ >= kDrainAt; });
      taken.swap(queue_);
      packed.swap(packed_);
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
    WritePackedPubs(packed, &body);
    packed.clear();
    if (packed.capacity() > kMaxKeptPackedCapacity) packed.shrink_to_fit();
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
