// ConsumerClusterTest: the fixture of the consumer process tests that produce while they
// consume — a namesrv and a broker (with the test brokers' one-second delay levels, so retries
// come back quickly) and a started producer of the group the subclass names.
#ifndef ROCKETMQ_TESTS_INTEGRATION_CONSUMER_CONSUMER_CLUSTER_TEST_H_
#define ROCKETMQ_TESTS_INTEGRATION_CONSUMER_CONSUMER_CLUSTER_TEST_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "broker/broker_cluster.h"
#include "rocketmq/consumer_config.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace testing {

class ConsumerClusterTest : public ::testing::Test {
 protected:
  explicit ConsumerClusterTest(std::string producer_group)
      : producer_group_(std::move(producer_group)) {}

  void SetUp() override {
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
    ProducerConfig producer_config;
    producer_config.namesrv_addr = cluster_->namesrv_addr();
    producer_config.group = producer_group_;
    producer_ = std::make_unique<Producer>(producer_config);
    ASSERT_TRUE(producer_->Start().ok());
  }

  void TearDown() override {
    if (producer_) {
      EXPECT_TRUE(producer_->Shutdown().ok());
    }
  }

  // What every consumer of these tests starts from: this cluster, from the first offset,
  // rebalancing every second (retry topics appear once messages are sent back).
  ConsumerConfig BaseConfig(const std::string& group) const {
    ConsumerConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    config.group = group;
    config.consume_from_where = ConsumeFromWhere::kFirstOffset;
    config.rebalance_interval_ms = 1000;
    return config;
  }

  std::unique_ptr<BrokerCluster> cluster_;
  std::unique_ptr<Producer> producer_;

 private:
  const std::string producer_group_;
};

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_INTEGRATION_CONSUMER_CONSUMER_CLUSTER_TEST_H_
