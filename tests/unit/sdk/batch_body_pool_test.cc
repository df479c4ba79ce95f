// TakeBatchBody / ReturnBatchBody: a returned body's buffer serves the next batch; the pool
// keeps neither oversized bodies nor more than its byte bound.
#include "producer/batch_body_pool.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rocketmq {
namespace client {
namespace {

TEST(BatchBodyPoolTest, ReturnedBodyServesTheNextBatch) {
  std::string body = TakeBatchBody(33 * 1024);
  ASSERT_EQ(body.size(), 33u * 1024);
  const char* buffer = body.data();
  ReturnBatchBody(std::move(body));
  std::string smaller = TakeBatchBody(30 * 1024);
  EXPECT_EQ(smaller.size(), 30u * 1024);
  EXPECT_EQ(smaller.data(), buffer);
  ReturnBatchBody(std::move(smaller));
  std::string larger = TakeBatchBody(40 * 1024);
  EXPECT_EQ(larger.size(), 40u * 1024);
  ReturnBatchBody(std::move(larger));
}

// A pooled body keeps its contents; a new one is zero-filled: the marker tells them apart.
TEST(BatchBodyPoolTest, KeepsNoOversizedBody) {
  std::string body = TakeBatchBody(kMaxPooledBatchBody + 1);
  body.assign(body.size(), 'y');
  ReturnBatchBody(std::move(body));
  std::string next = TakeBatchBody(16);
  EXPECT_NE(next[0], 'y');
  ReturnBatchBody(std::move(next));
}

TEST(BatchBodyPoolTest, KeepsAtMostItsByteBound) {
  const size_t size = 64 * 1024;
  const size_t count = kMaxPooledBatchBytes / size + 4;
  std::vector<std::string> bodies;
  for (size_t i = 0; i < count; ++i) bodies.push_back(TakeBatchBody(size));
  for (std::string& body : bodies) {
    body.assign(body.size(), 'x');
    ReturnBatchBody(std::move(body));
  }
  bodies.clear();
  size_t kept = 0;
  for (size_t i = 0; i < count; ++i) {
    bodies.push_back(TakeBatchBody(size));
    if (bodies.back()[0] == 'x') ++kept;
  }
  EXPECT_GT(kept, 0u);
  EXPECT_LE(kept * size, kMaxPooledBatchBytes);
  EXPECT_LT(kept, count);
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
