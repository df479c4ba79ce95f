#include "protocol/header_codec.h"

#include <strings.h>
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace rocketmq {
namespace protocol {
namespace {

// Integer.parseInt / Long.parseLong: optional sign, decimal digits, nothing else.
template <typename T>
bool ParseJavaInteger(std::string_view text, T* out) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') {
    ++begin;
    if (begin != end && *begin == '-') return false;
  }
  if (begin == end) return false;
  T value{};
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return false;
  *out = value;
  return true;
}

Status Malformed(const std::string& what) {
  return Status::Protocol("malformed ROCKETMQ header: " + what);
}

}  // namespace

BinaryHeaderWriter::BinaryHeaderWriter(std::string* out, size_t expected_bytes)
    : out_(out), used_(out->size()) {
  out->resize(used_ + expected_bytes);
}

void BinaryHeaderWriter::Grow(size_t at_least) {
  out_->resize(std::max(at_least, 2 * out_->size()));
}

bool ParseHeaderValue(std::string_view text, std::string* out) {
  out->assign(text.data(), text.size());
  return true;
}

bool ParseHeaderValue(std::string_view text, int32_t* out) { return ParseJavaInteger(text, out); }

bool ParseHeaderValue(std::string_view text, int64_t* out) { return ParseJavaInteger(text, out); }

bool ParseHeaderValue(std::string_view text, bool* out) {
  *out = text.size() == 4 && strncasecmp(text.data(), "true", 4) == 0;
  return true;
}

Status MalformedBinaryExtField(const char* data, size_t size, size_t offset) {
  const size_t left = size - offset;
  if (left < 2) return Malformed("extFields entry cut inside its key length");
  const uint16_t key_size = big_endian::Load16(data + offset);
  if (key_size & 0x8000) {
    return Malformed("extFields key length " + std::to_string(static_cast<int16_t>(key_size)) +
                     " is negative");
  }
  if (left - 2 < key_size) {
    return Malformed("extFields key length " + std::to_string(key_size) + " exceeds the " +
                     std::to_string(left - 2) + " bytes left in the map");
  }
  const std::string key(data + offset + 2, key_size);
  if (left - 2 - key_size < 4) {
    return Malformed("extFields entry \"" + key + "\" cut inside its value length");
  }
  const uint32_t value_size = big_endian::Load32(data + offset + 2 + key_size);
  return Malformed("extFields value length " + std::to_string(static_cast<int32_t>(value_size)) +
                   " of \"" + key + "\" exceeds the " + std::to_string(left - 2 - key_size - 4) +
                   " bytes left in the map");
}

Result<ExtFields> DecodeBinaryExtFields(const char* data, size_t size) {
  std::vector<ExtFields::value_type> fields;
  fields.reserve(ExtFields::kInitialCapacity);
  // Built in place: assigning into default-constructed strings cost a generic replace each.
  Status status =
      ForEachBinaryExtField(data, size, [&](std::string_view key, std::string_view value) {
        fields.emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                            std::forward_as_tuple(value));
      });
  if (!status.ok()) return status;
  // Duplicate keys (a fast-codes header field repeated by an RPC hook): the last wins.
  return ExtFields::FromUnsorted(std::move(fields));
}

namespace {

// Whether `field` is the NUL-terminated `key`, without measuring `key` first: a send's
// header asks for a dozen one-letter keys, each compared with the field the reader expects
// next (strlen and memcmp per key were a third of decoding the header).
bool KeyEquals(std::string_view field, const char* key) {
  const size_t size = field.size();
  for (size_t i = 0; i < size; ++i) {
    if (key[i] != field[i] || key[i] == '\0') return false;
  }
  return key[size] == '\0';
}

// ExtFields::KeyLess(field, key) for a NUL-terminated key, settled by the first byte where
// the two differ.
bool FieldLess(std::string_view field, const char* key) {
  const size_t size = field.size();
  for (size_t i = 0; i < size; ++i) {
    const auto f = static_cast<unsigned char>(field[i]);
    const auto k = static_cast<unsigned char>(key[i]);
    if (k == 0 || f != k) return f < k;
  }
  return key[size] != '\0';
}

// ExtFields::KeyLess(key, field) for a NUL-terminated key.
bool KeyLessThanField(const char* key, std::string_view field) {
  const size_t size = field.size();
  for (size_t i = 0; i < size; ++i) {
    const auto f = static_cast<unsigned char>(field[i]);
    const auto k = static_cast<unsigned char>(key[i]);
    if (k == 0 || f != k) return k < f;
  }
  return false;
}

// The entry of `key` among entries sorted by key with unique keys, or `end`. `next` is
// where the entry after the last one found sits: a header lists its keys mostly in the
// map's order, which makes it the next one asked for.
template <typename Iterator>
Iterator FindSorted(Iterator begin, Iterator end, size_t* next_index, const char* key) {
  const auto next = begin + static_cast<std::ptrdiff_t>(*next_index);
  if (next != end && KeyEquals(next->first, key)) {
    ++*next_index;
    return next;
  }
  // Between the last field found and the next one in key order: absent, no search needed.
  const bool after_previous = next == begin || FieldLess((next - 1)->first, key);
  if (after_previous && (next == end || KeyLessThanField(key, next->first))) return end;
  const auto it = std::lower_bound(
      begin, end, key, [](const auto& entry, const char* k) { return FieldLess(entry.first, k); });
  if (it == end || !KeyEquals(it->first, key)) return end;
  *next_index = static_cast<size_t>(it - begin) + 1;
  return it;
}

}  // namespace

Status HeaderFieldError(const char* header_name, const std::string& what) {
  return Status::InvalidArgument(std::string(header_name) + ": " + what);
}

std::string* ExtFieldsSource::Find(const char* key) {
  const auto it = FindSorted(fields_.begin(), fields_.end(), &next_, key);
  return it == fields_.end() ? nullptr : &it->second;
}

Status BinaryExtFieldViews::Walk(const char* data, size_t size) {
  count_ = 0;
  readable_ = true;
  bool in_order = true;
  Status walked =
      ForEachBinaryExtField(data, size, [&](std::string_view key, std::string_view value) {
        if (!readable_) return;
        if (count_ == kMaxEntries) {
          readable_ = false;
          return;
        }
        if (count_ > 0 && !ExtFields::KeyLess(entries_[count_ - 1].first, key)) in_order = false;
        entries_[count_++] = Entry(key, value);
      });
  if (!walked.ok() || !readable_ || in_order) return walked;
  // Java writes a binary header's fields in HashMap order. A few views put in order in place
  // cost far less than decoding them into a map; stable, so that of a repeated key the last
  // one stays, as in the map.
  const auto less = [](const Entry& a, const Entry& b) {
    return ExtFields::KeyLess(a.first, b.first);
  };
  Entry* const entries = entries_;
  for (size_t i = 1; i < count_; ++i) {
    std::rotate(std::upper_bound(entries, entries + i, entries[i], less), entries + i,
                entries + i + 1);
  }
  size_t kept = 0;
  for (size_t i = 0; i < count_; ++i) {
    if (kept > 0 && entries[kept - 1].first == entries[i].first) {
      entries[kept - 1] = entries[i];
    } else {
      entries[kept++] = entries[i];
    }
  }
  count_ = kept;
  return walked;
}

const std::string_view* BinaryExtFieldsSource::Find(const char* key) {
  const auto it = FindSorted(views_.begin(), views_.end(), &next_, key);
  return it == views_.end() ? nullptr : &it->second;
}

}  // namespace protocol
}  // namespace rocketmq
