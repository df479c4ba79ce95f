// The master's and the slave's ends of the HA link against a raw socket playing the other
// side, byte for byte: where streaming starts, what a heartbeat looks like, what closes a
// link, and what a slave reports and applies.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "../store/temp_dir.h"
#include "../store/test_records.h"
#include "common/clock.h"
#include "ha/ha_client.h"
#include "ha/ha_frame.h"
#include "ha/ha_master.h"
#include "protocol/big_endian.h"
#include "store/fault_injection_env.h"
#include "store/message_store.h"

namespace rocketmq {
namespace ha {
namespace {

namespace be = protocol::big_endian;
using std::chrono::milliseconds;
constexpr int64_t kFileSize = 16 * 1024;

store::MessageStoreConfig Config(const std::string& root, const std::string& role) {
  store::MessageStoreConfig c;
  c.store_path_root_dir = root;
  c.mapped_file_size_commit_log = static_cast<int32_t>(kFileSize);
  c.mapped_file_size_consume_queue = 20 * 50;
  c.max_message_size = 4096;
  c.max_hash_slot_num = 64;
  c.max_index_num = 100;
  c.clean_resource_interval = 3600 * 1000;
  c.broker_role = role;
  c.ha_send_heartbeat_interval = 200;
  c.ha_transfer_batch_size = 1000;
  // Real files on the host's disk, which may be fuller than the defaults' 85/90% allow: as the
  // process tests' brokers, these tests are not about disk space.
  c.disk_space_clean_forcibly_ratio = 99;
  c.disk_space_warning_level_ratio = 99;
  return c;
}

bool WaitFor(const std::function<bool()>& condition, milliseconds timeout) {
  const auto deadline = clock::Deadline::After(timeout);
  while (!deadline.Expired()) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return condition();
}

// Reads exactly n bytes (or fewer on EOF/timeout).
std::string ReadN(int fd, size_t n, milliseconds timeout = milliseconds(5000)) {
  std::string out;
  const auto deadline = clock::Deadline::After(timeout);
  while (out.size() < n && !deadline.Expired()) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    char buf[4096];
    const ssize_t got = read(fd, buf, std::min(sizeof buf, n - out.size()));
    if (got <= 0) break;
    out.append(buf, static_cast<size_t>(got));
  }
  return out;
}

bool ClosedByPeer(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, 5000) != 1) return false;
  char buf[64];
  return read(fd, buf, sizeof buf) <= 0;
}

int ConnectTo(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

void WriteAll(int fd, const std::string& bytes) {
  ASSERT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
}

class HaLinkTest : public ::testing::Test {
 protected:
  // `wire` (optional) hooks the store up before it starts, as the broker does.
  std::unique_ptr<store::MessageStore> Open(
      const store::MessageStoreConfig& config,
      const std::function<void(store::MessageStore*)>& wire = nullptr) {
    auto s = std::make_unique<store::MessageStore>(config, store_env_);
    if (wire) wire(s.get());
    Status started = s->Start();
    EXPECT_TRUE(started.ok()) << started.ToString();
    return started.ok() ? std::move(s) : nullptr;
  }
  // Fills the first file and some of the second.
  void Fill(store::MessageStore* s) {
    for (int i = 0; i < 60; ++i) {
      ASSERT_TRUE(s->PutMessage(store::EncodeTestMessage("T", 0, std::string(300, 'a' + i % 26)),
                                /*wait_store_ok=*/false)
                      .get()
                      .ok());
    }
    ASSERT_GT(s->GetMaxPhyOffset(), kFileSize);
  }
  // The CommitLog of a master filled by Fill: what it streams to a slave that reports 0.
  std::string FilledMasterLog() {
    auto master = Open(Config("/m", "ASYNC_MASTER"));
    if (master == nullptr) return {};
    Fill(master.get());
    auto bytes = master->ReadCommitLogToFileEnd(0);
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    return bytes.ok() ? std::string(bytes->bytes()) : std::string();
  }
  // Streams a backlog of 1000 puts and 300 more made while it streams, checking every
  // frame against the master's log.
  void ExpectBacklogAndNewAppendsStreamedInOrder(const std::string& root);

  store::FaultInjectionEnv env_;
  store::Env* store_env_ = &env_;
};

TEST_F(HaLinkTest, MasterStreamsFromTheLastFileForReportZeroThenHeartbeats) {
  const auto config = Config("/m", "SYNC_MASTER");
  std::unique_ptr<HaMaster> master;
  auto store = Open(config, [&](store::MessageStore* s) {
    master = std::make_unique<HaMaster>(s, config);
    s->SetAppendListener([m = master.get()] { m->NotifyAppended(); });
    s->SetReplicaGate([m = master.get()](int64_t end) { return m->IsSlaveOk(end); });
  });
  ASSERT_NE(store, nullptr);
  Fill(store.get());
  ASSERT_TRUE(master->Start("127.0.0.1", 0).ok());
  EXPECT_FALSE(master->IsSlaveOk(store->GetMaxPhyOffset()));  // nobody connected

  const int fd = ConnectTo(master->port());
  ASSERT_GE(fd, 0);
  WriteAll(fd, EncodeReport(0));
  // Report 0: from the start of the last file, in frames of haTransferBatchSize at most.
  const int64_t end = store->GetMaxPhyOffset();
  std::string received;
  int64_t expected_offset = kFileSize;
  while (expected_offset < end) {
    const std::string head = ReadN(fd, kTransferHeaderSize);
    ASSERT_EQ(head.size(), kTransferHeaderSize);
    auto header = DecodeTransferHeader(head);
    ASSERT_TRUE(header.ok());
    ASSERT_EQ(header->offset, expected_offset);
    ASSERT_GT(header->body_size, 0);
    ASSERT_LE(header->body_size, 1000);
    received += ReadN(fd, static_cast<size_t>(header->body_size));
    expected_offset += header->body_size;
  }
  auto local = store->ReadCommitLogToFileEnd(kFileSize);
  ASSERT_TRUE(local.ok());
  EXPECT_TRUE(received == local->bytes());

  // The acknowledgement reaches the store's gate and watermark.
  WriteAll(fd, EncodeReport(end));
  EXPECT_TRUE(WaitFor([&] { return master->replicated_offset() == end; }, milliseconds(2000)));
  EXPECT_TRUE(master->IsSlaveOk(end + 100));
  // Idle: a heartbeat is an empty frame at the next offset.
  const std::string heartbeat = ReadN(fd, kTransferHeaderSize);
  EXPECT_EQ(heartbeat, EncodeTransferHeader(TransferHeader{end, 0}));

  // A SYNC_MASTER put completes when the slave reports past it.
  auto put = store->PutMessage(store::EncodeTestMessage("T", 0, "sync"));
  EXPECT_EQ(put.wait_for(milliseconds(50)), std::future_status::timeout);
  const std::string head = ReadN(fd, kTransferHeaderSize);
  auto header = DecodeTransferHeader(head);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->offset, end);
  ReadN(fd, static_cast<size_t>(header->body_size));
  WriteAll(fd, EncodeReport(end + header->body_size));
  ASSERT_EQ(put.wait_for(milliseconds(2000)), std::future_status::ready);
  EXPECT_EQ(put.get().status, store::PutMessageStatus::kPutOk);
  close(fd);
  EXPECT_TRUE(WaitFor([&] { return master->connection_count() == 0; }, milliseconds(2000)));
}

// A backlog of many files streamed by the HA loop while a SYNC_MASTER's new appends are
// pushed by the appending thread (here the test's): every byte arrives once, in order,
// frame by frame.
void HaLinkTest::ExpectBacklogAndNewAppendsStreamedInOrder(const std::string& root) {
  const auto config = Config(root, "SYNC_MASTER");
  std::unique_ptr<HaMaster> master;
  auto store = Open(config, [&](store::MessageStore* s) {
    master = std::make_unique<HaMaster>(s, config);
    s->SetAppendListener([m = master.get()] { m->NotifyAppended(); });
  });
  ASSERT_NE(store, nullptr);
  auto put = [&](int count) {
    for (int i = 0; i < count; ++i) {
      ASSERT_TRUE(store
                      ->PutMessage(store::EncodeTestMessage("T", 0, std::string(700, 'a' + i % 26)),
                                   /*wait_store_ok=*/false)
                      .get()
                      .ok());
    }
  };
  put(1000);
  ASSERT_TRUE(master->Start("127.0.0.1", 0).ok());

  const int fd = ConnectTo(master->port());
  ASSERT_GE(fd, 0);
  WriteAll(fd, EncodeReport(kFileSize));
  put(300);  // while the loop streams the backlog

  const int64_t end = store->GetMaxPhyOffset();
  int64_t expected_offset = kFileSize;
  while (expected_offset < end) {
    auto header = DecodeTransferHeader(ReadN(fd, kTransferHeaderSize));
    ASSERT_TRUE(header.ok()) << "at " << expected_offset;
    ASSERT_EQ(header->offset, expected_offset);
    ASSERT_GT(header->body_size, 0);
    const std::string body = ReadN(fd, static_cast<size_t>(header->body_size));
    auto local = store->ReadCommitLogToFileEnd(header->offset);
    ASSERT_TRUE(local.ok());
    ASSERT_GE(local->bytes().size(), body.size());
    ASSERT_TRUE(body == local->bytes().substr(0, body.size())) << "at " << expected_offset;
    expected_offset += header->body_size;
  }
  EXPECT_EQ(expected_offset, end);
  close(fd);
}

TEST_F(HaLinkTest, MasterStreamsABacklogAndNewAppendsInOrder) {
  ExpectBacklogAndNewAppendsStreamedInOrder("/m");
}

// Files with a descriptor: the loop sends its frames with sendfile (in-memory files have
// none, so the test above covers the copying path).
TEST_F(HaLinkTest, MasterStreamsABacklogFromRealFilesInOrder) {
  store::TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  store_env_ = store::Env::Posix();
  ExpectBacklogAndNewAppendsStreamedInOrder(dir.path());
}

// A process that ignores SIGPIPE (the broker): the appender's direct pushes use sendfile
// too, from the thread that appended.
TEST_F(HaLinkTest, MasterStreamsABacklogFromRealFilesInOrderWhenSigpipeIsIgnored) {
  store::TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  store_env_ = store::Env::Posix();
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction previous {};
  ASSERT_EQ(sigaction(SIGPIPE, &ignore, &previous), 0);
  ExpectBacklogAndNewAppendsStreamedInOrder(dir.path());
  sigaction(SIGPIPE, &previous, nullptr);
}

TEST_F(HaLinkTest, MasterClosesALinkWhoseReportIsBeyondItsLog) {
  const auto config = Config("/m", "ASYNC_MASTER");
  auto store = Open(config);
  ASSERT_NE(store, nullptr);
  Fill(store.get());
  HaMaster master(store.get(), config);
  ASSERT_TRUE(master.Start("127.0.0.1", 0).ok());
  const int good = ConnectTo(master.port());
  const int bad = ConnectTo(master.port());
  ASSERT_GE(good, 0);
  ASSERT_GE(bad, 0);
  WriteAll(good, EncodeReport(store->GetMaxPhyOffset()));
  WriteAll(bad, "GET / HTTP/1.1\r\n");
  EXPECT_TRUE(ClosedByPeer(bad));
  // The other link stays: it still gets heartbeats.
  EXPECT_EQ(ReadN(good, kTransferHeaderSize),
            EncodeTransferHeader(TransferHeader{store->GetMaxPhyOffset(), 0}));
  EXPECT_TRUE(WaitFor([&] { return master.connection_count() == 1; }, milliseconds(2000)));
  close(good);
  close(bad);
}

// An ASYNC_MASTER's loop is not woken by each report: it reads them when it pushes (and
// at its tick), and still takes every acknowledgement and notices a slave that is gone.
TEST_F(HaLinkTest, AsyncMasterTakesReportsWhenItPushesAndNoticesAClosedSlave) {
  const auto config = Config("/m", "ASYNC_MASTER");
  std::unique_ptr<HaMaster> master;
  auto store = Open(config, [&](store::MessageStore* s) {
    master = std::make_unique<HaMaster>(s, config);
    s->SetAppendListener([m = master.get()] { m->NotifyAppended(); });
  });
  ASSERT_NE(store, nullptr);
  Fill(store.get());
  ASSERT_TRUE(master->Start("127.0.0.1", 0).ok());
  const int fd = ConnectTo(master->port());
  ASSERT_GE(fd, 0);
  const int64_t start = store->GetMaxPhyOffset();
  WriteAll(fd, EncodeReport(start));
  EXPECT_TRUE(WaitFor([&] { return master->replicated_offset() == start; }, milliseconds(2000)));

  for (int i = 0; i < 3; ++i) {
    const int64_t from = store->GetMaxPhyOffset();
    ASSERT_TRUE(store
                    ->PutMessage(store::EncodeTestMessage("T", 0, "async " + std::to_string(i)),
                                 /*wait_store_ok=*/false)
                    .get()
                    .ok());
    const int64_t end = store->GetMaxPhyOffset();
    int64_t received = from;
    while (received < end) {
      auto header = DecodeTransferHeader(ReadN(fd, kTransferHeaderSize));
      ASSERT_TRUE(header.ok());
      ASSERT_EQ(header->offset, received);
      ReadN(fd, static_cast<size_t>(header->body_size));
      received += header->body_size;
    }
    WriteAll(fd, EncodeReport(end));
    EXPECT_TRUE(WaitFor([&] { return master->replicated_offset() == end; }, milliseconds(2000)));
  }
  close(fd);
  EXPECT_TRUE(WaitFor([&] { return master->connection_count() == 0; }, milliseconds(2000)));
}

// A listening socket on an ephemeral port playing the master.
class FakeMaster {
 public:
  FakeMaster() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(listen_fd_, 4);
    socklen_t length = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length);
    port_ = ntohs(addr.sin_port);
  }
  ~FakeMaster() { close(listen_fd_); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Accepts the next connection (bounded).
  int Accept() {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 5000) != 1) return -1;
    return accept(listen_fd_, nullptr, nullptr);
  }

 private:
  int listen_fd_ = -1;
  uint16_t port_ = 0;
};

TEST_F(HaLinkTest, SlaveReportsAppliesAndDropsAFrameForAnotherOffset) {
  const std::string log = FilledMasterLog();
  ASSERT_FALSE(log.empty());

  FakeMaster fake;
  auto config = Config("/s", "SLAVE");
  config.ha_master_address = fake.address();
  auto store = Open(config);
  ASSERT_NE(store, nullptr);
  HaClient client(store.get(), config);
  ASSERT_TRUE(client.Start().ok());

  int fd = fake.Accept();
  ASSERT_GE(fd, 0);
  // An empty slave reports 0 at once.
  EXPECT_EQ(ReadN(fd, kReportSize), EncodeReport(0));
  // Two frames splitting a record; the slave reports its new end after them.
  const std::string_view data = log;
  const std::string first(data.substr(0, 500));
  const std::string second(data.substr(500, 700));
  WriteAll(fd, EncodeTransferHeader(TransferHeader{0, 500}) + first +
                   EncodeTransferHeader(TransferHeader{500, 700}) + second);
  std::string report;
  ASSERT_TRUE(WaitFor(
      [&] {
        report = ReadN(fd, kReportSize, milliseconds(100));
        return report == EncodeReport(1200);
      },
      milliseconds(3000)));
  EXPECT_EQ(store->GetMaxPhyOffset(), 1200);
  EXPECT_TRUE(client.connected());

  // A frame for an offset that is not the slave's end closes the link...
  WriteAll(fd, EncodeTransferHeader(TransferHeader{5000, 10}) + std::string(10, 'x'));
  EXPECT_TRUE(ClosedByPeer(fd));
  close(fd);
  EXPECT_EQ(store->GetMaxPhyOffset(), 1200);
  // ...and the slave comes back at once, asking for its own end.
  fd = fake.Accept();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadN(fd, kReportSize), EncodeReport(1200));
  close(fd);
  client.Shutdown();
}

TEST_F(HaLinkTest, SlaveReconnectsAtOnceWhenTheMasterClosesTheLink) {
  const std::string log = FilledMasterLog();
  ASSERT_FALSE(log.empty());

  FakeMaster fake;
  auto config = Config("/s", "SLAVE");
  config.ha_master_address = fake.address();
  // No heartbeat report (whose failed write would also end the link) and no housekeeping
  // within the test: only the read seeing the end of the stream can.
  config.ha_send_heartbeat_interval = 600000;
  config.ha_housekeeping_interval = 600000;
  auto store = Open(config);
  ASSERT_NE(store, nullptr);
  HaClient client(store.get(), config);
  ASSERT_TRUE(client.Start().ok());
  int fd = fake.Accept();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadN(fd, kReportSize), EncodeReport(0));
  const std::string first = log.substr(0, 800);
  WriteAll(fd, EncodeTransferHeader(TransferHeader{0, 800}) + first);
  ASSERT_TRUE(
      WaitFor([&] { return ReadN(fd, kReportSize, milliseconds(100)) == EncodeReport(800); },
              milliseconds(3000)));
  // The slave reads the socket itself, not through libevent: its end of the stream (EOF)
  // must still close the link, and a link that carried frames is reopened at once.
  close(fd);
  fd = fake.Accept();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadN(fd, kReportSize), EncodeReport(800));
  EXPECT_TRUE(WaitFor([&] { return client.connected(); }, milliseconds(3000)));
  close(fd);
  client.Shutdown();
}

TEST_F(HaLinkTest, SlaveAppliesAFrameThatArrivesInPiecesOnceItIsComplete) {
  const std::string log = FilledMasterLog();
  ASSERT_FALSE(log.empty());
  // Arriving in pieces, the frame is read in parts, the slave waiting for the rest with a
  // raised SO_RCVLOWAT.
  const std::string data = log.substr(0, 12000);
  ASSERT_EQ(data.size(), 12000u);

  FakeMaster fake;
  auto config = Config("/s", "SLAVE");
  config.ha_master_address = fake.address();
  auto store = Open(config);
  ASSERT_NE(store, nullptr);
  HaClient client(store.get(), config);
  ASSERT_TRUE(client.Start().ok());
  int fd = fake.Accept();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadN(fd, kReportSize), EncodeReport(0));

  // Reports of 0 (heartbeats) may come meanwhile; nothing is applied before the frame is whole.
  const auto reported = [&](int64_t offset) {
    return WaitFor(
        [&] { return ReadN(fd, kReportSize, milliseconds(100)) == EncodeReport(offset); },
        milliseconds(3000));
  };
  WriteAll(fd, EncodeTransferHeader(TransferHeader{0, 10000}) + data.substr(0, 3000));
  ReadN(fd, kReportSize, milliseconds(200));
  WriteAll(fd, data.substr(3000, 6000));
  ReadN(fd, kReportSize, milliseconds(200));
  EXPECT_EQ(store->GetMaxPhyOffset(), 0);
  WriteAll(fd, data.substr(9000, 1000));
  EXPECT_TRUE(reported(10000));
  EXPECT_EQ(store->GetMaxPhyOffset(), 10000);
  // A small frame after it still wakes the slave (the low-water mark went back down).
  WriteAll(fd, EncodeTransferHeader(TransferHeader{10000, 2000}) + data.substr(10000, 2000));
  EXPECT_TRUE(reported(12000));
  EXPECT_EQ(store->GetMaxPhyOffset(), 12000);
  close(fd);
  client.Shutdown();
}

}  // namespace
}  // namespace ha
}  // namespace rocketmq
