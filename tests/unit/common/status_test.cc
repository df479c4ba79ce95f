#include "rocketmq/status.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_EQ(s.message(), "");
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status s = Status::Timeout("send to 127.0.0.1:10911 timed out after 3000 ms");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kTimeout);
  EXPECT_EQ(s.ToString(), "Timeout: send to 127.0.0.1:10911 timed out after 3000 ms");
}

TEST(StatusTest, ConvertsToErrorCode) {
  std::error_code ec = Status::Network("x").error_code();
  EXPECT_EQ(ec.category().name(), std::string("rocketmq"));
  EXPECT_EQ(ec.value(), static_cast<int>(ErrorCode::kNetwork));
  EXPECT_EQ(ec.message(), "Network");
  EXPECT_EQ(ec, ErrorCode::kNetwork);
}

TEST(StatusTest, WithContextPrefixesErrorsOnly) {
  EXPECT_TRUE(Status::OK().WithContext("ctx").ok());
  EXPECT_EQ(Status::IoError("disk full").WithContext("append").message(), "append: disk full");
}

TEST(StatusTest, CopiesCompareEqual) {
  Status a = Status::Corruption("bad crc");
  Status b = a;
  EXPECT_EQ(a, b);
  EXPECT_NE(a, Status::Corruption("other"));
}

Result<int> Half(int v) {
  if (v % 2 != 0) return Status::InvalidArgument(std::to_string(v) + " is odd");
  return v / 2;
}

Status UseHalf(int v, int* out) {
  auto r = Half(v);
  RMQ_RETURN_IF_ERROR(r.status());
  *out = *r;
  return Status::OK();
}

TEST(ResultTest, HoldsValueOrStatus) {
  auto good = Half(4);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 2);
  auto bad = Half(3);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "3 is odd");
  int out = 0;
  EXPECT_EQ(UseHalf(5, &out).code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(UseHalf(8, &out).ok());
  EXPECT_EQ(out, 4);
}

TEST(ResultTest, OkStatusWithoutValueIsAnInternalError) {
  Result<int> r{Status::OK()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace rocketmq
