#include "client/namespace_util.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace client {
namespace {

TEST(NamespaceUtilTest, WrapsLikeJava) {
  EXPECT_EQ(WrapNamespace("", "T"), "T");
  EXPECT_EQ(WrapNamespace("ns", "T"), "ns%T");
  EXPECT_EQ(WrapNamespace("ns", "ns%T"), "ns%T");
  EXPECT_EQ(WrapNamespace("ns", "%RETRY%G"), "%RETRY%ns%G");
  EXPECT_EQ(WrapNamespace("ns", "%DLQ%G"), "%DLQ%ns%G");
  EXPECT_EQ(WrapNamespace("ns", "TBW102"), "TBW102");
  EXPECT_EQ(WrapNamespace("ns", "rmq_sys_trace"), "rmq_sys_trace");
  EXPECT_EQ(WrapNamespace("ns", ""), "");
}

TEST(NamespaceUtilTest, UnwrapIsTheInverse) {
  for (const char* name : {"T", "%RETRY%G", "%DLQ%G"}) {
    EXPECT_EQ(UnwrapNamespace("ns", WrapNamespace("ns", name)), name);
  }
  EXPECT_EQ(UnwrapNamespace("ns", "other%T"), "other%T");
  EXPECT_EQ(UnwrapNamespace("", "ns%T"), "ns%T");
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
