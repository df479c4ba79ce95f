// DispatchRequest: what the dispatcher learns from one CommitLog record and hands to the
// ConsumeQueue, the index and the store's listener (the broker wakes long polls with it).
#ifndef ROCKETMQ_STORE_DISPATCH_REQUEST_H_
#define ROCKETMQ_STORE_DISPATCH_REQUEST_H_

#include <cstdint>
#include <string_view>

namespace rocketmq {
namespace store {

// The views point into the CommitLog's bytes (mapped, or the appender's copy of records it
// just appended) and are valid only during the call they are passed to; copy what must
// outlive it.
struct DispatchRequest {
  std::string_view topic;
  int32_t queue_id = 0;
  int64_t commit_log_offset = 0;
  int32_t msg_size = 0;
  // ConsumeQueue tags code: hash of TAGS, or what the tags-code hook computed.
  int64_t tags_code = 0;
  int64_t store_timestamp = 0;
  int64_t queue_offset = 0;
  int32_t sys_flag = 0;
  int64_t prepared_transaction_offset = 0;
  std::string_view keys;        // the KEYS property (space-separated), may be empty
  std::string_view uniq_key;    // the UNIQ_KEY property, may be empty
  std::string_view tags;        // the TAGS property, may be empty
  std::string_view properties;  // the whole encoded properties string
};

// Where the values of KEYS, UNIQ_KEY and TAGS lie in a record's properties, told by whoever
// encoded them (the send path writes the properties itself): the dispatcher then takes the
// values without searching the properties (about 500 instructions a message). Offsets into
// the record's properties string; a size of 0 is an absent property.
struct IndexedPropertySpans {
  struct Span {
    uint32_t at = 0;
    uint32_t size = 0;
  };
  Span keys;
  Span uniq_key;
  Span tags;
  // False: unknown, the dispatcher searches the properties.
  bool known = false;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_DISPATCH_REQUEST_H_
