// A writer process under SYNC_FLUSH is killed with SIGKILL mid-stream; every message it
// saw acknowledged must be in the store when it is opened again.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>

#include "common/logging.h"
#include "protocol/big_endian.h"
#include "protocol/message_record.h"
#include "store/message_store.h"
#include "temp_dir.h"
#include "test_records.h"

namespace rocketmq {
namespace store {
namespace {

namespace be = protocol::big_endian;

MessageStoreConfig KillConfig(const std::string& root) {
  MessageStoreConfig c;
  c.store_path_root_dir = root;
  c.flush_disk_type = "SYNC_FLUSH";
  c.mapped_file_size_commit_log = 256 * 1024;
  c.mapped_file_size_consume_queue = 20 * 1000;
  c.max_message_size = 64 * 1024;
  c.max_hash_slot_num = 1000;
  c.max_index_num = 4000;
  // Real files on the host's disk, which may be fuller than the defaults' 85/90% allow: as the
  // process tests' brokers, these tests are not about disk space.
  c.disk_space_clean_forcibly_ratio = 99;
  c.disk_space_warning_level_ratio = 99;
  return c;
}

// The child: writes until killed, reporting each acknowledgement as 12 bytes
// (int32 message number, int64 CommitLog offset) on `fd`.
[[noreturn]] void RunWriter(const std::string& root, int fd) {
  logging::SetLevel(LogLevel::kError);
  MessageStore store(KillConfig(root), Env::Posix());
  if (!store.Start().ok()) _exit(2);
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  for (int32_t i = 0; i < 1000000; ++i) {
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return in_flight < 64; });
      in_flight++;
    }
    store.PutMessage(EncodeTestMessage("Kill", i % 4, "kill-" + std::to_string(i)), true,
                     [&, i](const PutMessageResult& r) {
                       if (r.ok()) {
                         char ack[12];
                         be::Store32(ack, static_cast<uint32_t>(i));
                         be::Store64(ack + 4, static_cast<uint64_t>(r.wrote_offset));
                         if (write(fd, ack, sizeof ack) != static_cast<ssize_t>(sizeof ack))
                           _exit(3);
                       }
                       std::lock_guard<std::mutex> lock(mu);
                       in_flight--;
                       cv.notify_one();
                     });
  }
  _exit(0);
}

TEST(KillTest, AcknowledgedMessagesSurviveSigkill) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    RunWriter(dir.path(), fds[1]);
  }
  close(fds[1]);

  std::map<int32_t, int64_t> acked;
  std::string pending;
  auto drain = [&](int timeout_ms) {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[4096];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) return false;
    pending.append(buf, static_cast<size_t>(n));
    while (pending.size() >= 12) {
      acked[static_cast<int32_t>(be::Load32(pending.data()))] =
          static_cast<int64_t>(be::Load64(pending.data() + 4));
      pending.erase(0, 12);
    }
    return true;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (acked.size() < 2000 && std::chrono::steady_clock::now() < deadline) drain(100);
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited early with status " << status;
  while (drain(0)) {
  }
  close(fds[0]);
  ASSERT_GT(acked.size(), 100u) << "the writer acknowledged too little before the kill";

  MessageStore store(KillConfig(dir.path()), Env::Posix());
  Status started = store.Start();
  ASSERT_TRUE(started.ok()) << started.ToString();
  EXPECT_TRUE(store.recovered_from_crash());
  for (const auto& [number, offset] : acked) {
    auto record = store.LookMessageByOffset(offset);
    ASSERT_TRUE(record.ok()) << "acknowledged message " << number << ": "
                             << record.status().ToString();
    auto decoded = protocol::DecodeMessageRecord(record->bytes(), true);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(decoded->body, "kill-" + std::to_string(number));
  }
  // The queues hold at least every acknowledged message, in a gap-free sequence.
  int64_t total = 0;
  for (int q = 0; q < 4; ++q) total += store.GetMaxOffsetInQueue("Kill", q);
  EXPECT_GE(total, static_cast<int64_t>(acked.size()));
}

}  // namespace
}  // namespace store
}  // namespace rocketmq
