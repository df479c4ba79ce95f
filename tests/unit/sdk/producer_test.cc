// Producer behaviour against the in-process mock cluster (tests/support/mock).
#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>

#include "mock/mock_broker.h"
#include "mock/mock_nameserver.h"
#include "producer/producer_impl.h"
#include "protocol/batch_body.h"
#include "protocol/compression.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"
#include "protocol/response_code.h"
#include "remoting/acl_signature.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace {

using std::chrono::milliseconds;
namespace rc = protocol::ResponseCode;

constexpr char kTopic[] = "TopicTest";

// Collects async results; every wait is bounded.
class Results {
 public:
  SendCallback Callback() {
    return [this](const Result<SendResult>& r) {
      std::lock_guard<std::mutex> lock(mu_);
      results_.push_back(r.ok() ? Status::OK() : r.status());
      cv_.notify_all();
    };
  }
  bool WaitFor(size_t n, milliseconds timeout = milliseconds(10000)) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return results_.size() >= n; });
  }
  std::vector<Status> statuses() {
    std::lock_guard<std::mutex> lock(mu_);
    return results_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Status> results_;
};

class ProducerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_a_.Start().ok());
    ASSERT_TRUE(broker_b_.Start().ok());
    ASSERT_TRUE(nameserver_.Start().ok());
    nameserver_.SetRoute(kTopic, mock::MakeRoute({&broker_a_, &broker_b_}, 4));
    config_.namesrv_addr = nameserver_.address();
    config_.group = "PG_TEST";
    config_.send_timeout_ms = 2000;
  }

  std::shared_ptr<client::ProducerImpl> StartImpl() {
    auto impl = std::make_shared<client::ProducerImpl>(config_, nullptr);
    EXPECT_TRUE(impl->Start().ok());
    return impl;
  }

  static std::string Props(const mock::ReceivedRequest& r) { return r.ext_fields.at("i"); }

  // With silent brokers, Shutdown cancels the 5 sends made by `send` (messages or
  // batches) within its timeout, each callback exactly once; then sending is refused.
  void ExpectShutdownToCancelUnansweredSends(
      const std::function<Status(Producer&, SendCallback)>& send) {
    broker_a_.SetSilent(true);
    broker_b_.SetSilent(true);
    config_.send_timeout_ms = 60000;
    Producer producer(config_);
    ASSERT_TRUE(producer.Start().ok());
    Results results;
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(send(producer, results.Callback()).ok());
    ASSERT_TRUE(broker_a_.WaitForSends(1, milliseconds(5000)) ||
                broker_b_.WaitForSends(1, milliseconds(5000)));
    const auto begin = std::chrono::steady_clock::now();
    EXPECT_TRUE(producer.Shutdown(milliseconds(200)).ok());
    EXPECT_LT(std::chrono::steady_clock::now() - begin, milliseconds(3000));
    ASSERT_TRUE(results.WaitFor(5, milliseconds(1000)));
    auto statuses = results.statuses();
    EXPECT_EQ(statuses.size(), 5u);
    for (const auto& s : statuses) EXPECT_EQ(s.code(), ErrorCode::kCancelled) << s.ToString();
    EXPECT_EQ(producer.Send(Message(kTopic, "x")).status().code(), ErrorCode::kIllegalState);
    EXPECT_EQ(send(producer, results.Callback()).code(), ErrorCode::kIllegalState);
  }

  // Broker A fails every send: 20 sends made by `send` (a message or a batch) all succeed
  // on broker B, each callback once.
  void ExpectAsyncSendsMoveToBrokerB(const std::function<Status(Producer&, SendCallback)>& send) {
    broker_a_.FailNextSends(1000, rc::kSystemError, "boom");
    Producer producer(config_);
    ASSERT_TRUE(producer.Start().ok());
    Results results;
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(send(producer, results.Callback()).ok());
    ASSERT_TRUE(results.WaitFor(20));
    for (const auto& s : results.statuses()) EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(broker_b_.send_count(), 20u);
    EXPECT_GE(broker_a_.send_count(), 1u);
    EXPECT_TRUE(producer.Shutdown().ok());
    EXPECT_EQ(results.statuses().size(), 20u);
  }

  // With silent brokers and maxAsyncInFlight 2, two sends made by `send` (a message or a
  // batch: one slot each) hold both slots. A third is refused for the whole send timeout
  // (ResourceExhausted), unless the first two time out at that same moment: then the slot
  // comes too late to send (Timeout) or just in time. Every accepted send times out once.
  void ExpectAThirdAsyncSendHeldBack(const std::function<Status(Producer&, SendCallback)>& send) {
    broker_a_.SetSilent(true);
    broker_b_.SetSilent(true);
    config_.max_async_in_flight = 2;
    config_.send_timeout_ms = 300;
    config_.retry_times_when_send_async_failed = 0;
    Producer producer(config_);
    ASSERT_TRUE(producer.Start().ok());
    Results results;
    ASSERT_TRUE(send(producer, results.Callback()).ok());
    ASSERT_TRUE(send(producer, results.Callback()).ok());
    Status third = send(producer, results.Callback());
    if (!third.ok()) {
      EXPECT_TRUE(third.code() == ErrorCode::kResourceExhausted ||
                  third.code() == ErrorCode::kTimeout)
          << third.ToString();
    }
    const size_t expected = third.ok() ? 3u : 2u;
    ASSERT_TRUE(results.WaitFor(expected));
    for (const auto& s : results.statuses()) {
      EXPECT_EQ(s.code(), ErrorCode::kTimeout) << s.ToString();
    }
    EXPECT_TRUE(producer.Shutdown(milliseconds(500)).ok());
    EXPECT_EQ(results.statuses().size(), expected);
  }

  mock::MockBroker broker_a_{"broker-a"};
  mock::MockBroker broker_b_{"broker-b"};
  mock::MockNameserver nameserver_;
  ProducerConfig config_;
};

TEST_F(ProducerTest, SyncSendCarriesTheV2HeaderAndReturnsTheResult) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  Message msg(kTopic, "TagA", "hello");
  msg.set_keys({"k1", "k2"});
  msg.set_property("color", "blue");
  msg.set_flag(7);
  auto result = producer.Send(msg);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, SendStatus::kSendOk);
  EXPECT_EQ(result->message_id.size(), 32u);
  EXPECT_EQ(result->offset_message_id.size(), 32u);
  EXPECT_EQ(result->queue.topic, kTopic);
  EXPECT_EQ(result->region_id, "DefaultRegion");
  EXPECT_EQ(result->queue_offset, 0);

  auto& broker = result->queue.broker_name == "broker-a" ? broker_a_ : broker_b_;
  auto sends = broker.sends();
  ASSERT_EQ(sends.size(), 1u);
  const auto& f = sends[0].ext_fields;
  EXPECT_EQ(sends[0].code, 310);
  EXPECT_EQ(f.at("a"), "PG_TEST");
  EXPECT_EQ(f.at("b"), kTopic);
  EXPECT_EQ(f.at("c"), "TBW102");
  EXPECT_EQ(f.at("d"), "4");
  EXPECT_EQ(f.at("e"), std::to_string(result->queue.queue_id));
  EXPECT_EQ(f.at("f"), "0");
  EXPECT_EQ(f.at("h"), "7");
  EXPECT_EQ(f.at("j"), "0");
  EXPECT_EQ(f.at("k"), "false");
  EXPECT_EQ(f.at("m"), "false");
  EXPECT_EQ(f.at("n"), result->queue.broker_name);
  EXPECT_FALSE(f.at("g").empty());
  auto props = protocol::DecodeMessageProperties(f.at("i"));
  EXPECT_EQ(props["TAGS"], "TagA");
  EXPECT_EQ(props["KEYS"], "k1 k2");
  EXPECT_EQ(props["color"], "blue");
  EXPECT_EQ(props["UNIQ_KEY"], result->message_id);
  EXPECT_EQ(sends[0].body, "hello");
  EXPECT_TRUE(producer.Shutdown().ok());
}

TEST_F(ProducerTest, JsonHeadersWorkToo) {
  config_.serialize_type = "JSON";
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  Message msg(kTopic, "TagA", "json");
  auto result = producer.Send(msg);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto& broker = result->queue.broker_name == "broker-a" ? broker_a_ : broker_b_;
  ASSERT_EQ(broker.sends().size(), 1u);
  EXPECT_EQ(protocol::DecodeMessageProperties(Props(broker.sends()[0]))["UNIQ_KEY"],
            result->message_id);
}

TEST_F(ProducerTest, AccessKeySignsEveryRequest) {
  config_.access_key = "ak";
  config_.secret_key = "sk";
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto result = producer.Send(Message(kTopic, "signed"), MessageQueue{kTopic, "broker-a", 0});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto sends = broker_a_.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].ext_fields.at("AccessKey"), "ak");
  std::string content;
  for (const auto& [key, value] : sends[0].ext_fields) {
    if (key != "Signature") content += value;
  }
  EXPECT_EQ(sends[0].ext_fields.at("Signature"), remoting::AclSignature(content + "signed", "sk"));
}

TEST_F(ProducerTest, NamespaceWrapsTopicAndGroupOnTheWireOnly) {
  nameserver_.SetRoute("ns1%TopicTest", mock::MakeRoute({&broker_a_, &broker_b_}, 2));
  config_.name_space = "ns1";
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto result = producer.Send(Message(kTopic, "in a namespace"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->queue.topic, kTopic);
  auto queues = producer.FetchPublishQueues(kTopic);
  ASSERT_TRUE(queues.ok());
  ASSERT_EQ(queues->size(), 4u);
  EXPECT_EQ((*queues)[0].topic, kTopic);
  auto selected =
      producer.Send(Message(kTopic, "selected"),
                    [](const std::vector<MessageQueue>& qs, const Message&) { return qs.front(); });
  ASSERT_TRUE(selected.ok()) << selected.status().ToString();
  ASSERT_TRUE(producer.Send(Message(kTopic, "fixed"), (*queues)[1]).ok());
  auto sends = broker_a_.sends();
  auto more = broker_b_.sends();
  sends.insert(sends.end(), more.begin(), more.end());
  ASSERT_EQ(sends.size(), 3u);
  for (const auto& send : sends) {
    EXPECT_EQ(send.ext_fields.at("b"), "ns1%TopicTest");
    EXPECT_EQ(send.ext_fields.at("a"), "ns1%PG_TEST");
  }
}

TEST_F(ProducerTest, ProducersCanShareOneClient) {
  auto shared = SharedClient::Create(config_);
  ASSERT_TRUE(shared.ok()) << shared.status().ToString();
  ProducerConfig other = config_;
  other.group = "PG_OTHER";
  Producer first(config_, *shared);
  Producer second(other, *shared);
  ASSERT_TRUE(first.Start().ok());
  ASSERT_TRUE(second.Start().ok());
  Producer same_group(config_, *shared);
  EXPECT_EQ(same_group.Start().code(), ErrorCode::kIllegalState);
  ASSERT_TRUE(first.Send(Message(kTopic, "1")).ok());
  ASSERT_TRUE(first.Shutdown().ok());
  auto r = second.Send(Message(kTopic, "2"));
  ASSERT_TRUE(r.ok()) << "the shared client outlives the first producer: " << r.status().ToString();
  ASSERT_TRUE(second.Shutdown().ok());
  EXPECT_FALSE((*shared)->client_id().empty());
}

TEST_F(ProducerTest, RoundRobinsOverEveryQueue) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  std::map<MessageQueue, int> hits;
  for (int i = 0; i < 16; ++i) {
    auto r = producer.Send(Message(kTopic, "m" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    hits[r->queue]++;
  }
  EXPECT_EQ(hits.size(), 8u);
  for (const auto& [mq, n] : hits) EXPECT_EQ(n, 2) << mq.ToString();
}

TEST_F(ProducerTest, RetryableCodeMovesTheSendToAnotherBroker) {
  broker_a_.FailNextSends(1000, rc::kSystemBusy, "[REJECTREQUEST]system busy");
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  for (int i = 0; i < 10; ++i) {
    auto r = producer.Send(Message(kTopic, "x"));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->queue.broker_name, "broker-b");
  }
  EXPECT_EQ(broker_b_.send_count(), 10u);
  EXPECT_GE(broker_a_.send_count(), 1u);
  EXPECT_LE(broker_a_.send_count(), 10u) << "at most one attempt per send on the failing broker";
}

TEST_F(ProducerTest, NonRetryableCodeFailsAtOnceWithCodeAndRemark) {
  broker_a_.FailNextSends(10, rc::kMessageIllegal, "the message is illegal");
  broker_b_.FailNextSends(10, rc::kMessageIllegal, "the message is illegal");
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto r = producer.Send(Message(kTopic, "x"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kBrokerError);
  EXPECT_NE(r.status().message().find("13 MESSAGE_ILLEGAL"), std::string::npos)
      << r.status().ToString();
  EXPECT_NE(r.status().message().find("the message is illegal"), std::string::npos);
  EXPECT_EQ(broker_a_.send_count() + broker_b_.send_count(), 1u);
}

TEST_F(ProducerTest, AllBrokersFailingGivesUpAfterTheRetries) {
  broker_a_.FailNextSends(100, rc::kServiceNotAvailable, "disk full");
  broker_b_.FailNextSends(100, rc::kServiceNotAvailable, "disk full");
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto r = producer.Send(Message(kTopic, "x"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kBrokerError);
  EXPECT_NE(r.status().message().find("3 attempt(s)"), std::string::npos) << r.status().ToString();
  EXPECT_EQ(broker_a_.send_count() + broker_b_.send_count(), 3u);
}

TEST_F(ProducerTest, DeadBrokerCostsOneFailedAttemptThenIsAvoided) {
  broker_a_.Stop();
  auto impl = StartImpl();
  for (int i = 0; i < 20; ++i) {
    auto r = impl->Send(Message(kTopic, "x"));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->queue.broker_name, "broker-b");
  }
  EXPECT_FALSE(impl->fault_strategy().tolerance().IsAvailable("broker-a"));
  EXPECT_TRUE(impl->Shutdown(milliseconds(1000)).ok());
}

// A caller that retries at once while every broker is down must not spin: each send waits
// out the brokers' pauses (up to its timeout) instead of failing in a millisecond, and says
// when the next attempt is allowed.
TEST_F(ProducerTest, WithEveryBrokerDownARetryingCallerIsPacedAndToldWhenToRetry) {
  broker_a_.Stop();
  broker_b_.Stop();
  config_.send_timeout_ms = 200;
  auto impl = StartImpl();
  int sends = 0;
  std::string told;
  const auto begin = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - begin < milliseconds(1500)) {
    auto r = impl->Send(Message(kTopic, "x"));
    ASSERT_FALSE(r.ok());
    // Timeout when a pause that fitted the send's time left too little of it to send.
    EXPECT_TRUE(r.status().code() == ErrorCode::kNetwork ||
                r.status().code() == ErrorCode::kTimeout)
        << r.status().ToString();
    if (r.status().message().find("the next attempt is allowed in") != std::string::npos) {
      told = r.status().message();
    }
    ++sends;
  }
  // Without the pauses a send fails in about a millisecond: over a thousand in this time.
  EXPECT_LE(sends, 20);
  EXPECT_NE(told.find("did not answer the last"), std::string::npos) << told;
  EXPECT_TRUE(impl->Shutdown(milliseconds(1000)).ok());
}

TEST_F(ProducerTest, SilentBrokerCostsAtMostOneTimeout) {
  broker_a_.SetSilent(true);
  config_.send_timeout_ms = 300;
  auto impl = StartImpl();
  int timeouts = 0;
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) {
    auto r = impl->Send(Message(kTopic, "x"));
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), ErrorCode::kTimeout) << r.status().ToString();
      ++timeouts;
    } else {
      EXPECT_EQ(r->queue.broker_name, "broker-b");
    }
  }
  EXPECT_LE(timeouts, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, milliseconds(2000));
  EXPECT_TRUE(impl->Shutdown(milliseconds(500)).ok());
}

TEST_F(ProducerTest, StoredButNotFlushedIsAResultAndOptionallyRetried) {
  broker_a_.SetStoredCode(rc::kFlushDiskTimeout);
  broker_b_.SetStoredCode(rc::kFlushSlaveTimeout);
  {
    Producer producer(config_);
    ASSERT_TRUE(producer.Start().ok());
    auto r = producer.Send(Message(kTopic, "x"), MessageQueue{kTopic, "broker-a", 1});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, SendStatus::kFlushDiskTimeout);
    EXPECT_EQ(r->queue.queue_id, 1);
    EXPECT_EQ(broker_a_.send_count(), 1u);
  }
  config_.retry_another_broker_when_not_store_ok = true;
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto r = producer.Send(Message(kTopic, "x"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->status, SendStatus::kSendOk);
  EXPECT_EQ(broker_a_.send_count() + broker_b_.send_count(), 1u + 3u);
}

TEST_F(ProducerTest, AStoredSendWithAMalformedAnswerFailsNamingTheField) {
  broker_a_.SetAnswerOmits("queueOffset");
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto r = producer.Send(Message(kTopic, "x"), MessageQueue{kTopic, "broker-a", 1});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("queueOffset"), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("answer is malformed"), std::string::npos)
      << r.status().ToString();
}

TEST_F(ProducerTest, AsyncSendsCompleteExactlyOnce) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  Results results;
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(
        producer.SendAsync(Message(kTopic, "a" + std::to_string(i)), results.Callback()).ok());
  }
  ASSERT_TRUE(results.WaitFor(200));
  for (const auto& s : results.statuses()) EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(producer.Shutdown().ok());
  EXPECT_EQ(results.statuses().size(), 200u);
  EXPECT_EQ(broker_a_.send_count() + broker_b_.send_count(), 200u);
}

// A completed send may wait for a later send to free it (on the sender's thread): what its
// callback holds must not wait with it.
TEST_F(ProducerTest, AsyncSendReleasesItsCallbackOnceItHasRun) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  struct SignalsRelease {
    std::promise<void> released;
    ~SignalsRelease() { released.set_value(); }
  };
  auto held = std::make_shared<SignalsRelease>();
  std::future<void> released = held->released.get_future();
  std::promise<Status> sent;
  ASSERT_TRUE(producer
                  .SendAsync(Message(kTopic, "x"),
                             [held = std::move(held), &sent](const Result<SendResult>& r) {
                               sent.set_value(r.status());
                             })
                  .ok());
  ASSERT_EQ(released.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(sent.get_future().get().ok());
  EXPECT_TRUE(producer.Shutdown().ok());
}

TEST_F(ProducerTest, AsyncRetriesOnAnotherBroker) {
  ExpectAsyncSendsMoveToBrokerB([](Producer& producer, SendCallback callback) {
    return producer.SendAsync(Message(kTopic, "x"), std::move(callback));
  });
}

// asyncCallbackOnIoThread: an answered send's callback runs on the I/O thread that read the
// answer ("rmq-cli-io-N"), not on a callback thread ("rmq-cli-cb-N").
TEST_F(ProducerTest, AsyncCallbackOnIoThreadRunsAnsweredSendsThere) {
  ASSERT_TRUE(config_.Set("asyncCallbackOnIoThread", "true").ok());
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  std::mutex mu;
  std::set<std::string> threads;
  Results results;
  SendCallback record = [&, done = results.Callback()](const Result<SendResult>& r) {
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof(name));
    {
      std::lock_guard<std::mutex> lock(mu);
      threads.insert(name);
    }
    done(r);
  };
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(producer.SendAsync(Message(kTopic, "x"), record).ok());
  ASSERT_TRUE(results.WaitFor(20));
  for (const auto& s : results.statuses()) EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(producer.Shutdown().ok());
  std::lock_guard<std::mutex> lock(mu);
  for (const auto& name : threads) EXPECT_EQ(name.rfind("rmq-cli-io-", 0), 0u) << name;
}

// The retry after a retryable answer read on the I/O thread leaves it for a callback thread.
TEST_F(ProducerTest, AsyncCallbackOnIoThreadStillRetriesOnAnotherBroker) {
  config_.async_callback_on_io_thread = true;
  ExpectAsyncSendsMoveToBrokerB([](Producer& producer, SendCallback callback) {
    return producer.SendAsync(Message(kTopic, "x"), std::move(callback));
  });
}

TEST_F(ProducerTest, FutureFormOfSendAsync) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto future = producer.SendAsync(Message(kTopic, "f"));
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto r = future.get();
  EXPECT_TRUE(r.ok()) << r.status().ToString();
}

TEST_F(ProducerTest, ShutdownCancelsUnansweredAsyncSendsExactlyOnce) {
  ExpectShutdownToCancelUnansweredSends([](Producer& producer, SendCallback callback) {
    return producer.SendAsync(Message(kTopic, "x"), std::move(callback));
  });
}

TEST_F(ProducerTest, AsyncInFlightLimitAppliesBackpressure) {
  ExpectAThirdAsyncSendHeldBack([](Producer& producer, SendCallback callback) {
    return producer.SendAsync(Message(kTopic, "m"), std::move(callback));
  });
}

TEST_F(ProducerTest, BatchIsOneRequestWithPerMessageIds) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  std::vector<Message> batch;
  for (int i = 0; i < 3; ++i) batch.push_back(Message(kTopic, "Tag", "b" + std::to_string(i)));
  auto r = producer.SendBatch(batch);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto& broker = r->queue.broker_name == "broker-a" ? broker_a_ : broker_b_;
  auto sends = broker.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].code, 320);
  EXPECT_EQ(sends[0].ext_fields.at("m"), "true");
  EXPECT_EQ(sends[0].ext_fields.at("f"), "0");
  auto header_props = protocol::DecodeMessageProperties(Props(sends[0]));
  EXPECT_EQ(header_props.count("UNIQ_KEY"), 0u);
  EXPECT_EQ(header_props["WAIT"], "true");
  auto entries = protocol::DecodeBatchBody(sends[0].body);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);
  std::string ids;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*entries)[i].body, "b" + std::to_string(i));
    auto props = protocol::DecodeMessageProperties((*entries)[i].properties);
    EXPECT_EQ(props["TAGS"], "Tag");
    ids += (i ? "," : "") + props["UNIQ_KEY"];
  }
  EXPECT_EQ(r->message_id, ids);
  EXPECT_EQ(std::count(r->offset_message_id.begin(), r->offset_message_id.end(), ','), 2);
}

TEST_F(ProducerTest, BatchRulesAreChecked) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  EXPECT_EQ(producer.SendBatch({}).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(producer.SendBatch({Message(kTopic, "a"), Message("Other", "b")}).status().code(),
            ErrorCode::kInvalidArgument);
  Message delayed(kTopic, "d");
  delayed.set_delay_level(2);
  EXPECT_EQ(producer.SendBatch({delayed}).status().code(), ErrorCode::kInvalidArgument);
  // A later message is held to the same rules as the first (its topic is only compared).
  auto rejects_second = [&producer](const Message& second, const std::string& why) {
    auto r = producer.SendBatch({Message(kTopic, "a"), second});
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument) << why;
    EXPECT_NE(r.status().message().find("batch message 1"), std::string::npos)
        << r.status().ToString();
  };
  rejects_second(delayed, "delay level");
  Message timed(kTopic, "t");
  timed.set_delivery_time(std::chrono::system_clock::now() + std::chrono::hours(1));
  rejects_second(timed, "delivery time");
  rejects_second(Message(kTopic, "w").set_wait_store_ok(false), "WAIT differs");
  rejects_second(Message(kTopic, ""), "empty body");
  rejects_second(Message(kTopic, "p").set_property("bad\x01name", "v"), "separator in a name");
  Message no_level(kTopic, "n");
  no_level.set_property("DELAY", "0");
  auto not_waiting = Message(kTopic, "f").set_wait_store_ok(false);
  EXPECT_TRUE(producer.SendBatch({not_waiting, not_waiting}).ok());
  EXPECT_TRUE(producer.SendBatch({Message(kTopic, "a"), no_level}).ok());
  const size_t accepted = 2;
  config_.max_message_size = 100;
  Producer small(config_);
  ASSERT_TRUE(small.Start().ok());
  std::vector<Message> big(5, Message(kTopic, std::string(50, 'x')));
  auto r = small.SendBatch(big);
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("SplitBatch"), std::string::npos);
  EXPECT_EQ(broker_a_.send_count() + broker_b_.send_count(), accepted);
}

// The batch of `count` messages "<prefix>0", "<prefix>1", ... to kTopic.
std::vector<Message> Batch(int count, const std::string& prefix = "b") {
  std::vector<Message> batch;
  for (int i = 0; i < count; ++i) {
    batch.push_back(Message(kTopic, "Tag", prefix + std::to_string(i)));
  }
  return batch;
}

TEST_F(ProducerTest, AsyncBatchIsOneRequestWithPerMessageIds) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto future = producer.SendBatchAsync(Batch(3));
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto r = future.get();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto& broker = r->queue.broker_name == "broker-a" ? broker_a_ : broker_b_;
  auto sends = broker.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].code, 320);
  EXPECT_EQ(sends[0].ext_fields.at("m"), "true");
  EXPECT_EQ(sends[0].ext_fields.at("e"), std::to_string(r->queue.queue_id));
  auto entries = protocol::DecodeBatchBody(sends[0].body);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);
  std::string ids;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*entries)[i].body, "b" + std::to_string(i));
    ids += (i ? "," : "") + protocol::DecodeMessageProperties((*entries)[i].properties)["UNIQ_KEY"];
  }
  EXPECT_EQ(r->message_id, ids);
  EXPECT_EQ(std::count(r->offset_message_id.begin(), r->offset_message_id.end(), ','), 2);
}

TEST_F(ProducerTest, AsyncBatchesCompleteExactlyOnce) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  Results results;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(producer.SendBatchAsync(Batch(4), results.Callback()).ok());
  }
  ASSERT_TRUE(results.WaitFor(50));
  for (const auto& s : results.statuses()) EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(producer.Shutdown().ok());
  EXPECT_EQ(results.statuses().size(), 50u);
  EXPECT_EQ(broker_a_.send_count() + broker_b_.send_count(), 50u);
}

TEST_F(ProducerTest, AsyncBatchRulesAreCheckedBeforeSending) {
  Producer producer(config_);
  Results results;
  EXPECT_EQ(producer.SendBatchAsync(Batch(2), results.Callback()).code(), ErrorCode::kIllegalState);
  ASSERT_TRUE(producer.Start().ok());
  EXPECT_EQ(producer.SendBatchAsync({}, results.Callback()).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      producer.SendBatchAsync({Message(kTopic, "a"), Message("Other", "b")}, results.Callback())
          .code(),
      ErrorCode::kInvalidArgument);
  Message delayed(kTopic, "d");
  delayed.set_delay_level(2);
  EXPECT_EQ(producer.SendBatchAsync({delayed}, results.Callback()).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(producer.SendBatchAsync(Batch(2), SendCallback()).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      producer.SendBatchAsync(Batch(2), MessageQueue{"Other", "broker-a", 0}, results.Callback())
          .code(),
      ErrorCode::kInvalidArgument);
  auto refused = producer.SendBatchAsync(std::vector<Message>{});
  ASSERT_EQ(refused.wait_for(milliseconds(0)), std::future_status::ready);
  EXPECT_EQ(refused.get().status().code(), ErrorCode::kInvalidArgument);

  config_.max_message_size = 100;
  Producer small(config_);
  ASSERT_TRUE(small.Start().ok());
  std::vector<Message> big(5, Message(kTopic, std::string(50, 'x')));
  Status too_big = small.SendBatchAsync(big, results.Callback());
  EXPECT_EQ(too_big.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(too_big.message().find("SplitBatch"), std::string::npos) << too_big.ToString();

  EXPECT_TRUE(producer.Shutdown().ok());
  EXPECT_TRUE(small.Shutdown().ok());
  EXPECT_TRUE(results.statuses().empty()) << "a refused batch must not run its callback";
  EXPECT_EQ(broker_a_.send_count() + broker_b_.send_count(), 0u);
}

TEST_F(ProducerTest, AsyncBatchRetriesOnAnotherBroker) {
  ExpectAsyncSendsMoveToBrokerB([](Producer& producer, SendCallback callback) {
    return producer.SendBatchAsync(Batch(2), std::move(callback));
  });
}

TEST_F(ProducerTest, AsyncBatchToAGivenQueueIsNotRetried) {
  broker_a_.FailNextSends(1, rc::kSystemError, "boom");
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  const MessageQueue queue{kTopic, "broker-a", 1};
  std::promise<Result<SendResult>> failed;
  ASSERT_TRUE(producer
                  .SendBatchAsync(Batch(2), queue,
                                  [&](const Result<SendResult>& r) { failed.set_value(r); })
                  .ok());
  auto first = failed.get_future();
  ASSERT_EQ(first.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(first.get().status().code(), ErrorCode::kBrokerError);
  std::promise<Result<SendResult>> stored;
  ASSERT_TRUE(producer
                  .SendBatchAsync(Batch(2), queue,
                                  [&](const Result<SendResult>& r) { stored.set_value(r); })
                  .ok());
  auto second = stored.get_future();
  ASSERT_EQ(second.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto r = second.get();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->queue, queue);
  EXPECT_EQ(broker_a_.send_count(), 2u);
  EXPECT_EQ(broker_b_.send_count(), 0u);
}

TEST_F(ProducerTest, AsyncBatchTimesOutWithinTheSendTimeout) {
  broker_a_.SetSilent(true);
  broker_b_.SetSilent(true);
  config_.send_timeout_ms = 300;
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  Results results;
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(producer.SendBatchAsync(Batch(2), results.Callback()).ok());
  }
  ASSERT_TRUE(results.WaitFor(3, milliseconds(5000)));
  EXPECT_LT(std::chrono::steady_clock::now() - begin, milliseconds(3000));
  for (const auto& s : results.statuses()) EXPECT_EQ(s.code(), ErrorCode::kTimeout) << s.ToString();
  EXPECT_TRUE(producer.Shutdown(milliseconds(500)).ok());
  EXPECT_EQ(results.statuses().size(), 3u);
}

TEST_F(ProducerTest, ShutdownCancelsUnansweredAsyncBatchesExactlyOnce) {
  ExpectShutdownToCancelUnansweredSends([](Producer& producer, SendCallback callback) {
    return producer.SendBatchAsync(Batch(3), std::move(callback));
  });
}

TEST_F(ProducerTest, AnAsyncBatchHoldsOneInFlightSlot) {
  ExpectAThirdAsyncSendHeldBack([](Producer& producer, SendCallback callback) {
    return producer.SendBatchAsync(Batch(10), std::move(callback));
  });
}

TEST_F(ProducerTest, LargeBodiesAreCompressedWithTheSysflag) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  const std::string big(5000, 'z');
  auto r = producer.Send(Message(kTopic, big), MessageQueue{kTopic, "broker-a", 0});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(producer.Send(Message(kTopic, "small"), MessageQueue{kTopic, "broker-a", 0}).ok());
  auto sends = broker_a_.sends();
  ASSERT_EQ(sends.size(), 2u);
  const int32_t flag = std::stoi(sends[0].ext_fields.at("f"));
  EXPECT_TRUE(protocol::MessageSysFlag::IsCompressed(flag));
  EXPECT_EQ(protocol::MessageSysFlag::CompressionType(flag),
            protocol::MessageSysFlag::kCompressionZlib);
  EXPECT_LT(sends[0].body.size(), big.size());
  auto inflated = protocol::ZlibDecompress(sends[0].body, 1 << 20);
  ASSERT_TRUE(inflated.ok());
  EXPECT_EQ(*inflated, big);
  EXPECT_EQ(sends[1].ext_fields.at("f"), "0");
  EXPECT_EQ(sends[1].body, "small");
}

TEST_F(ProducerTest, DelayLevelTravelsAsTheDelayProperty) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  Message msg(kTopic, "later");
  msg.set_delay_level(3);
  auto r = producer.Send(msg);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto sends = broker_a_.sends();
  auto more = broker_b_.sends();
  sends.insert(sends.end(), more.begin(), more.end());
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(protocol::DecodeMessageProperties(Props(sends[0]))["DELAY"], "3");
}

TEST_F(ProducerTest, OrderlySendsKeepOneKeyOnOneQueueInOrder) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  std::map<std::string, std::set<MessageQueue>> queues_by_key;
  for (int i = 0; i < 30; ++i) {
    const std::string key = "order-" + std::to_string(i % 3);
    auto r = producer.SendOrderly(Message(kTopic, key + ":" + std::to_string(i)), key);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    queues_by_key[key].insert(r->queue);
  }
  for (const auto& [key, queues] : queues_by_key) EXPECT_EQ(queues.size(), 1u) << key;
  // Per key, the broker saw the messages in send order.
  std::map<std::string, int> last_seen;
  for (auto* broker : {&broker_a_, &broker_b_}) {
    for (const auto& send : broker->sends()) {
      const std::string key = send.body.substr(0, send.body.find(':'));
      const int seq = std::stoi(send.body.substr(send.body.find(':') + 1));
      if (last_seen.count(key)) {
        EXPECT_LT(last_seen[key], seq);
      }
      last_seen[key] = seq;
    }
  }
}

TEST_F(ProducerTest, SelectorAndQueueChecks) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto r = producer.Send(Message(kTopic, "s"), [](const std::vector<MessageQueue>& queues,
                                                  const Message&) { return queues.back(); });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->queue, (MessageQueue{kTopic, "broker-b", 3}));
  EXPECT_EQ(
      producer.Send(Message(kTopic, "s"), MessageQueue{"Other", "broker-a", 0}).status().code(),
      ErrorCode::kInvalidArgument);
  auto queues = producer.FetchPublishQueues(kTopic);
  ASSERT_TRUE(queues.ok());
  EXPECT_EQ(queues->size(), 8u);
}

TEST_F(ProducerTest, UnknownTopicIsCreatedThroughTheTemplateRoute) {
  nameserver_.SetRoute("TBW102", mock::MakeRoute({&broker_a_, &broker_b_}, 8, 7));
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto r = producer.Send(Message("BrandNewTopic", "first"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->queue.topic, "BrandNewTopic");
  EXPECT_LT(r->queue.queue_id, 4);
  auto queues = producer.FetchPublishQueues("BrandNewTopic");
  ASSERT_TRUE(queues.ok());
  EXPECT_EQ(queues->size(), 8u) << "min(defaultTopicQueueNums 4, 8) on each of 2 brokers";
  auto sends = r->queue.broker_name == "broker-a" ? broker_a_.sends() : broker_b_.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].ext_fields.at("b"), "BrandNewTopic");
  EXPECT_EQ(sends[0].ext_fields.at("c"), "TBW102");
}

TEST_F(ProducerTest, UnknownTopicWithoutTemplateIsNotFound) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  auto r = producer.Send(Message("NoSuchTopic", "x"));
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound) << r.status().ToString();
  EXPECT_NE(r.status().message().find("NoSuchTopic"), std::string::npos);
}

TEST_F(ProducerTest, HeartbeatOnNewBrokersAndUnregisterAtShutdown) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(producer.Send(Message(kTopic, "x")).ok());
  ASSERT_TRUE(broker_a_.WaitForHeartbeats(1, milliseconds(5000)));
  const std::string body = broker_a_.heartbeats()[0].body;
  EXPECT_NE(body.find("\"producerDataSet\":[{\"groupName\":\"PG_TEST\"}]"), std::string::npos)
      << body;
  EXPECT_NE(body.find("\"clientID\":"), std::string::npos);
  ASSERT_TRUE(producer.Shutdown().ok());
  auto unregisters = broker_a_.unregisters();
  ASSERT_EQ(unregisters.size(), 1u);
  EXPECT_EQ(unregisters[0].ext_fields.at("producerGroup"), "PG_TEST");
  EXPECT_FALSE(unregisters[0].ext_fields.at("clientID").empty());
}

TEST_F(ProducerTest, OnewayReachesTheBroker) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(producer.SendOneway(Message(kTopic, "ow"), MessageQueue{kTopic, "broker-b", 2}).ok());
  ASSERT_TRUE(broker_b_.WaitForSends(1, milliseconds(5000)));
  EXPECT_EQ(broker_b_.sends()[0].body, "ow");
  EXPECT_EQ(broker_b_.sends()[0].ext_fields.at("e"), "2");
}

TEST_F(ProducerTest, LifecycleAndBadInput) {
  Producer producer(config_);
  EXPECT_EQ(producer.Send(Message(kTopic, "x")).status().code(), ErrorCode::kIllegalState);
  ASSERT_TRUE(producer.Start().ok());
  EXPECT_EQ(producer.Start().code(), ErrorCode::kIllegalState);
  EXPECT_EQ(producer.Send(Message(kTopic, "")).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(producer.Send(Message("bad topic", "x")).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(producer.SendAsync(Message(kTopic, "x"), SendCallback()).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(broker_a_.send_count() + broker_b_.send_count(), 0u);
  EXPECT_TRUE(producer.Shutdown().ok());
  EXPECT_TRUE(producer.Shutdown().ok());
  EXPECT_EQ(producer.Start().code(), ErrorCode::kIllegalState);

  ProducerConfig bad = config_;
  bad.namesrv_addr = "nonsense";
  Producer broken(bad);
  EXPECT_EQ(broken.Start().code(), ErrorCode::kInvalidArgument);
}

TEST_F(ProducerTest, DeadNameserverIsSkipped) {
  mock::MockNameserver dead;
  ASSERT_TRUE(dead.Start().ok());
  const std::string dead_address = dead.address();
  dead.Stop();
  config_.namesrv_addr = dead_address + ";" + nameserver_.address();
  for (int i = 0; i < 3; ++i) {
    Producer producer(config_);
    ASSERT_TRUE(producer.Start().ok());
    auto r = producer.Send(Message(kTopic, "x"));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
  }
}

}  // namespace
}  // namespace rocketmq
