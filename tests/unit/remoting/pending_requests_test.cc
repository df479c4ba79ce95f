#include "remoting/pending_requests.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "common/clock.h"

namespace rocketmq {
namespace remoting {
namespace {

using std::chrono::milliseconds;

PendingRequest Expiring(int32_t opaque, milliseconds timeout) {
  PendingRequest request;
  request.opaque = opaque;
  request.deadline = clock::Monotonic::now() + timeout;
  request.timeout_ms = timeout.count();
  request.callback = [](Result<RemotingCommand>) {};
  return request;
}

// The dispatcher's completion can hold the last reference to the table's owner; if Close
// returned while the sweeper was still in it, the owner could be destroyed on the sweeper
// thread, whose join of itself aborts the process.
TEST(PendingRequestsTest, CloseWaitsForTheSweepersCompletionInProgress) {
  std::atomic<bool> in_completion{false};
  std::atomic<bool> completion_done{false};
  PendingRequests table("test", [&](PendingRequest, Result<RemotingCommand> result) {
    if (result.status().code() != ErrorCode::kTimeout) return;
    in_completion = true;
    std::this_thread::sleep_for(milliseconds(200));
    completion_done = true;
  });
  ASSERT_TRUE(table.Add(Expiring(1, milliseconds(1))).ok());
  const auto deadline = clock::Deadline::After(milliseconds(5000));
  while (!in_completion && !deadline.Expired()) std::this_thread::sleep_for(milliseconds(1));
  ASSERT_TRUE(in_completion.load());
  table.Close(Status::Cancelled("closing"));
  EXPECT_TRUE(completion_done.load());
}

TEST(PendingRequestsTest, CloseFromTheSweepersOwnCompletionDoesNotJoinItself) {
  std::atomic<bool> closed{false};
  PendingRequests* self = nullptr;
  PendingRequests table("test", [&](PendingRequest, Result<RemotingCommand> result) {
    if (result.status().code() != ErrorCode::kTimeout) return;
    self->Close(Status::Cancelled("closed by its completion"));
    closed = true;
  });
  self = &table;
  ASSERT_TRUE(table.Add(Expiring(1, milliseconds(1))).ok());
  const auto deadline = clock::Deadline::After(milliseconds(5000));
  while (!closed && !deadline.Expired()) std::this_thread::sleep_for(milliseconds(1));
  EXPECT_TRUE(closed.load());
  EXPECT_FALSE(table.Add(Expiring(2, milliseconds(1000))).ok());
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
