// Helpers shared by the protocol tests.
#ifndef ROCKETMQ_TESTS_UNIT_PROTOCOL_TEST_UTIL_H_
#define ROCKETMQ_TESTS_UNIT_PROTOCOL_TEST_UTIL_H_

#include <cctype>
#include <string>
#include <string_view>

namespace rocketmq {
namespace protocol {
namespace testing {

// Bytes from hex text; spaces, newlines and '|' are ignored so goldens can be laid out by field.
inline std::string FromHex(std::string_view hex) {
  std::string out;
  int high = -1;
  for (char c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) continue;
    const int v = std::isdigit(static_cast<unsigned char>(c))
                      ? c - '0'
                      : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<char>(high * 16 + v));
      high = -1;
    }
  }
  return out;
}

}  // namespace testing
}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_UNIT_PROTOCOL_TEST_UTIL_H_
