// Faults on the wire, against real namesrv and broker processes: peers that send garbage,
// lie about frame lengths, connect and say nothing, or send one byte at a time. Each test
// asserts what was lost: only the offending connection, never another client's requests,
// stored messages or the process.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "broker/broker_cluster.h"
#include "common/clock.h"
#include "protocol/message_properties.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "raw_socket.h"

namespace rocketmq {
namespace {

namespace ResponseCode = protocol::ResponseCode;
using remoting::RemotingCommand;
using std::chrono::milliseconds;
using testing::BrokerCluster;
using testing::RawSocket;

constexpr milliseconds kCloseTimeout{5000};

std::string BigEndian32(uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
          static_cast<char>(value >> 8), static_cast<char>(value)};
}

RemotingCommand SendRequest(const std::string& topic, const std::string& body) {
  protocol::SendMessageRequestHeader header;
  header.producer_group = "PG";
  header.topic = topic;
  header.queue_id = 0;
  header.born_timestamp = clock::WallMillis();
  header.properties = "WAIT\x01true\x02";
  auto request =
      RemotingCommand::CreateRequest(protocol::RequestCode::kSendMessageV2, header.EncodeV2());
  request.set_body(body);
  return request;
}

// The frames a hostile or broken peer sends; each must cost that peer its connection and
// nothing else.
std::vector<std::pair<std::string, std::string>> BadFrames() {
  std::mt19937 random(25);
  std::string garbage(4096, '\0');
  for (char& c : garbage) c = static_cast<char>(random());
  // A length just over the 16 MiB frame limit, and one of 2 GiB: the server must refuse
  // from the prefix alone, before buffering (or allocating) anything like it.
  const std::string over_limit = BigEndian32(16 * 1024 * 1024 + 1) + BigEndian32(100);
  const std::string huge = BigEndian32(0x7fffffff) + BigEndian32(100) + "{\"code\":10}";
  // A header length larger than the frame it is in.
  const std::string header_past_frame = BigEndian32(20) + BigEndian32(1000) + std::string(16, '{');
  // A JSON header that is no JSON, and a binary header whose extFields run past its end.
  const std::string bad_json = BigEndian32(4 + 9) + BigEndian32(9) + "{\"code\":[";
  std::string bad_binary_header = std::string("\x00\x0a\x00\x01\x8b", 5) + BigEndian32(1) +
                                  BigEndian32(0) + BigEndian32(0) + BigEndian32(500);
  const std::string bad_binary =
      BigEndian32(4 + static_cast<uint32_t>(bad_binary_header.size())) +
      BigEndian32(0x01000000u | static_cast<uint32_t>(bad_binary_header.size())) +
      bad_binary_header;
  // An unknown serialize type.
  const std::string bad_type = BigEndian32(4 + 2) + BigEndian32(0x07000002u) + "{}";
  return {{"random bytes", garbage},
          {"a frame over the 16 MiB limit", over_limit},
          {"a 2 GiB length", huge},
          {"a header longer than its frame", header_past_frame},
          {"a JSON header that is not JSON", bad_json},
          {"a binary header cut short", bad_binary},
          {"an unknown serialize type", bad_type}};
}

class WireFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
  }

  // Every bad frame to `addr` on its own connection, while `healthy` (opened before) stays
  // usable: each bad connection is closed, the healthy one still answers.
  void ExpectBadFramesCostOnlyTheirConnection(const std::string& addr, RawSocket* healthy,
                                              const RemotingCommand& probe) {
    for (const auto& [what, bytes] : BadFrames()) {
      auto bad = RawSocket::Connect(addr);
      ASSERT_TRUE(bad.ok()) << bad.status().ToString();
      // The server may close while we still write (a refused prefix): that is fine.
      (void)bad->Write(bytes);
      EXPECT_TRUE(bad->ClosedByPeerWithin(kCloseTimeout))
          << addr << " kept a connection after " << what;
      RemotingCommand request = probe;
      request.set_opaque(RemotingCommand::NextOpaque());
      ASSERT_TRUE(healthy->Write(testing::FrameOf(request)).ok()) << "after " << what;
      auto answer = healthy->ReadFrame(kCloseTimeout);
      ASSERT_TRUE(answer.ok()) << "after " << what << ": " << answer.status().ToString();
      EXPECT_EQ(answer->opaque(), request.opaque());
      EXPECT_EQ(answer->code(), ResponseCode::kSuccess) << "after " << what;
    }
  }

  std::unique_ptr<BrokerCluster> cluster_;
};

TEST_F(WireFaultTest, GarbageAndOversizedFramesCloseOnlyTheirConnection) {
  ASSERT_EQ(cluster_->Send("WireTopic", "before")->code(), ResponseCode::kSuccess);

  auto to_broker = RawSocket::Connect(cluster_->broker_addr());
  ASSERT_TRUE(to_broker.ok());
  ExpectBadFramesCostOnlyTheirConnection(cluster_->broker_addr(), &*to_broker,
                                         SendRequest("WireTopic", "probe"));

  auto to_namesrv = RawSocket::Connect(cluster_->namesrv_addr());
  ASSERT_TRUE(to_namesrv.ok());
  ExpectBadFramesCostOnlyTheirConnection(
      cluster_->namesrv_addr(), &*to_namesrv,
      RemotingCommand::CreateRequest(protocol::RequestCode::kGetBrokerClusterInfo));

  // What was lost: nothing stored. The message before and every probe are there, in order.
  ASSERT_TRUE(cluster_->WaitForMaxOffset("WireTopic", 0, 1 + BadFrames().size()).ok());
  auto pulled = cluster_->Pull("WireGroup", "WireTopic", 0, 0);
  ASSERT_TRUE(pulled.ok() && pulled->code() == ResponseCode::kSuccess);
  std::string storage;
  auto records = testing::PulledRecords(*pulled, &storage);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 1 + BadFrames().size());
  EXPECT_EQ((*records)[0].body, "before");
  EXPECT_TRUE(cluster_->broker().Running());
}

// 200 clients that connect and say nothing hold one socket each, delay nobody, and give
// every socket back when they go.
TEST_F(WireFaultTest, TwoHundredIdleConnectionsDelayNobodyAndLeakNothing) {
  ASSERT_EQ(cluster_->Send("IdleTopic", "warm-up")->code(), ResponseCode::kSuccess);
  const int pid = cluster_->broker().pid();
  const int sockets_before = testing::CountOpenSockets(pid);
  ASSERT_GT(sockets_before, 0);
  const std::string sockets_before_text = testing::DescribeOpenFds(pid);

  constexpr int kIdle = 200;
  std::vector<RawSocket> idle;
  idle.reserve(kIdle);
  for (int i = 0; i < kIdle; ++i) {
    auto sock = RawSocket::Connect(cluster_->broker_addr());
    ASSERT_TRUE(sock.ok()) << "connection " << i << ": " << sock.status().ToString();
    idle.push_back(std::move(*sock));
  }
  // Half of them also leave a frame unfinished: the server must not wait for the rest.
  for (int i = 0; i < kIdle; i += 2) {
    ASSERT_TRUE(idle[static_cast<size_t>(i)].Write(BigEndian32(64) + std::string(2, '\0')).ok());
  }
  const auto accepted = clock::Deadline::After(milliseconds(5000));
  while (testing::CountOpenSockets(pid) < sockets_before + kIdle && !accepted.Expired()) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_GE(testing::CountOpenSockets(pid), sockets_before + kIdle);

  // Everyone else is served as usual, one round trip well within a second each.
  for (int i = 0; i < 20; ++i) {
    const auto start = clock::Monotonic::now();
    auto sent = cluster_->Send("IdleTopic", "m" + std::to_string(i));
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    ASSERT_EQ(sent->code(), ResponseCode::kSuccess);
    EXPECT_LT(clock::Monotonic::now() - start, milliseconds(1000));
  }
  ASSERT_TRUE(cluster_->WaitForMaxOffset("IdleTopic", 0, 21).ok());

  idle.clear();
  const auto released = clock::Deadline::After(milliseconds(5000));
  while (testing::CountOpenSockets(pid) > sockets_before && !released.Expired()) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_LE(testing::CountOpenSockets(pid), sockets_before)
      << "sockets of closed clients leaked; before:\n"
      << sockets_before_text << "after:\n"
      << testing::DescribeOpenFds(pid);
  EXPECT_EQ(cluster_->Send("IdleTopic", "after")->code(), ResponseCode::kSuccess);
}

// A client whose request arrives one byte per segment gets its answer, and a fast client
// meanwhile is not held up by it.
TEST_F(WireFaultTest, AByteAtATimeClientIsServedAndDelaysNobody) {
  const std::string body = std::string("slow body \x01\x02\xff", 13) + " end";
  const std::string frame = testing::FrameOf(SendRequest("SlowTopic", body));
  ASSERT_FALSE(frame.empty());
  auto slow = RawSocket::Connect(cluster_->broker_addr());
  ASSERT_TRUE(slow.ok());

  std::thread trickle([&] {
    for (char c : frame) {
      if (!slow->Write(std::string_view(&c, 1)).ok()) return;
      std::this_thread::sleep_for(milliseconds(2));
    }
  });
  // While the slow frame trickles in (about a second), fast sends go through at once.
  int fast = 0;
  const auto until = clock::Deadline::After(milliseconds(500));
  while (!until.Expired()) {
    const auto start = clock::Monotonic::now();
    auto sent = cluster_->Send("FastTopic", "fast");
    ASSERT_TRUE(sent.ok() && sent->code() == ResponseCode::kSuccess);
    EXPECT_LT(clock::Monotonic::now() - start, milliseconds(500));
    ++fast;
  }
  trickle.join();
  EXPECT_GT(fast, 10);

  auto answer = slow->ReadFrame(kCloseTimeout);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->code(), ResponseCode::kSuccess) << answer->ToString();

  // What was lost: nothing; the trickled message is stored byte for byte.
  ASSERT_TRUE(cluster_->WaitForMaxOffset("SlowTopic", 0, 1).ok());
  auto pulled = cluster_->Pull("SlowGroup", "SlowTopic", 0, 0);
  ASSERT_TRUE(pulled.ok() && pulled->code() == ResponseCode::kSuccess);
  std::string storage;
  auto records = testing::PulledRecords(*pulled, &storage);
  ASSERT_TRUE(records.ok() && records->size() == 1u);
  EXPECT_EQ((*records)[0].body, body);
}

}  // namespace
}  // namespace rocketmq
