// Timer messages in the SDK: the Message setters, which broker versions they need, and the
// producer's refusal to send one to a broker too old to honour it (against the in-process
// mock cluster, whose brokers can announce any version).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "mock/mock_broker.h"
#include "mock/mock_nameserver.h"
#include "producer/timer_support.h"
#include "protocol/message_properties.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace {

using std::chrono::milliseconds;

constexpr char kTopic[] = "TimerTopic";
constexpr int32_t kV4_9_7 = 407;
constexpr int32_t kV5_0_0 = 413;

int32_t MinVersion(const Message& m) {
  return client::TimerMinBrokerVersion(protocol::EncodeMessageProperties(m.properties()));
}

TEST(MessageTimerTest, SettersWriteThe5xPropertiesAndReplaceEachOther) {
  Message m(kTopic, "x");
  EXPECT_EQ(MinVersion(m), 0);
  m.set_delivery_time(std::chrono::system_clock::time_point(milliseconds(1700000000123)));
  EXPECT_EQ(m.property("TIMER_DELIVER_MS"), "1700000000123");
  EXPECT_EQ(MinVersion(m), kV5_0_0);
  m.set_delay(milliseconds(1500));
  EXPECT_EQ(m.property("TIMER_DELAY_MS"), "1500");
  EXPECT_FALSE(m.has_property("TIMER_DELIVER_MS"));
  EXPECT_EQ(MinVersion(m), 433);  // V5_1_0
  m.set_delivery_time(std::chrono::system_clock::time_point(milliseconds(5)));
  EXPECT_FALSE(m.has_property("TIMER_DELAY_MS"));
  // A delay level wins on every broker: no version needed.
  m.set_delay_level(2);
  EXPECT_EQ(MinVersion(m), 0);
}

TEST(MessageTimerTest, VersionNames) {
  EXPECT_EQ(client::MQVersionName(kV4_9_7), "V4_9_7");
  EXPECT_EQ(client::MQVersionName(kV5_0_0), "V5_0_0");
  EXPECT_EQ(client::MQVersionName(433), "V5_1_0");
  EXPECT_EQ(client::MQVersionName(479), "V5_3_3");
  EXPECT_EQ(client::MQVersionName(412), "V5_0_0_SNAPSHOT");
}

class ProducerTimerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.Start().ok());
    ASSERT_TRUE(nameserver_.Start().ok());
    nameserver_.SetRoute(kTopic, mock::MakeRoute({&broker_}, 2));
    config_.namesrv_addr = nameserver_.address();
    config_.group = "PG_TIMER";
    config_.send_timeout_ms = 2000;
    config_.retry_times_when_send_failed = 0;
  }

  mock::MockBroker broker_{"broker-t"};
  mock::MockNameserver nameserver_;
  ProducerConfig config_;
};

TEST_F(ProducerTimerTest, TimerSendToA49BrokerFailsAndSendsNothing) {
  broker_.SetVersion(kV4_9_7);
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  Message timed(kTopic, "later");
  timed.set_delay(milliseconds(2000));
  auto result = producer.Send(timed);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kNotSupported) << result.status().ToString();
  EXPECT_NE(result.status().message().find("V4_9_7"), std::string::npos)
      << result.status().message();
  EXPECT_EQ(broker_.send_count(), 0u);

  Message oneway(kTopic, "later");
  oneway.set_delivery_time(std::chrono::system_clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(producer.SendOneway(oneway).code(), ErrorCode::kNotSupported);
  // Untimed messages still go.
  EXPECT_TRUE(producer.Send(Message(kTopic, "now")).ok());
  EXPECT_EQ(broker_.send_count(), 1u);
  EXPECT_TRUE(producer.Shutdown(milliseconds(1000)).ok());
}

TEST_F(ProducerTimerTest, TimerSendToA5xBrokerCarriesTheProperty) {
  broker_.SetVersion(kV5_0_0);
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  Message timed(kTopic, "later");
  timed.set_delivery_time(std::chrono::system_clock::time_point(milliseconds(1700000000000)));
  auto result = producer.Send(timed);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto sends = broker_.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(protocol::FindProperty(sends[0].ext_fields.at("i"), "TIMER_DELIVER_MS").value_or(""),
            "1700000000000");
  // TIMER_DELAY_MS needs 5.1: refused by this 5.0 broker.
  Message delayed(kTopic, "later");
  delayed.set_delay(milliseconds(100));
  auto refused = producer.Send(delayed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kNotSupported);
  EXPECT_TRUE(producer.Shutdown(milliseconds(1000)).ok());
}

TEST_F(ProducerTimerTest, BatchesCannotBeTimed) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  Message a(kTopic, "a");
  Message b(kTopic, "b");
  b.set_delay(milliseconds(100));
  auto result = producer.SendBatch({a, b});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(producer.Shutdown(milliseconds(1000)).ok());
}

}  // namespace
}  // namespace rocketmq
