#include "filter/expression_message_filter.h"

#include "common/logging.h"
#include "filter/evaluator.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"

namespace rocketmq {
namespace filter {
namespace {

// Looks each name up in the encoded properties, by the same rules as decoding them all,
// without building a map per message.
class EncodedProperties final : public PropertySource {
 public:
  explicit EncodedProperties(std::string_view encoded) : encoded_(encoded) {}
  std::optional<std::string_view> Find(std::string_view name) const override {
    return protocol::FindProperty(encoded_, name);
  }

 private:
  const std::string_view encoded_;
};

std::optional<std::string_view> RecordProperties(std::string_view record) {
  auto decoded = protocol::DecodeMessageRecord(record);
  if (!decoded.ok()) {
    RMQ_LOG_WARN << "SQL92 filter skips a stored message that does not decode: "
                 << decoded.status().message();
    return std::nullopt;
  }
  return decoded->properties;
}

}  // namespace

bool RecordMatches(const Expression& selector, std::string_view record) {
  const std::optional<std::string_view> properties = RecordProperties(record);
  return properties && PropertiesMatch(selector, *properties);
}

bool PropertiesMatch(const Expression& selector, std::string_view encoded_properties) {
  return Matches(selector, EncodedProperties(encoded_properties));
}

bool ExpressionMessageFilter::IsMatchedByConsumeQueue(int64_t tags_code) const {
  if (spec_.selector) return true;
  return spec_.tags_codes.empty() || spec_.tags_codes.count(tags_code) > 0;
}

bool ExpressionMessageFilter::IsMatchedByCommitLog(std::string_view record) const {
  if (spec_.retry_filters != nullptr) {
    const std::optional<std::string_view> properties = RecordProperties(record);
    if (!properties) return false;
    const std::optional<std::string_view> original =
        protocol::FindProperty(*properties, protocol::MessageConst::kPropertyRetryTopic);
    if (!original) return true;
    const auto data = spec_.retry_filters->Get(std::string(*original), spec_.retry_group);
    return !data || PropertiesMatch(*data->selector, *properties);
  }
  return !spec_.selector || RecordMatches(*spec_.selector, record);
}

}  // namespace filter
}  // namespace rocketmq
