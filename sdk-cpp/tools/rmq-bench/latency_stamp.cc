#include "latency_stamp.h"

#include <cstring>
#include <ctime>
#include <utility>

namespace rocketmq {
namespace bench {
namespace {

constexpr char kMarker[] = "RMQLAT1:";
constexpr size_t kMarkerSize = sizeof(kMarker) - 1;
constexpr size_t kDigits = kLatencyStampSize - kMarkerSize;

}  // namespace

int64_t WallMicros() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

void WriteLatencyStamp(int64_t wall_micros, std::string* body) {
  std::memcpy(body->data(), kMarker, kMarkerSize);
  uint64_t v = static_cast<uint64_t>(wall_micros < 0 ? 0 : wall_micros);
  for (size_t i = kLatencyStampSize; i > kMarkerSize; --i) {
    (*body)[i - 1] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

void StampNow(Message* message) {
  std::string body = message->body();
  WriteLatencyStamp(WallMicros(), &body);
  message->set_body(std::move(body));
}

std::optional<int64_t> ReadLatencyStamp(const std::string& body) {
  if (body.size() < kLatencyStampSize || body.compare(0, kMarkerSize, kMarker) != 0) {
    return std::nullopt;
  }
  int64_t v = 0;
  for (size_t i = kMarkerSize; i < kMarkerSize + kDigits; ++i) {
    const char c = body[i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace bench
}  // namespace rocketmq
