#include "protocol/ext_fields.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace rocketmq {
namespace protocol {

ExtFields::ExtFields(std::initializer_list<value_type> fields) {
  fields_.reserve(fields.size());
  for (const value_type& field : fields) emplace(field.first, field.second);
}

namespace {
constexpr size_t kInsertionSortFields = 32;
}  // namespace

ExtFields ExtFields::FromUnsorted(std::vector<value_type> fields) {
  auto less = [](const value_type& a, const value_type& b) { return a.first < b.first; };
  // Headers our own peers write arrive sorted already (binary headers keep the map's order):
  // then there is nothing to sort.
  const bool sorted_unique = std::adjacent_find(fields.begin(), fields.end(),
                                                [](const value_type& a, const value_type& b) {
                                                  return !KeyLess(a.first, b.first);
                                                }) == fields.end();
  if (sorted_unique) {
    ExtFields result;
    result.fields_ = std::move(fields);
    return result;
  }
  if (fields.size() <= kInsertionSortFields) {
    // A header's dozen fields: std::stable_sort's temporary buffer and merges cost more (a
    // malloc per request in the broker's profile) than this stable insertion sort.
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      auto at = std::upper_bound(fields.begin(), it, *it, less);
      std::rotate(at, it, std::next(it));
    }
  } else {
    std::stable_sort(fields.begin(), fields.end(), less);
  }
  // Of each run of equal keys keep the last, which a stable sort left at the run's end.
  auto kept = fields.begin();
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (std::next(it) != fields.end() && std::next(it)->first == it->first) continue;
    if (kept != it) *kept = std::move(*it);
    ++kept;
  }
  fields.erase(kept, fields.end());
  ExtFields result;
  result.fields_ = std::move(fields);
  return result;
}

ExtFields::const_iterator ExtFields::LowerBound(std::string_view key) const {
  return std::lower_bound(
      fields_.begin(), fields_.end(), key,
      [](const value_type& field, std::string_view k) { return KeyLess(field.first, k); });
}

ExtFields::const_iterator ExtFields::find(std::string_view key) const {
  const_iterator it = LowerBound(key);
  return it != fields_.end() && it->first == key ? it : fields_.end();
}

ExtFields::iterator ExtFields::find(std::string_view key) {
  return fields_.begin() + (static_cast<const ExtFields&>(*this).find(key) - fields_.cbegin());
}

const std::string& ExtFields::at(std::string_view key) const {
  const_iterator it = find(key);
  if (it == end()) throw std::out_of_range("no header field \"" + std::string(key) + "\"");
  return it->second;
}

std::string& ExtFields::operator[](std::string_view key) {
  return emplace(std::string(key), std::string()).first->second;
}

std::pair<ExtFields::iterator, bool> ExtFields::insert_or_assign(std::string key,
                                                                 std::string value) {
  auto [it, inserted] = emplace(std::move(key), std::string());
  it->second = std::move(value);
  return {it, inserted};
}

std::pair<ExtFields::iterator, bool> ExtFields::emplace(std::string key, std::string value) {
  // A header's encoder writes its keys in order (the request codes' one-letter keys): append.
  if (fields_.empty() || fields_.back().first < key) {
    if (fields_.capacity() == 0) fields_.reserve(kInitialCapacity);
    fields_.emplace_back(std::move(key), std::move(value));
    return {fields_.end() - 1, true};
  }
  const auto at = LowerBound(key) - fields_.cbegin();
  if (at < static_cast<std::ptrdiff_t>(fields_.size()) && fields_[at].first == key) {
    return {fields_.begin() + at, false};
  }
  if (fields_.capacity() == 0) fields_.reserve(kInitialCapacity);
  return {fields_.insert(fields_.begin() + at, value_type(std::move(key), std::move(value))), true};
}

size_t ExtFields::erase(std::string_view key) {
  const_iterator it = find(key);
  if (it == end()) return 0;
  fields_.erase(it);
  return 1;
}

}  // namespace protocol
}  // namespace rocketmq
