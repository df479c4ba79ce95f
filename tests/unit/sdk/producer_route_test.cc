// The producer and topic routes: an async send never waits for a route lookup on the
// caller's thread, and a failed send has the route refreshed in the background.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "mock/mock_broker.h"
#include "mock/mock_nameserver.h"
#include "producer/producer_impl.h"

namespace rocketmq {
namespace {

using std::chrono::milliseconds;

constexpr char kTopic[] = "RouteTopic";
constexpr milliseconds kWait{10000};

// A nameserver that accepts connections (the kernel does, from the backlog) and never
// answers: a route lookup against it lasts its whole timeout.
class SilentNameserver {
 public:
  SilentNameserver() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        listen(fd_, 16) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~SilentNameserver() { close(fd_); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  bool ok() const { return port_ != 0; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

class Outcomes {
 public:
  SendCallback Callback() {
    return [this](const Result<SendResult>& r) {
      std::lock_guard<std::mutex> lock(mu_);
      statuses_.push_back(r.ok() ? Status::OK() : r.status());
      threads_.push_back(std::this_thread::get_id());
      cv_.notify_all();
    };
  }
  bool WaitFor(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, kWait, [&] { return statuses_.size() >= n; });
  }
  std::vector<Status> statuses() {
    std::lock_guard<std::mutex> lock(mu_);
    return statuses_;
  }
  std::vector<std::thread::id> threads() {
    std::lock_guard<std::mutex> lock(mu_);
    return threads_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Status> statuses_;
  std::vector<std::thread::id> threads_;
};

TEST(ProducerRouteTest, AsyncSendDoesNotWaitForTheRouteLookup) {
  SilentNameserver nameserver;
  ASSERT_TRUE(nameserver.ok());
  ProducerConfig config;
  config.namesrv_addr = nameserver.address();
  config.group = "PG_ROUTE";
  config.send_timeout_ms = 1000;
  auto producer = std::make_shared<client::ProducerImpl>(config, nullptr);
  ASSERT_TRUE(producer->Start().ok());
  Outcomes outcomes;
  const auto before = std::chrono::steady_clock::now();
  ASSERT_TRUE(producer->SendAsync(Message(kTopic, "body"), outcomes.Callback()).ok());
  // A lookup on this thread would have taken the whole send timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - before, milliseconds(500));
  ASSERT_TRUE(outcomes.WaitFor(1));
  EXPECT_EQ(outcomes.statuses()[0].code(), ErrorCode::kTimeout)
      << outcomes.statuses()[0].ToString();
  EXPECT_NE(outcomes.threads()[0], std::this_thread::get_id());
  EXPECT_TRUE(producer->Shutdown(milliseconds(1000)).ok());
}

TEST(ProducerRouteTest, AsyncSendToATopicNotYetCachedLooksItsRouteUp) {
  mock::MockBroker broker("broker-a");
  mock::MockNameserver nameserver;
  ASSERT_TRUE(broker.Start().ok());
  ASSERT_TRUE(nameserver.Start().ok());
  nameserver.SetRoute(kTopic, mock::MakeRoute({&broker}, 4));
  ProducerConfig config;
  config.namesrv_addr = nameserver.address();
  config.group = "PG_ROUTE";
  auto producer = std::make_shared<client::ProducerImpl>(config, nullptr);
  ASSERT_TRUE(producer->Start().ok());
  Outcomes outcomes;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(producer->SendAsync(Message(kTopic, "m"), outcomes.Callback()).ok());
  }
  ASSERT_TRUE(outcomes.WaitFor(20));
  for (const Status& s : outcomes.statuses()) EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(producer->Shutdown(milliseconds(1000)).ok());
}

TEST(ProducerRouteTest, AFailedSendRefreshesTheRoute) {
  mock::MockBroker broker_a("broker-a");
  mock::MockBroker broker_b("broker-b");
  mock::MockNameserver nameserver;
  ASSERT_TRUE(broker_a.Start().ok());
  ASSERT_TRUE(broker_b.Start().ok());
  ASSERT_TRUE(nameserver.Start().ok());
  nameserver.SetRoute(kTopic, mock::MakeRoute({&broker_a, &broker_b}, 2));
  ProducerConfig config;
  config.namesrv_addr = nameserver.address();
  config.group = "PG_ROUTE";
  auto producer = std::make_shared<client::ProducerImpl>(config, nullptr);
  ASSERT_TRUE(producer->Start().ok());
  ASSERT_TRUE(producer->Send(Message(kTopic, "first")).ok());
  const size_t lookups = nameserver.route_requests(kTopic);

  // broker-a goes away; the nameserver learns it, the producer's cache does not yet.
  broker_a.Stop();
  nameserver.SetRoute(kTopic, mock::MakeRoute({&broker_b}, 2));
  for (int i = 0; i < 4; ++i) {
    auto sent = producer->Send(Message(kTopic, "m"));
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  }
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  while (nameserver.route_requests(kTopic) == lookups &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  EXPECT_GT(nameserver.route_requests(kTopic), lookups);
  EXPECT_TRUE(producer->Shutdown(milliseconds(1000)).ok());
}

}  // namespace
}  // namespace rocketmq
