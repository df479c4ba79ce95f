// TraceDispatcher: ships a client's message trace records to the trace topic off the hot path
// (Java's AsyncTraceDispatcher, reference §4.1).
//
// Append only queues a record, or a send whose Pub records the dispatcher's thread builds (a
// bounded queue; a record that does not fit is dropped and counted, never waited for). One thread
// owned by the dispatcher gathers records into a message body and sends it asynchronously through
// its own hidden producer (group
// `_INNER_TRACE_PRODUCER-<group>-<PRODUCE|CONSUME>`, its own client instance, tracing off)
// when the body reaches 118000 characters, when its oldest record is 500 ms old, or at
// Shutdown, which sends what is left and then stops the producer. A failed trace send is
// logged and dropped: traces never fail or slow the traced client.
#ifndef ROCKETMQ_PRODUCER_TRACE_DISPATCHER_H_
#define ROCKETMQ_PRODUCER_TRACE_DISPATCHER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "producer/trace_hooks.h"
#include "producer/trace_record.h"
#include "rocketmq/client_config.h"
#include "rocketmq/status.h"

namespace rocketmq {

class Producer;

namespace client {

class TraceDispatcher {
 public:
  // `host`: the traced client's configuration (nameservers, credentials, TLS, trace topic);
  // `role`: "PRODUCE" or "CONSUME".
  TraceDispatcher(const ClientConfig& host, const std::string& host_group, const char* role);
  ~TraceDispatcher();
  TraceDispatcher(const TraceDispatcher&) = delete;
  TraceDispatcher& operator=(const TraceDispatcher&) = delete;

  Status Start();
  // A started dispatcher, or null when one cannot start: the client (`client`, named in the
  // warning) then runs without traces, as Java's does when its trace hook fails to start.
  static std::unique_ptr<TraceDispatcher> StartOrWarn(const ClientConfig& host,
                                                      const std::string& host_group,
                                                      const char* role, const std::string& client);
  // Sends what is queued, waits up to `timeout` for those sends, stops. Idempotent.
  void Shutdown(std::chrono::milliseconds timeout);

  // Never blocks; drops the record when the queue is full or the dispatcher is stopped.
  void Append(TraceRecord record);
  // The same for several records, under one lock.
  void Append(std::vector<TraceRecord> records);
  // A send's Pub records, built on the dispatcher's thread (so that encoding them costs the
  // sending and callback threads nothing); they count against the queue's bound. While the
  // queue holds 32 MiB of such sends (PendingPub::held_bytes), the records are built here.
  void Append(PendingPub pub);
  // A send of `message` that got `result` from the broker at `address` after `cost_ms`: a
  // single message's fields are copied into one buffer shared by all sends (no allocation or
  // free per send, no memory handed between threads), a batch is queued as a PendingPub.
  void AppendPub(const std::shared_ptr<const PreparedMessage>& message, const SendResult& result,
                 const std::string& address, int64_t cost_ms);

  const std::string& topic() const { return topic_; }
  uint64_t dropped() const { return dropped_.load(); }
  uint64_t sent_messages() const { return sent_.load(); }

 private:
  class BodySink;

  void Run();
  // Writes the Pub records of the single sends packed in `packed` to `sink`.
  void WritePackedPubs(std::string_view packed, PubRecordSink* sink) const;
  void CountDropped(size_t count);
  // Sends the records taken so far as one message.
  void Flush(std::string* body, std::vector<std::string>* keys);

  using Item = std::variant<TraceRecord, PendingPub>;

  const std::string topic_;
  // The traced client's group without its namespace, for Pub records.
  const std::string group_;
  std::unique_ptr<Producer> producer_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Item> queue_;  // guarded by mu_
  // Single sends' Pub fields, packed one after another (see AppendPub); the thread swaps it
  // with the buffer it emptied last, so both keep their capacity.
  std::string packed_;         // guarded by mu_
  size_t queued_records_ = 0;  // guarded by mu_: records queue_ makes
  size_t held_bytes_ = 0;      // guarded by mu_: body bytes its PendingPubs keep alive
  bool stopping_ = false;      // guarded by mu_
  bool started_ = false;
  std::thread thread_;
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> sent_{0};
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_TRACE_DISPATCHER_H_
