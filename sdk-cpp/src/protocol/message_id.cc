#include "protocol/message_id.h"

#include <unistd.h>

#include <array>
#include <cstring>
#include <ctime>
#include <random>

#include "common/clock.h"
#include "protocol/big_endian.h"

namespace rocketmq {
namespace protocol {
namespace {

// Each byte's two hex digits, so that a byte is written as one two-character copy (digit by
// digit, an id's 16 bytes cost ~250 instructions; every consumed message and every stored
// one on the broker gets an id).
constexpr std::array<char, 512> kHexPairs = [] {
  constexpr char kHexDigits[] = "0123456789ABCDEF";
  std::array<char, 512> pairs{};
  for (size_t byte = 0; byte < 256; ++byte) {
    pairs[2 * byte] = kHexDigits[byte >> 4];
    pairs[2 * byte + 1] = kHexDigits[byte & 0xF];
  }
  return pairs;
}();

void AppendHex(const uint8_t* bytes, size_t n, char* out) {
  for (size_t i = 0; i < n; ++i) std::memcpy(out + 2 * i, &kHexPairs[2 * bytes[i]], 2);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Local-time start of the month containing `epoch_ms` plus `month_delta` months.
int64_t LocalMonthStart(int64_t epoch_ms, int month_delta) {
  const time_t seconds = static_cast<time_t>(epoch_ms / 1000);
  std::tm tm{};
  localtime_r(&seconds, &tm);
  tm.tm_mday = 1;
  tm.tm_hour = 0;
  tm.tm_min = 0;
  tm.tm_sec = 0;
  tm.tm_mon += month_delta;
  tm.tm_isdst = -1;
  return static_cast<int64_t>(mktime(&tm)) * 1000;
}

}  // namespace

std::string EncodeOffsetMessageId(const HostAddress& store_host, int64_t commit_log_offset) {
  std::string id;
  AppendOffsetMessageId(store_host, commit_log_offset, &id);
  return id;
}

void AppendOffsetMessageId(const HostAddress& store_host, int64_t commit_log_offset,
                           std::string* out) {
  uint8_t bytes[28];
  const size_t ip_length = store_host.address_length();
  std::memcpy(bytes, store_host.ip.data(), ip_length);
  big_endian::Store32(bytes + ip_length, static_cast<uint32_t>(store_host.port));
  big_endian::Store64(bytes + ip_length + 4, static_cast<uint64_t>(commit_log_offset));
  const size_t n = ip_length + 12;
  const size_t at = out->size();
  out->resize(at + 2 * n);
  AppendHex(bytes, n, out->data() + at);
}

void AppendNextOffsetMessageId(const HostAddress& store_host, int64_t commit_log_offset,
                               std::string* out) {
  const size_t host_digits = 2 * (store_host.address_length() + 4);
  const size_t id_length = host_digits + 16;
  const size_t previous = out->size() - id_length;
  const size_t at = out->size();
  out->resize(at + 1 + id_length);
  char* const id = out->data() + at;
  id[0] = ',';
  std::memcpy(id + 1, out->data() + previous, host_digits);
  uint8_t offset[8];
  big_endian::Store64(offset, static_cast<uint64_t>(commit_log_offset));
  AppendHex(offset, sizeof(offset), id + 1 + host_digits);
}

Result<OffsetMessageId> DecodeOffsetMessageId(std::string_view id) {
  if (id.size() != 32 && id.size() != 56) {
    return Status::InvalidArgument("offset message id '" + std::string(id) + "' has " +
                                   std::to_string(id.size()) +
                                   " characters, expected 32 (IPv4) or 56 (IPv6)");
  }
  uint8_t bytes[28];
  for (size_t i = 0; i < id.size() / 2; ++i) {
    const int high = HexValue(id[2 * i]);
    const int low = HexValue(id[2 * i + 1]);
    if (high < 0 || low < 0) {
      return Status::InvalidArgument("offset message id '" + std::string(id) +
                                     "' is not hexadecimal");
    }
    bytes[i] = static_cast<uint8_t>(high * 16 + low);
  }
  OffsetMessageId result;
  result.store_host.ipv6 = id.size() == 56;
  const size_t ip_length = result.store_host.address_length();
  std::memcpy(result.store_host.ip.data(), bytes, ip_length);
  result.store_host.port = static_cast<int32_t>(big_endian::Load32(bytes + ip_length));
  result.commit_log_offset = static_cast<int64_t>(big_endian::Load64(bytes + ip_length + 4));
  return result;
}

UniqueKeyGenerator::UniqueKeyGenerator(const HostAddress& client_ip, uint32_t pid,
                                       uint32_t process_value) {
  uint8_t fixed[22];
  const size_t ip_length = client_ip.address_length();
  std::memcpy(fixed, client_ip.ip.data(), ip_length);
  big_endian::Store16(fixed + ip_length, static_cast<uint16_t>(pid));
  big_endian::Store32(fixed + ip_length + 2, process_value);
  prefix_.assign(2 * (ip_length + 6), '0');
  AppendHex(fixed, ip_length + 6, prefix_.data());
}

UniqueKeyGenerator::UniqueKeyGenerator(const HostAddress& client_ip)
    : UniqueKeyGenerator(client_ip, static_cast<uint32_t>(getpid()), std::random_device{}()) {}

int64_t UniqueKeyGenerator::MonthStart(int64_t now_ms) {
  // The two bounds are read separately; a reader racing a recompute at a month boundary may
  // pair an old and a new bound, which at worst sends it to the locked path below or gives a
  // negative difference that MonthMillis() clamps to 0 (Java's generator has the same window).
  const int64_t start = month_start_.load(std::memory_order_acquire);
  if (now_ms >= start && now_ms < next_month_start_.load(std::memory_order_acquire)) {
    return start;
  }
  std::lock_guard<std::mutex> lock(month_mutex_);
  const int64_t new_start = LocalMonthStart(now_ms, 0);
  month_start_.store(new_start, std::memory_order_release);
  next_month_start_.store(LocalMonthStart(now_ms, 1), std::memory_order_release);
  return new_start;
}

int32_t UniqueKeyGenerator::MonthMillis(int64_t now_ms) {
  auto diff = static_cast<int32_t>(now_ms - MonthStart(now_ms));
  return diff < 0 ? 0 : diff;
}

void UniqueKeyGenerator::WriteKey(int32_t month_ms, uint32_t counter, char* out) const {
  std::memcpy(out, prefix_.data(), prefix_.size());
  // Java's createUniqIDBuffer: an int of ms since the month started, then a short counter.
  uint8_t tail[6];
  big_endian::Store32(tail, static_cast<uint32_t>(month_ms));
  big_endian::Store16(tail + 4, static_cast<uint16_t>(counter));
  AppendHex(tail, sizeof tail, out + prefix_.size());
}

void UniqueKeyGenerator::NextInto(char* out) {
  WriteKey(MonthMillis(clock::WallMillis()), counter_.fetch_add(1, std::memory_order_relaxed), out);
}

void UniqueKeyGenerator::Run::NextOver(char* key) {
  uint8_t counter[2];
  big_endian::Store16(counter, static_cast<uint16_t>(counter_++));
  AppendHex(counter, sizeof counter, key + generator_->length() - 2 * sizeof counter);
}

UniqueKeyGenerator::Run UniqueKeyGenerator::NextRun(size_t count) {
  return NextRunAt(count, clock::WallMillis());
}

UniqueKeyGenerator::Run UniqueKeyGenerator::NextRunAt(size_t count, int64_t now_ms) {
  return Run(this, MonthMillis(now_ms),
             counter_.fetch_add(static_cast<uint32_t>(count), std::memory_order_relaxed));
}

std::string UniqueKeyGenerator::Next() { return NextAt(clock::WallMillis()); }

std::string UniqueKeyGenerator::NextAt(int64_t now_ms) {
  std::string key(length(), '0');
  NextRunAt(1, now_ms).NextInto(key.data());
  return key;
}

}  // namespace protocol
}  // namespace rocketmq
