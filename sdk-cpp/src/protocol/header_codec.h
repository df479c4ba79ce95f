// The machinery every typed custom header (protocol.md §3) is built on.
//
// Apache turns each non-null field of a header object into one extFields entry (key = Java
// field name, value = toString()) and parses them back with Integer.parseInt,
// Long.parseLong and Boolean.parseBoolean. A header here lists its fields once, in a static
// `Fields(self, visitor)` template, and the same list drives both directions:
//
//   struct GetRouteInfoRequestHeader : HeaderBase<GetRouteInfoRequestHeader> {
//     static constexpr char kName[] = "GetRouteInfoRequestHeader";
//     std::string topic;
//     std::optional<bool> accept_standard_json_only;
//     template <typename Self, typename V>
//     static void Fields(Self& self, V& v) {
//       v.Required("topic", self.topic);
//       v.Optional("acceptStandardJsonOnly", self.accept_standard_json_only);
//     }
//   };
//
//   ExtFields fields = header.Encode();
//   Result<GetRouteInfoRequestHeader> back = GetRouteInfoRequestHeader::Decode(fields);
//
// Field kinds:
//   Required(key, T&)              @CFNotNull in Apache: always written; missing on decode is
//                                  an InvalidArgument naming the header and the key.
//   Optional(key, std::optional<T>&)  nullable: written only when set.
//   Defaulted(key, T&)             nullable in Apache but initialised there (e.g. unitMode =
//                                  false): always written; missing on decode keeps the default.
// T is std::string, int32_t, int64_t or bool; a reader also fills std::string_view, a view
// of the text it reads (valid while that lives: a header struct of views). Numbers that do not
// parse (or overflow) are InvalidArgument errors naming the field and the text; booleans follow
// Boolean.parseBoolean: "true" in any case is true, anything else false. Unknown keys are
// ignored, so extra ext fields (ACL signature, MSG_REGION, ...) can ride along.
#ifndef ROCKETMQ_PROTOCOL_HEADER_CODEC_H_
#define ROCKETMQ_PROTOCOL_HEADER_CODEC_H_

#include <charconv>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "protocol/big_endian.h"
#include "protocol/ext_fields.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// Java's toString() of a field value, as a view: numbers are formatted into the object
// itself, so an encoder that only copies the text needs no string per field.
class HeaderValueText {
 public:
  explicit HeaderValueText(std::string_view v) : text_(v) {}
  explicit HeaderValueText(int32_t v) { Format(v); }
  explicit HeaderValueText(int64_t v) { Format(v); }
  explicit HeaderValueText(bool v) : text_(v ? "true" : "false") {}
  // The view may point into the object.
  HeaderValueText(const HeaderValueText&) = delete;
  HeaderValueText& operator=(const HeaderValueText&) = delete;

  std::string_view view() const { return text_; }

 private:
  template <typename Integer>
  void Format(Integer v) {
    const std::to_chars_result end = std::to_chars(digits_, digits_ + sizeof(digits_), v);
    text_ = std::string_view(digits_, static_cast<size_t>(end.ptr - digits_));
  }

  char digits_[20];  // INT64_MIN's sign and 19 digits
  std::string_view text_;
};

template <typename T>
std::string HeaderValueToString(const T& v) {
  return std::string(HeaderValueText(v).view());
}
inline std::string HeaderValueToString(const std::string& v) { return v; }

// Java's parse of a field value; false if `text` is not a valid value of the type.
bool ParseHeaderValue(std::string_view text, std::string* out);
// The text itself, viewed.
inline bool ParseHeaderValue(std::string_view text, std::string_view* out) {
  *out = text;
  return true;
}
bool ParseHeaderValue(std::string_view text, int32_t* out);
bool ParseHeaderValue(std::string_view text, int64_t* out);
bool ParseHeaderValue(std::string_view text, bool* out);

// Writes fields into an ExtFields map. Each pair is built once and moved in (a header's
// keys are unique): through operator[] it was built empty, then assigned.
class HeaderWriter {
 public:
  template <typename T>
  void Required(std::string_view key, const T& value) {
    fields_.emplace(std::string(key), HeaderValueToString(value));
  }
  template <typename T>
  void Defaulted(std::string_view key, const T& value) {
    fields_.emplace(std::string(key), HeaderValueToString(value));
  }
  template <typename T>
  void Optional(std::string_view key, const std::optional<T>& value) {
    if (value.has_value()) fields_.emplace(std::string(key), HeaderValueToString(*value));
  }

  ExtFields Take() { return std::move(fields_); }

 protected:
  ExtFields fields_;
};

// One extFields entry as the ROCKETMQ binary header lays it out (protocol.md §1.4): 16-bit
// key length, key, 32-bit value length, value, big-endian. Written at `at`, into room
// already made; returns the position after it.
constexpr size_t BinaryFieldSize(std::string_view key, std::string_view value) {
  return 2 + key.size() + 4 + value.size();
}
inline char* PutBinaryField(std::string_view key, std::string_view value, char* at) {
  big_endian::Store16(at, static_cast<uint16_t>(key.size()));
  std::memcpy(at + 2, key.data(), key.size());
  at += 2 + key.size();
  big_endian::Store32(at, static_cast<uint32_t>(value.size()));
  std::memcpy(at + 4, value.data(), value.size());
  return at + 4 + value.size();
}

// Words what is wrong with the malformed binary extFields entry at `offset` of `data`.
Status MalformedBinaryExtField(const char* data, size_t size, size_t offset);

// Calls visit(key, value) for each entry of a binary header's extFields part (its entries,
// without the length before them), in wire order, with views of `data`: for a reader that
// wants a few fields, not the map. Every length is checked against the bytes that remain;
// stops at a malformed entry. Inline: a header's dozen entries cost a few instructions each
// rather than a call and a Status each.
template <typename Visit>
Status ForEachBinaryExtField(const char* data, size_t size, Visit&& visit) {
  size_t offset = 0;
  while (offset < size) {
    // Key length (2 bytes, sign bit clear), key, value length (4 bytes), value.
    if (size - offset < 2) return MalformedBinaryExtField(data, size, offset);
    const size_t key_size = big_endian::Load16(data + offset);
    if ((key_size & 0x8000) != 0 || size - offset - 2 < key_size + 4) {
      return MalformedBinaryExtField(data, size, offset);
    }
    const size_t value_at = offset + 2 + key_size + 4;
    const size_t value_size = big_endian::Load32(data + value_at - 4);
    if (value_size > size - value_at) return MalformedBinaryExtField(data, size, offset);
    visit(std::string_view(data + offset + 2, key_size),
          std::string_view(data + value_at, value_size));
    offset = value_at + value_size;
  }
  return Status::OK();
}

// The map of a binary header's extFields part; of repeated keys the last wins.
Result<ExtFields> DecodeBinaryExtFields(const char* data, size_t size);

// Writes fields straight into the binary header's extFields bytes, appended to `out` in the
// order visited: the same bytes as the map HeaderWriter builds when that order is the map's
// key order (a request encoded once then needs no map). `expected_bytes` is made room for
// at once (growing per field cost more than the fields); Finish() trims `out` to what was
// written.
class BinaryHeaderWriter {
 public:
  BinaryHeaderWriter(std::string* out, size_t expected_bytes);

  template <typename T>
  void Required(std::string_view key, const T& value) {
    Put(key, HeaderValueText(value).view());
  }
  template <typename T>
  void Defaulted(std::string_view key, const T& value) {
    Put(key, HeaderValueText(value).view());
  }
  template <typename T>
  void Optional(std::string_view key, const std::optional<T>& value) {
    if (value.has_value()) Put(key, HeaderValueText(*value).view());
  }
  // Inline, as the visits are: the keys' lengths are then constants.
  void Put(std::string_view key, std::string_view value) {
    const size_t end = used_ + BinaryFieldSize(key, value);
    if (end > out_->size()) Grow(end);
    PutBinaryField(key, value, &(*out_)[used_]);
    used_ = end;
  }

  void Finish() { out_->resize(used_); }

 private:
  void Grow(size_t at_least);

  std::string* out_;
  size_t used_;
};

// "<header>: <what>", the error of a header that does not decode.
Status HeaderFieldError(const char* header_name, const std::string& what);

// The error texts of BasicHeaderReader, out of line: only a header that does not decode
// builds them.
std::string MissingFieldText(std::string_view key);
std::string BadValueText(std::string_view key, std::string_view value, const char* type_name);

// Reads a header's fields (its Fields() list) out of a Source, keeping the first error. A
// Source finds a key's text (Find(key): a pointer to something a std::string_view is made
// from, null when absent) and copies or moves a string field's text out (TakeString). Keys
// are views: a Fields() list's literals then have lengths known when it is compiled, and a
// key is compared by its size and one memcmp of that size (byte loops over NUL-terminated
// keys cost ~146 instructions per lookup).
template <typename Source>
class BasicHeaderReader {
 public:
  template <typename... SourceArgs>
  explicit BasicHeaderReader(const char* header_name, SourceArgs&&... source_args)
      : source_(std::forward<SourceArgs>(source_args)...), header_name_(header_name) {}

  template <typename T>
  void Required(std::string_view key, T& out) {
    auto* text = source_.Find(key);
    if (text == nullptr) {
      Fail(MissingFieldText(key));
    } else {
      Parse(key, text, &out);
    }
  }
  template <typename T>
  void Defaulted(std::string_view key, T& out) {
    auto* text = source_.Find(key);
    if (text != nullptr) Parse(key, text, &out);
  }
  // Parsed into the optional's own value: a value built aside and moved in cost a move per
  // field, a string built aside then assigned ~30 instructions more.
  template <typename T>
  void Optional(std::string_view key, std::optional<T>& out) {
    auto* text = source_.Find(key);
    if (text == nullptr) return;
    if (!Parse(key, text, &out.emplace())) out.reset();
  }
  void Optional(std::string_view key, std::optional<std::string>& out) {
    auto* text = source_.Find(key);
    if (text != nullptr) source_.TakeString(text, &out);
  }

  const Status& status() const { return status_; }

 private:
  template <typename Text>
  bool Parse(std::string_view, Text* text, std::string* out) {
    source_.TakeString(text, out);
    return true;
  }
  template <typename Text, typename T>
  bool Parse(std::string_view key, Text* text, T* out) {
    const std::string_view view(*text);
    if (ParseHeaderValue(view, out)) return true;
    Fail(BadValueText(key, view, TypeName(out)));
    return false;
  }
  static const char* TypeName(const int32_t*) { return "a valid int"; }
  static const char* TypeName(const int64_t*) { return "a valid long"; }
  static const char* TypeName(const bool*) { return "a boolean"; }
  static const char* TypeName(const std::string_view*) { return "a string"; }
  void Fail(const std::string& what) {
    if (status_.ok()) status_ = HeaderFieldError(header_name_, what);
  }

  Source source_;
  const char* header_name_;
  Status status_;
};

// An ExtFields map as a BasicHeaderReader's source.
class ExtFieldsSource {
 public:
  // `take_strings`: string values are moved out of `fields` rather than copied.
  ExtFieldsSource(ExtFields& fields, bool take_strings)
      : fields_(fields), take_strings_(take_strings) {}

  // Inline, the entry at the cursor (a header lists its keys in the map's order: the
  // usual hit); elsewhere out of line.
  std::string* Find(std::string_view key) {
    if (next_ < fields_.size()) {
      auto& [field_key, value] = *(fields_.begin() + static_cast<std::ptrdiff_t>(next_));
      if (field_key == key) {
        ++next_;
        return &value;
      }
    }
    return FindPastCursor(key);
  }
  void TakeString(std::string* text, std::string* out) {
    if (take_strings_) {
      *out = std::move(*text);
    } else {
      *out = *text;
    }
  }
  void TakeString(std::string* text, std::optional<std::string>* out) {
    if (take_strings_) {
      out->emplace(std::move(*text));
    } else {
      out->emplace(*text);
    }
  }

 private:
  std::string* FindPastCursor(std::string_view key);

  ExtFields& fields_;
  const bool take_strings_;
  // Where the field after the last one found sits: a header lists its keys mostly in the
  // map's order, which makes it the next one asked for.
  size_t next_ = 0;
};

// Reads fields out of an ExtFields map.
class HeaderReader : public BasicHeaderReader<ExtFieldsSource> {
 public:
  HeaderReader(const ExtFields& fields, const char* header_name)
      // Never written through: only the constructor below lets the reader take values.
      : BasicHeaderReader(header_name, const_cast<ExtFields&>(fields), false) {}
  // Moves string values out of `fields` instead of copying them (a decoder whose caller is
  // done with the map): they are left moved from.
  HeaderReader(ExtFields* fields, const char* header_name)
      : BasicHeaderReader(header_name, *fields, true) {}
};

// The keys of a header's Fields() list, for a decoder driven by the wire's order: it walks
// the extFields once and hands each entry to the field its key names (Find), where looking
// every field's key up among the entries cost ~2.5k instructions per pull request header.
// A key is found by a hash of its length and three of its bytes, picked when the index is
// built so that the list's keys mostly fall into buckets of their own, and one compare.
class HeaderKeyIndex {
 public:
  // The most fields a Fields() list may have (WireFieldValues keeps a presence bit each).
  static constexpr size_t kMaxFields = 32;

  // The index of List::Fields(header, visitor)'s keys, in the order visited; the keys are
  // unique (as HeaderWriter assumes).
  template <typename List, typename Header>
  static HeaderKeyIndex Of() {
    HeaderKeyIndex index;
    const Header header{};
    List::Fields(header, index);
    index.Build();
    return index;
  }

  // The position in the Fields() list of the field named `key`, or -1. `*expected` is the
  // field tried first and becomes the one after the field found: a writer that follows the
  // list's order (this SDK's; the map's) then costs one compare per key, no hash.
  int Find(std::string_view key, size_t* expected) const {
    if (*expected < count_ && SameKey(key, keys_[*expected])) {
      return static_cast<int>((*expected)++);
    }
    const int field = Find(key);
    if (field >= 0) *expected = static_cast<size_t>(field) + 1;
    return field;
  }
  // The position in the Fields() list of the field named `key`, or -1.
  int Find(std::string_view key) const {
    const uint32_t bucket = Bucket(key, multiplier_, shift_);
    for (uint32_t i = bucket_begin_[bucket]; i < bucket_begin_[bucket + 1]; ++i) {
      if (SameKey(key, entries_[i].key)) return entries_[i].field;
    }
    return -1;
  }

  // Fields()'s visits, collecting the keys.
  template <typename T>
  void Required(std::string_view key, const T&) {
    Add(key);
  }
  template <typename T>
  void Defaulted(std::string_view key, const T&) {
    Add(key);
  }
  template <typename T>
  void Optional(std::string_view key, const T&) {
    Add(key);
  }

 private:
  struct Entry {
    std::string_view key;
    int field;
  };

  static constexpr uint32_t kMaxBucketBits = 7;

  static uint32_t Bucket(std::string_view key, uint32_t multiplier, uint32_t shift) {
    uint32_t mix = static_cast<uint32_t>(key.size());
    if (!key.empty()) {
      mix |= static_cast<uint32_t>(static_cast<unsigned char>(key[0])) << 8 |
             static_cast<uint32_t>(static_cast<unsigned char>(key[key.size() / 2])) << 16 |
             static_cast<uint32_t>(static_cast<unsigned char>(key.back())) << 24;
    }
    return (mix * multiplier) >> shift;
  }

  // a == b by overlapping word loads: a call to memcmp per entry cost about as much as the
  // rest of the entry's walk (a header's keys are 1 to 20 bytes).
  static bool SameKey(std::string_view a, std::string_view b) {
    const size_t n = a.size();
    if (n != b.size()) return false;
    const char* x = a.data();
    const char* y = b.data();
    if (n >= 8) {
      for (size_t i = 0; i + 8 < n; i += 8) {
        if (Word<uint64_t>(x + i) != Word<uint64_t>(y + i)) return false;
      }
      return Word<uint64_t>(x + n - 8) == Word<uint64_t>(y + n - 8);
    }
    if (n >= 4) {
      return ((Word<uint32_t>(x) ^ Word<uint32_t>(y)) |
              (Word<uint32_t>(x + n - 4) ^ Word<uint32_t>(y + n - 4))) == 0;
    }
    if (n >= 2) {
      return ((Word<uint16_t>(x) ^ Word<uint16_t>(y)) |
              (Word<uint16_t>(x + n - 2) ^ Word<uint16_t>(y + n - 2))) == 0;
    }
    return n == 0 || *x == *y;
  }
  template <typename Unsigned>
  static Unsigned Word(const char* at) {
    Unsigned word;
    std::memcpy(&word, at, sizeof(word));
    return word;
  }

  HeaderKeyIndex() = default;
  void Add(std::string_view key);
  // Picks the hash and sorts the entries by bucket.
  void Build();

  Entry entries_[kMaxFields];
  std::string_view keys_[kMaxFields];  // in the Fields() list's order
  size_t count_ = 0;
  uint32_t multiplier_ = 0;
  uint32_t shift_ = 31;
  // Bucket b's entries are entries_[bucket_begin_[b], bucket_begin_[b + 1]).
  uint8_t bucket_begin_[(1u << kMaxBucketBits) + 1] = {};
};

// The index of List::Fields()'s keys, built at its first use.
template <typename List, typename Header = List>
const HeaderKeyIndex& HeaderKeyIndexOf() {
  static const HeaderKeyIndex index = HeaderKeyIndex::Of<List, Header>();
  return index;
}

// What a walk of a binary header's extFields found for a header's fields, by their position
// in its Fields() list: views of the values. Of a repeated key the last one stays, as in the
// map.
class WireFieldValues {
 public:
  WireFieldValues() {}

  void Set(int field, std::string_view value) {
    new (&values_[field]) std::string_view(value);
    present_ |= uint32_t{1} << field;
  }
  // Null when the walk did not meet the field's key.
  const std::string_view* Get(size_t field) const {
    return (present_ >> field) & 1 ? &values_[field] : nullptr;
  }

 private:
  static_assert(HeaderKeyIndex::kMaxFields <= 32, "one presence bit per field");
  uint32_t present_ = 0;
  // Only the fields met are set: constructing all of them cost more than the walk's stores.
  union {
    std::string_view values_[HeaderKeyIndex::kMaxFields];
  };
};

// WireFieldValues as a BasicHeaderReader's source: the reader asks for the fields in the
// order of the Fields() list the values were indexed by, so each Find is the next field.
class WireFieldsSource {
 public:
  explicit WireFieldsSource(const WireFieldValues& values) : values_(values) {}

  const std::string_view* Find(std::string_view) { return values_.Get(next_++); }
  void TakeString(const std::string_view* text, std::string* out) {
    // Built then moved: assigning a view goes through std::string's general replace.
    *out = std::string(*text);
  }
  void TakeString(const std::string_view* text, std::optional<std::string>* out) {
    out->emplace(*text);
  }

 private:
  const WireFieldValues& values_;
  size_t next_ = 0;
};

// List::Fields() read into a Header off a binary header's extFields bytes (the Header's
// string views view them), driven by the wire's order: the bytes are walked once, each
// entry handed to the field its key names (HeaderKeyIndex), then the fields read in the
// list's order. The header is read in place inside the Result that is returned by name (one
// return: copy elision): a header filled then moved into a Result moved each of its strings
// twice.
template <typename List, typename Header = List>
Result<Header> DecodeFieldsFromBytes(std::string_view bytes,
                                     const char* header_name = Header::kName) {
  const HeaderKeyIndex& index = HeaderKeyIndexOf<List, Header>();
  WireFieldValues values;
  Result<Header> decoded = Header{};
  size_t expected = 0;
  Status walked = ForEachBinaryExtField(bytes.data(), bytes.size(),
                                        [&](std::string_view key, std::string_view value) {
                                          const int field = index.Find(key, &expected);
                                          if (field >= 0) values.Set(field, value);
                                        });
  if (walked.ok()) {
    BasicHeaderReader<WireFieldsSource> reader(header_name, values);
    List::Fields(*decoded, reader);
    if (!reader.status().ok()) decoded = reader.status();
  } else {
    decoded = std::move(walked);
  }
  return decoded;
}

template <typename Header>
ExtFields EncodeHeader(const Header& header) {
  HeaderWriter writer;
  Header::Fields(header, writer);
  return writer.Take();
}

// The header's fields as the ROCKETMQ binary header's extFields bytes
// (RemotingCommand::set_binary_ext_fields), for a header whose Fields() lists its keys in
// the map's order. `expected_bytes` is made room for at once.
template <typename Header>
std::string EncodeBinaryHeader(const Header& header, size_t expected_bytes) {
  std::string out;
  BinaryHeaderWriter writer(&out, expected_bytes);
  Header::Fields(header, writer);
  writer.Finish();
  return out;
}

template <typename Header>
Result<Header> DecodeHeader(const ExtFields& fields) {
  Header header;
  HeaderReader reader(fields, Header::kName);
  Header::Fields(header, reader);
  if (!reader.status().ok()) return reader.status();
  return header;
}

// DecodeHeader for a caller done with the map: string values are moved out of `fields`
// rather than copied (an allocation each past 15 bytes).
template <typename Header>
Result<Header> DecodeHeader(ExtFields&& fields) {
  Header header;
  HeaderReader reader(&fields, Header::kName);
  Header::Fields(header, reader);
  if (!reader.status().ok()) return reader.status();
  return header;
}

// DecodeHeader off a binary header's extFields bytes.
template <typename Header>
Result<Header> DecodeHeaderFromBytes(std::string_view bytes) {
  return DecodeFieldsFromBytes<Header>(bytes);
}

// Gives a header struct its Encode() and static Decode() from its Fields() list.
template <typename Derived>
struct HeaderBase {
  ExtFields Encode() const { return EncodeHeader(static_cast<const Derived&>(*this)); }
  static Result<Derived> Decode(const ExtFields& fields) { return DecodeHeader<Derived>(fields); }
  static Result<Derived> Decode(ExtFields&& fields) {
    return DecodeHeader<Derived>(std::move(fields));
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_HEADER_CODEC_H_
