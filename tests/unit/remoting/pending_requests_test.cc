#include "remoting/pending_requests.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

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

// Answered entries leave their deadlines behind in the heap; the sweeper must skip them,
// expire only what is still pending, and not mistake a reused opaque's old deadline for
// its new one. Thousands of answered entries also make the table compact its heap.
TEST(PendingRequestsTest, OnlyUnansweredEntriesExpireAndReusedOpaquesKeepTheirDeadline) {
  std::mutex mu;
  std::condition_variable expired_cv;
  std::vector<int32_t> expired;
  PendingRequests table("test", [&](PendingRequest request, Result<RemotingCommand> result) {
    EXPECT_EQ(result.status().code(), ErrorCode::kTimeout);
    std::lock_guard<std::mutex> lock(mu);
    expired.push_back(request.opaque);
    expired_cv.notify_all();
  });
  // The answered entries' deadlines come due before the unanswered one's; that one's is
  // far enough for the loop to end first even under a sanitizer on a loaded machine.
  for (int32_t opaque = 1; opaque <= 3000; ++opaque) {
    ASSERT_TRUE(table.Add(Expiring(opaque, milliseconds(opaque == 7 ? 800 : 200))).ok());
    if (opaque != 7) {
      ASSERT_TRUE(table.Take(opaque, 0).has_value());
    }
  }
  // Opaque 8, answered above, comes back with a deadline far away.
  ASSERT_TRUE(table.Add(Expiring(8, milliseconds(60000))).ok());
  EXPECT_EQ(table.size(), 2u);
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(expired_cv.wait_for(lock, milliseconds(10000), [&] { return !expired.empty(); }));
  // Past every other deadline: nothing else may expire.
  expired_cv.wait_for(lock, milliseconds(200), [&] { return expired.size() > 1; });
  EXPECT_EQ(expired, std::vector<int32_t>{7});
  lock.unlock();
  EXPECT_EQ(table.size(), 1u);
  EXPECT_TRUE(table.Take(8, 0).has_value());
}

// The responses of one read are matched in one pass: each to its own entry, only on the
// connection the request went out on, requests and unknown opaques left alone.
TEST(PendingRequestsTest, TakeResponsesMatchesEachResponseOfARead) {
  PendingRequests table("test", [](PendingRequest, Result<RemotingCommand>) {});
  for (int32_t opaque : {1, 2, 3}) {
    PendingRequest request = Expiring(opaque, milliseconds(60000));
    request.connection_id = opaque == 3 ? 9 : 5;
    ASSERT_TRUE(table.Add(std::move(request)).ok());
  }
  std::vector<RemotingCommand> read;
  for (int32_t opaque : {2, 1, 3, 4}) {
    RemotingCommand response = RemotingCommand::CreateResponse(0);
    response.set_opaque(opaque);
    response.MarkResponse();
    read.push_back(std::move(response));
  }
  RemotingCommand request = RemotingCommand::CreateRequest(10);
  request.set_opaque(1);
  read.push_back(std::move(request));
  std::vector<std::optional<PendingRequest>> taken = table.TakeResponses(read, 5);
  ASSERT_EQ(taken.size(), read.size());
  ASSERT_TRUE(taken[0].has_value());
  EXPECT_EQ(taken[0]->opaque, 2);
  ASSERT_TRUE(taken[1].has_value());
  EXPECT_EQ(taken[1]->opaque, 1);
  EXPECT_FALSE(taken[2].has_value());  // sent on another connection
  EXPECT_FALSE(taken[3].has_value());  // unknown
  EXPECT_FALSE(taken[4].has_value());  // a request
  EXPECT_EQ(table.size(), 1u);
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
