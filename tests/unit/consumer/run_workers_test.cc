#include "consumer/run_workers.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace consumer {
namespace {

TEST(RunWorkersTest, RunsQueuedWhileOneThreadIsSlowToStartAskForNoOther) {
  RunWorkers workers(20);
  EXPECT_TRUE(workers.Ask());
  // However long the woken thread waits for a CPU, the runs queued meanwhile are its.
  for (int run = 0; run < 100; ++run) {
    EXPECT_FALSE(workers.MayAsk());
    EXPECT_FALSE(workers.Ask());
  }
  EXPECT_EQ(workers.working(), 1u);
  EXPECT_EQ(workers.starting(), 1u);
}

TEST(RunWorkersTest, BacklogGetsEveryThreadOneStartAtATime) {
  RunWorkers workers(3);
  for (size_t thread = 1; thread <= 3; ++thread) {
    ASSERT_TRUE(workers.Ask());
    EXPECT_FALSE(workers.Ask());
    workers.Started();
    EXPECT_EQ(workers.working(), thread);
  }
  // All three work: the limit.
  EXPECT_FALSE(workers.MayAsk());
  EXPECT_FALSE(workers.Ask());
  workers.Left(true);
  EXPECT_TRUE(workers.Ask());
  EXPECT_EQ(workers.working(), 3u);
}

TEST(RunWorkersTest, AThreadThePoolRefusedLetsTheNextRunAskAgain) {
  RunWorkers workers(2);
  ASSERT_TRUE(workers.Ask());
  workers.Left(false);
  EXPECT_EQ(workers.working(), 0u);
  EXPECT_EQ(workers.starting(), 0u);
  EXPECT_TRUE(workers.Ask());
}

TEST(RunWorkersTest, ALimitOfZeroStillAllowsOneThread) {
  RunWorkers workers(0);
  EXPECT_TRUE(workers.Ask());
  workers.Started();
  EXPECT_FALSE(workers.Ask());
}

TEST(RunWorkersTest, AnyBatchLeftIsWorthHelpUntilABatchWasTimed) {
  RunWorkers workers(20);
  EXPECT_TRUE(workers.WorthHelp(1));
}

TEST(RunWorkersTest, AQuickListenersFewBatchesAreNotWorthAnotherThread) {
  RunWorkers workers(20);
  for (int batch = 0; batch < 100; ++batch) workers.BatchTook(5'000);
  EXPECT_FALSE(workers.WorthHelp(4));
  // A big pull's batches still are.
  EXPECT_TRUE(workers.WorthHelp(32));
}

TEST(RunWorkersTest, ASlowListenersNextBatchIsWorthAnotherThread) {
  RunWorkers workers(20);
  for (int batch = 0; batch < 100; ++batch) workers.BatchTook(5'000);
  for (int batch = 0; batch < 100; ++batch) workers.BatchTook(50'000'000);
  EXPECT_TRUE(workers.WorthHelp(1));
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
