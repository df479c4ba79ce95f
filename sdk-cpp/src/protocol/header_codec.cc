#include "protocol/header_codec.h"

#include <strings.h>
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
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
  // Unsigned digits too few to overflow (a queue id, an offset): summed here at a few
  // instructions a digit, where from_chars cost ~60 per value. Anything else goes below.
  if (!text.empty() && text.size() <= static_cast<size_t>(std::numeric_limits<T>::digits10)) {
    uint64_t value = 0;  // unsigned: a non-digit's wrap-around is defined, then discarded
    bool digits = true;
    for (const char c : text) {
      const auto digit = static_cast<unsigned char>(c - '0');
      digits &= digit <= 9;
      value = value * 10 + digit;
    }
    if (digits) {
      *out = static_cast<T>(value);
      return true;
    }
  }
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

// The entry of `key` among entries sorted by key with unique keys, or `end`, for a source
// whose entry at its cursor `*next_index` was not it. A header lists its keys in the map's
// order (or mostly), so a key after the last one found is looked for forward from there,
// past the entries no field asked for (an answer's MSG_REGION, an absent optional field):
// a few steps, where a binary search from the start cost a dozen comparisons.
template <typename Iterator>
Iterator FindSorted(Iterator begin, Iterator end, size_t* next_index, std::string_view key) {
  Iterator it = begin + static_cast<std::ptrdiff_t>(*next_index);
  if (it == begin || ExtFields::KeyLess((it - 1)->first, key)) {
    while (it != end && ExtFields::KeyLess(it->first, key)) ++it;
  } else {
    it = std::lower_bound(begin, it, key, [](const auto& entry, std::string_view k) {
      return ExtFields::KeyLess(entry.first, k);
    });
  }
  // Where the next key in order would be looked for: after this one, or where it would sit.
  *next_index = static_cast<size_t>(it - begin);
  if (it == end || it->first != key) return end;
  ++*next_index;
  return it;
}

}  // namespace

Status HeaderFieldError(const char* header_name, const std::string& what) {
  return Status::InvalidArgument(std::string(header_name) + ": " + what);
}

std::string MissingFieldText(std::string_view key) {
  return std::string("missing required field '").append(key).append("'");
}

std::string BadValueText(std::string_view key, std::string_view value, const char* type_name) {
  return std::string("field '")
      .append(key)
      .append("' = '")
      .append(value)
      .append("' is not ")
      .append(type_name);
}

std::string* ExtFieldsSource::FindPastCursor(std::string_view key) {
  const auto it = FindSorted(fields_.begin(), fields_.end(), &next_, key);
  return it == fields_.end() ? nullptr : &it->second;
}

void HeaderKeyIndex::Add(std::string_view key) {
  // A Fields() list this long needs a larger kMaxFields (and WireFieldValues' presence bits).
  if (count_ == kMaxFields) std::abort();
  entries_[count_] = Entry{key, static_cast<int>(count_)};
  keys_[count_] = key;
  ++count_;
}

void HeaderKeyIndex::Build() {
  // The fewest buckets, at least twice the keys, and the multiplier that give every key a
  // bucket of its own (a few hundred tries at most for a header's keys); failing that, the
  // multiplier with the fewest keys in one bucket.
  uint32_t bits = 1;
  while ((size_t{1} << bits) < 2 * count_) ++bits;
  size_t best_largest = count_ + 1;
  uint32_t best_multiplier = 1;
  uint32_t best_shift = 31;
  for (; bits <= kMaxBucketBits && best_largest > 1; ++bits) {
    uint32_t multiplier = 0x9E3779B1u;  // odd; the step below is even
    for (int attempt = 0; attempt < 1024 && best_largest > 1; ++attempt) {
      uint8_t in_bucket[size_t{1} << kMaxBucketBits] = {};
      size_t largest = 0;
      for (size_t i = 0; i < count_; ++i) {
        const uint8_t n = ++in_bucket[Bucket(entries_[i].key, multiplier, 32 - bits)];
        largest = std::max<size_t>(largest, n);
      }
      if (largest < best_largest) {
        best_largest = largest;
        best_multiplier = multiplier;
        best_shift = 32 - bits;
      }
      multiplier += 0x6A09E66Au;
    }
  }
  multiplier_ = best_multiplier;
  shift_ = best_shift;
  const auto bucket_of = [this](const Entry& e) { return Bucket(e.key, multiplier_, shift_); };
  std::stable_sort(entries_, entries_ + count_,
                   [&](const Entry& a, const Entry& b) { return bucket_of(a) < bucket_of(b); });
  const uint32_t buckets = 1u << (32 - shift_);
  size_t i = 0;
  for (uint32_t b = 0; b <= buckets; ++b) {
    while (i < count_ && bucket_of(entries_[i]) < b) ++i;
    bucket_begin_[b] = static_cast<uint8_t>(i);
  }
}

}  // namespace protocol
}  // namespace rocketmq
