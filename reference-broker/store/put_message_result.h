// The outcome of storing a message, shaped like Apache's PutMessageResult so the broker
// can map it onto SEND_MESSAGE response codes one to one.
#ifndef ROCKETMQ_STORE_PUT_MESSAGE_RESULT_H_
#define ROCKETMQ_STORE_PUT_MESSAGE_RESULT_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace store {

// Apache's PutMessageStatus.
enum class PutMessageStatus {
  kPutOk,
  // Stored, but not known durable within syncFlushTimeout (or the flush failed).
  kFlushDiskTimeout,
  kFlushSlaveTimeout,
  kSlaveNotAvailable,
  // The store refuses appends: shut down, disk (nearly) full, or a previous I/O error.
  kServiceNotAvailable,
  kCreateMappedFileFailed,
  // Malformed record, or larger than maxMessageSize.
  kMessageIllegal,
  kPropertiesSizeExceeded,
  kOsPageCacheBusy,
  kUnknownError,
};

const char* PutMessageStatusName(PutMessageStatus status);

struct PutMessageResult {
  PutMessageStatus status = PutMessageStatus::kUnknownError;
  // OK for kPutOk; otherwise names what failed and why.
  Status error;
  int64_t wrote_offset = 0;  // CommitLog offset of the first record
  int32_t wrote_bytes = 0;
  // DLedger mode, a batch: where each record starts (entries' headers lie between them).
  // Empty when the records are back to back from wrote_offset.
  std::vector<int64_t> record_offsets;
  int64_t queue_offset = 0;  // queue offset of the first record
  int32_t msg_num = 0;
  int64_t store_timestamp = 0;

  bool ok() const { return status == PutMessageStatus::kPutOk; }
  static PutMessageResult Failure(PutMessageStatus status, Status error) {
    PutMessageResult r;
    r.status = status;
    r.error = std::move(error);
    return r;
  }
};

// Called once per put, on a store thread (the appender or the flusher): keep it short,
// hand work off to your own executor, and never call MessageStore::Shutdown() from it.
using PutCallback = std::function<void(const PutMessageResult&)>;

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_PUT_MESSAGE_RESULT_H_
