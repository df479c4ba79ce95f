#include "consumer/subscription.h"

#include <vector>

namespace rocketmq {
namespace consumer {
namespace {

// Decodes one UTF-8 sequence at `*i`, advancing it; malformed input yields U+FFFD.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(*i);
  size_t length = 0;
  uint32_t cp = 0;
  if (lead < 0x80) {
    ++*i;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    ++*i;
    return 0xFFFD;
  }
  if (*i + length > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  for (size_t k = 1; k < length; ++k) {
    if ((byte(*i + k) & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(*i + k) & 0x3F);
  }
  *i += length;
  return cp;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

int32_t JavaStringHashCode(std::string_view utf8) {
  // Unsigned arithmetic wraps exactly like Java's int overflow.
  uint32_t h = 0;
  size_t i = 0;
  while (i < utf8.size()) {
    const uint32_t cp = NextCodePoint(utf8, &i);
    if (cp >= 0x10000) {
      const uint32_t v = cp - 0x10000;
      h = 31 * h + (0xD800 + (v >> 10));
      h = 31 * h + (0xDC00 + (v & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<int32_t>(h);
}

Result<protocol::SubscriptionData> BuildSubscription(const std::string& topic,
                                                     const std::string& expression,
                                                     int64_t sub_version) {
  protocol::SubscriptionData data;
  data.topic = topic;
  data.sub_version = sub_version;
  data.expression_type = "TAG";
  const std::string_view trimmed = Trim(expression);
  if (trimmed.empty() || trimmed == protocol::kSubscribeAll) {
    data.sub_string = protocol::kSubscribeAll;
    return data;
  }
  data.sub_string = expression;
  std::string_view rest = expression;
  while (true) {
    const size_t bar = rest.find("||");
    const std::string_view tag = Trim(rest.substr(0, bar));
    if (!tag.empty()) {
      data.tags_set.emplace(tag);
      data.code_set.insert(JavaStringHashCode(tag));
    }
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 2);
  }
  if (data.tags_set.empty()) {
    return Status::InvalidArgument("subscription expression '" + expression + "' of topic " +
                                   topic + " names no tag");
  }
  return data;
}

bool MatchesTags(const protocol::SubscriptionData& subscription, const std::string& tags) {
  if (subscription.tags_set.empty() || subscription.class_filter_mode) return true;
  return !tags.empty() && subscription.tags_set.count(tags) != 0;
}

}  // namespace consumer
}  // namespace rocketmq
