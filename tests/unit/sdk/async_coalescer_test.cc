// AsyncCoalescer with a scripted transport: which messages leave together, when, and what
// each message's callback hears.
#include "producer/async_coalescer.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace rocketmq {
namespace client {
namespace {

class AsyncCoalescerTest : public ::testing::Test {
 protected:
  struct Request {
    std::vector<std::string> bodies;
    SendCallback done;
  };

  std::shared_ptr<AsyncCoalescer> Make(size_t max_messages, size_t max_in_flight) {
    AsyncCoalescer::Limits limits;
    limits.max_messages = max_messages;
    limits.max_in_flight = max_in_flight;
    return std::make_shared<AsyncCoalescer>(
        limits,
        [this](const std::vector<Message>& batch, SendCallback done) {
          if (!refuse_.ok()) return refuse_;
          Request request;
          for (const Message& m : batch) request.bodies.push_back(m.body());
          request.done = std::move(done);
          requests_.push_back(std::move(request));
          return Status::OK();
        },
        [this](std::function<void()> task) {
          posted_.push_back(std::move(task));
          return Status::OK();
        });
  }

  // Adds a message with body and id `name` whose result lands in results_[name].
  Status Add(AsyncCoalescer& c, const std::string& name,
             std::chrono::milliseconds wait = std::chrono::seconds(3)) {
    return c.Add(
        Message("T", name), "id-" + name,
        [this, name](const Result<SendResult>& r) { results_.emplace(name, r); },
        clock::Deadline::After(wait));
  }

  // Answers request i; a copy of its callback runs, as the answer may queue the next request.
  void Answer(size_t i, const Result<SendResult>& result) {
    SendCallback done = requests_.at(i).done;
    done(result);
  }

  static SendResult Stored(int64_t offset, const std::string& offset_ids) {
    SendResult r;
    r.queue = MessageQueue{"T", "broker-a", 2};
    r.queue_offset = offset;
    r.offset_message_id = offset_ids;
    r.message_id = "joined-ids";
    return r;
  }

  std::vector<Request> requests_;
  std::vector<std::function<void()>> posted_;
  std::map<std::string, Result<SendResult>> results_;
  Status refuse_;
};

TEST_F(AsyncCoalescerTest, ASendLeavesAtOnceWhileRequestsAreFree) {
  auto c = Make(256, 2);
  ASSERT_TRUE(Add(*c, "a").ok());
  ASSERT_TRUE(Add(*c, "b").ok());
  ASSERT_EQ(requests_.size(), 2u);
  EXPECT_EQ(requests_[0].bodies, std::vector<std::string>{"a"});
  EXPECT_EQ(requests_[1].bodies, std::vector<std::string>{"b"});
}

TEST_F(AsyncCoalescerTest, SendsThatWaitedLeaveTogetherWhenAnAnswerComesAndEachHearsItsOwnResult) {
  auto c = Make(256, 1);
  ASSERT_TRUE(Add(*c, "a").ok());
  ASSERT_TRUE(Add(*c, "b").ok());
  ASSERT_TRUE(Add(*c, "c").ok());
  ASSERT_EQ(requests_.size(), 1u);

  Answer(0, Stored(7, "off-a"));
  ASSERT_EQ(requests_.size(), 2u);
  EXPECT_EQ(requests_[1].bodies, (std::vector<std::string>{"b", "c"}));
  ASSERT_TRUE(results_.at("a").ok());
  EXPECT_EQ(results_.at("a")->message_id, "id-a");
  EXPECT_EQ(results_.at("a")->queue_offset, 7);
  EXPECT_EQ(results_.count("b"), 0u);

  Answer(1, Stored(8, "off-b,off-c"));
  ASSERT_TRUE(results_.at("b").ok());
  ASSERT_TRUE(results_.at("c").ok());
  EXPECT_EQ(results_.at("b")->message_id, "id-b");
  EXPECT_EQ(results_.at("c")->message_id, "id-c");
  EXPECT_EQ(results_.at("b")->offset_message_id, "off-b");
  EXPECT_EQ(results_.at("c")->offset_message_id, "off-c");
  EXPECT_EQ(results_.at("b")->queue_offset, 8);
  EXPECT_EQ(results_.at("c")->queue_offset, 9);
  EXPECT_EQ(results_.at("c")->queue.queue_id, 2);
  EXPECT_EQ(requests_.size(), 2u);
}

TEST_F(AsyncCoalescerTest, AFullWaitingBatchRefusesMoreUntilTheDeadline) {
  auto c = Make(2, 1);
  ASSERT_TRUE(Add(*c, "a").ok());
  ASSERT_TRUE(Add(*c, "b").ok());
  ASSERT_TRUE(Add(*c, "c").ok());
  Status refused = Add(*c, "d", std::chrono::milliseconds(50));
  EXPECT_EQ(refused.code(), ErrorCode::kResourceExhausted) << refused.ToString();
  EXPECT_NE(refused.message().find("'T'"), std::string::npos) << refused.ToString();
  ASSERT_EQ(requests_.size(), 1u);

  // Room again once the request in flight is answered; the refused message never reports.
  Answer(0, Stored(0, "x"));
  ASSERT_TRUE(Add(*c, "e").ok());
  Answer(1, Stored(1, "x,y"));
  ASSERT_EQ(requests_.size(), 3u);
  EXPECT_EQ(requests_[2].bodies, std::vector<std::string>{"e"});
  EXPECT_EQ(results_.count("d"), 0u);
}

TEST_F(AsyncCoalescerTest, AFailedRequestFailsEachOfItsMessages) {
  auto c = Make(256, 1);
  ASSERT_TRUE(Add(*c, "a").ok());
  ASSERT_TRUE(Add(*c, "b").ok());
  ASSERT_TRUE(Add(*c, "c").ok());
  Answer(0, Status::Timeout("no answer"));
  Answer(1, Status::BrokerError("broker said no"));
  EXPECT_EQ(results_.at("a").status().code(), ErrorCode::kTimeout);
  EXPECT_EQ(results_.at("b").status().code(), ErrorCode::kBrokerError);
  EXPECT_EQ(results_.at("c").status().code(), ErrorCode::kBrokerError);
}

TEST_F(AsyncCoalescerTest, ARequestThatCannotStartFailsItsMessagesOnACallbackThread) {
  auto c = Make(256, 1);
  refuse_ = Status::IllegalState("producer is shut down");
  ASSERT_TRUE(Add(*c, "a").ok());
  // Not on the adding thread: the failure was handed to the callback executor.
  EXPECT_EQ(results_.count("a"), 0u);
  ASSERT_EQ(posted_.size(), 1u);
  posted_[0]();
  EXPECT_EQ(results_.at("a").status().code(), ErrorCode::kIllegalState);
  // The request's slot is free again.
  refuse_ = Status::OK();
  ASSERT_TRUE(Add(*c, "b").ok());
  EXPECT_EQ(requests_.size(), 1u);
}

TEST_F(AsyncCoalescerTest, FlushSendsWhatWaitsWhateverIsInFlight) {
  auto c = Make(256, 1);
  ASSERT_TRUE(Add(*c, "a").ok());
  ASSERT_TRUE(Add(*c, "b").ok());
  ASSERT_EQ(requests_.size(), 1u);
  c->Flush();
  ASSERT_EQ(requests_.size(), 2u);
  EXPECT_EQ(requests_[1].bodies, std::vector<std::string>{"b"});
  c->Flush();
  EXPECT_EQ(requests_.size(), 2u);
}

TEST_F(AsyncCoalescerTest, TopicsAreCoalescedApart) {
  auto c = Make(256, 1);
  ASSERT_TRUE(Add(*c, "a").ok());
  ASSERT_TRUE(c->Add(
                   Message("U", "u"), "id-u", [](const Result<SendResult>&) {},
                   clock::Deadline::After(std::chrono::seconds(1)))
                  .ok());
  ASSERT_EQ(requests_.size(), 2u);
  EXPECT_EQ(requests_[1].bodies, std::vector<std::string>{"u"});
}

TEST(AsyncCoalescerEligibility, OnlyPlainMessagesRideInBatches) {
  ProducerConfig config;
  config.coalesce_async_sends = true;
  EXPECT_TRUE(AsyncCoalescer::Eligible(Message("T", "body"), config));
  Message delayed("T", "body");
  delayed.set_delay_level(3);
  EXPECT_FALSE(AsyncCoalescer::Eligible(delayed, config));
  Message no_wait("T", "body");
  no_wait.set_wait_store_ok(false);
  EXPECT_FALSE(AsyncCoalescer::Eligible(no_wait, config));
  EXPECT_FALSE(AsyncCoalescer::Eligible(Message("%RETRY%g", "body"), config));
  EXPECT_FALSE(AsyncCoalescer::Eligible(Message("T", std::string(4096, 'x')), config));
  Message transactional("T", "body");
  transactional.set_property("TRAN_MSG", "true");
  EXPECT_FALSE(AsyncCoalescer::Eligible(transactional, config));
  Message timed("T", "body");
  timed.set_property("TIMER_DELIVER_MS", "1");
  EXPECT_FALSE(AsyncCoalescer::Eligible(timed, config));
  config.coalesce_async_sends = false;
  EXPECT_FALSE(AsyncCoalescer::Eligible(Message("T", "body"), config));
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
