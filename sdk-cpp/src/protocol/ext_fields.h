// ExtFields: the "custom header" of a remoting command, every header field as a string.
//
// A vector kept sorted by key, with the subset of std::map's interface the codecs use. A
// header has a dozen fields, which a map would allocate a node each for, on every request
// and every answer; here they share one allocation and lookups are a short binary search.
// Iteration is in key order (byte order), which ACL signing relies on: for ASCII keys it
// is Java's String.compareTo order.
#ifndef ROCKETMQ_PROTOCOL_EXT_FIELDS_H_
#define ROCKETMQ_PROTOCOL_EXT_FIELDS_H_

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rocketmq {
namespace protocol {

class ExtFields {
 public:
  using value_type = std::pair<std::string, std::string>;
  using iterator = std::vector<value_type>::iterator;
  using const_iterator = std::vector<value_type>::const_iterator;

  // Room for a usual header's fields in one allocation. 15 pairs (960 bytes) stay below
  // glibc's 1 KiB small-request bound; 16 made every header a large request, which
  // consolidates the allocator's fast bins each time.
  static constexpr size_t kInitialCapacity = 15;

  ExtFields() = default;
  // Like std::map's: of repeated keys, the first one is kept.
  ExtFields(std::initializer_list<value_type> fields);
  // Fields in any order, as a decoder reads them off the wire, sorted once: of repeated
  // keys the last one is kept (a header field repeated by an RPC hook overrides).
  static ExtFields FromUnsorted(std::vector<value_type> fields);

  const_iterator find(std::string_view key) const;
  iterator find(std::string_view key);
  size_t count(std::string_view key) const { return find(key) != end() ? 1 : 0; }
  // The value of `key`; throws std::out_of_range when absent, as std::map::at.
  const std::string& at(std::string_view key) const;

  // The value of `key`, inserted empty when absent.
  std::string& operator[](std::string_view key);
  // Inserts, or replaces the value of an existing key; true when inserted.
  std::pair<iterator, bool> insert_or_assign(std::string key, std::string value);
  // Inserts unless the key exists; true when inserted.
  std::pair<iterator, bool> emplace(std::string key, std::string value);
  size_t erase(std::string_view key);

  const_iterator begin() const { return fields_.begin(); }
  const_iterator end() const { return fields_.end(); }
  iterator begin() { return fields_.begin(); }
  iterator end() { return fields_.end(); }
  size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  void clear() { fields_.clear(); }
  void reserve(size_t n) { fields_.reserve(n); }

  // The map's key order (byte order), settled by the first byte where it differs (always,
  // for the one-letter keys of V2 sends) without a call to memcmp: decoding a send's header
  // compares a dozen keys.
  static bool KeyLess(std::string_view a, std::string_view b) {
    if (!a.empty() && !b.empty() && a[0] != b[0]) {
      return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
    }
    return a < b;
  }

  friend bool operator==(const ExtFields& a, const ExtFields& b) { return a.fields_ == b.fields_; }
  friend bool operator!=(const ExtFields& a, const ExtFields& b) { return !(a == b); }

 private:
  // The first field whose key is not less than `key`.
  const_iterator LowerBound(std::string_view key) const;

  std::vector<value_type> fields_;
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_EXT_FIELDS_H_
