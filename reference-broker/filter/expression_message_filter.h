// ExpressionMessageFilter: how a pull chooses its messages (Apache ExpressionMessageFilter
// and ExpressionForRetryMessageFilter, without bloom filter bit maps).
//   * TAG subscription: by the tags hash code in the consume queue, as before;
//   * SQL92 subscription: every message's properties (user and system ones, as stored)
//     are evaluated by the selector; only TRUE selects;
//   * filterSupportRetry, pulling a %RETRY% topic: each message is evaluated by the
//     selector its group registered for the message's original topic (its RETRY_TOPIC
//     property); messages of topics the group does not filter by SQL92 all pass.
// Without filterSupportRetry, retry messages pass unfiltered (the retry topic's own
// subscription is TAG "*").
#ifndef ROCKETMQ_FILTER_EXPRESSION_MESSAGE_FILTER_H_
#define ROCKETMQ_FILTER_EXPRESSION_MESSAGE_FILTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "filter/consumer_filter_manager.h"
#include "filter/expression.h"
#include "store/get_message_result.h"

namespace rocketmq {
namespace filter {

struct PullFilterSpec {
  // TAG subscription: the codes the consume queue entry must have; empty passes all.
  std::unordered_set<int64_t> tags_codes;
  // SQL92 subscription: the compiled selector (then tags_codes is ignored).
  std::shared_ptr<const Expression> selector;
  // Set for a retry-topic pull with filterSupportRetry: where the group's selectors are,
  // and the group.
  const ConsumerFilterManager* retry_filters = nullptr;
  std::string retry_group;
};

class ExpressionMessageFilter final : public store::MessageFilter {
 public:
  explicit ExpressionMessageFilter(PullFilterSpec spec) : spec_(std::move(spec)) {}

  bool IsMatchedByConsumeQueue(int64_t tags_code) const override;
  // `record` is one stored message (CommitLog format).
  bool IsMatchedByCommitLog(std::string_view record) const override;

 private:
  const PullFilterSpec spec_;
};

// True when the encoded properties of `record` satisfy `selector`. A record that does not
// decode is not selected.
bool RecordMatches(const Expression& selector, std::string_view record);

// True when `encoded_properties` (a record's properties field) satisfy `selector`.
bool PropertiesMatch(const Expression& selector, std::string_view encoded_properties);

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_EXPRESSION_MESSAGE_FILTER_H_
