// Message ids (protocol.md §7).
//
// Offset message id: what a broker returns as SendMessageResponseHeader.msgId and what a
// consumer computes for each pulled record — upper-case hex of the store host's address,
// its port and the record's commit-log offset (32 hex chars for IPv4, 56 for IPv6). It
// locates the message: VIEW_MESSAGE_BY_ID goes to that host with that offset.
//
// Unique key: the client-generated id stored in the UNIQ_KEY property (Java's
// SendResult.msgId) — upper-case hex of a per-process prefix (client IP, pid, a random
// per-process value) followed by milliseconds since the start of the current month (local
// time) and a 16-bit counter.
#ifndef ROCKETMQ_PROTOCOL_MESSAGE_ID_H_
#define ROCKETMQ_PROTOCOL_MESSAGE_ID_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "protocol/host_address.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct OffsetMessageId {
  HostAddress store_host;
  int64_t commit_log_offset = 0;
};

// 32 (IPv4) or 56 (IPv6) upper-case hex characters.
std::string EncodeOffsetMessageId(const HostAddress& store_host, int64_t commit_log_offset);
// The same appended to `out`: a batch's answer joins one id per message.
void AppendOffsetMessageId(const HostAddress& store_host, int64_t commit_log_offset,
                           std::string* out);
// Appends ',' and the id of another record of `store_host` to `out`, which must end with an
// id of that host (AppendOffsetMessageId's): the host's digits are copied from it rather than
// formatted again, half an id's work for each further message of a batch's answer.
void AppendNextOffsetMessageId(const HostAddress& store_host, int64_t commit_log_offset,
                               std::string* out);
// Accepts either case; the length selects IPv4 or IPv6 as Java's decoder does. Anything
// other than 32 or 56 hex digits is InvalidArgument.
Result<OffsetMessageId> DecodeOffsetMessageId(std::string_view id);

// Generates unique keys. Thread-safe and allocation-free with NextInto(); the only mutable
// state is an atomic counter and a cached month boundary, so one instance is meant to be
// shared by a whole process (the SDK's client instance, the broker) — this class does not
// keep a global one itself.
class UniqueKeyGenerator {
 public:
  // Bytes in a key (hex characters = 2x): 16 for an IPv4 client, 28 for IPv6.
  static constexpr size_t kMaxLength = 56;

  // `client_ip` supplies the address bytes (its port is ignored). `pid` is truncated to 16
  // bits like Java's. `process_value` stands in for Java's class-loader hash code; pass a
  // random value per process.
  UniqueKeyGenerator(const HostAddress& client_ip, uint32_t pid, uint32_t process_value);
  // Uses getpid() and a random process value.
  explicit UniqueKeyGenerator(const HostAddress& client_ip);

  UniqueKeyGenerator(const UniqueKeyGenerator&) = delete;
  UniqueKeyGenerator& operator=(const UniqueKeyGenerator&) = delete;

  // 32 or 56 characters.
  size_t length() const { return prefix_.size() + 12; }

  std::string Next();
  // Deterministic form for tests: the key as if generated at `now_ms` (epoch ms).
  std::string NextAt(int64_t now_ms);
  // Writes length() characters to out.
  void NextInto(char* out);

  // Up to `count` keys from one clock reading and one step of the counter every sending
  // thread shares: a batch's messages, for which a reading and a step each cost ~60
  // instructions (and a contended cache line) per message. Used by one thread.
  class Run {
   public:
    size_t length() const { return generator_->length(); }
    // Writes length() characters to out; at most `count` times (with NextOver).
    void NextInto(char* out) { generator_->WriteKey(month_ms_, counter_++, out); }
    // As NextInto, over `key`, which holds this run's previous key: a run's keys differ only
    // in the counter's last four digits, which are all it writes (a whole key cost a batch
    // ~50 instructions per message).
    void NextOver(char* key);

   private:
    friend class UniqueKeyGenerator;
    Run(UniqueKeyGenerator* generator, int32_t month_ms, uint32_t counter)
        : generator_(generator), month_ms_(month_ms), counter_(counter) {}

    UniqueKeyGenerator* generator_;
    int32_t month_ms_;
    uint32_t counter_;
  };
  Run NextRun(size_t count);
  // Deterministic form for tests, as NextAt.
  Run NextRunAt(size_t count, int64_t now_ms);

 private:
  // Milliseconds since the local month started, clamped at 0.
  int32_t MonthMillis(int64_t now_ms);
  void WriteKey(int32_t month_ms, uint32_t counter, char* out) const;
  int64_t MonthStart(int64_t now_ms);

  std::string prefix_;  // hex of ip + pid + process value
  std::atomic<uint32_t> counter_{0};
  std::mutex month_mutex_;  // serialises recomputing the month window
  std::atomic<int64_t> month_start_{0};
  std::atomic<int64_t> next_month_start_{0};
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_MESSAGE_ID_H_
