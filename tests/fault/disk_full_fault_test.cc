// A disk that fills up under a broker: the store lives on a 16 MiB tmpfs mounted in a
// private mount namespace of the broker process (unshare -m; needs root, skipped without).
// Sends are refused with SERVICE_NOT_AVAILABLE once the disk passes
// diskSpaceWarningLevelRatio; nothing acknowledged is lost, the broker keeps serving reads,
// and once a consumer group has read everything the space is reclaimed and sends resume.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broker/broker_cluster.h"
#include "common/clock.h"
#include "fault_support.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace {

namespace ResponseCode = protocol::ResponseCode;
using remoting::RemotingCommand;
using std::chrono::milliseconds;
using testing::BrokerCluster;

constexpr char kUnshare[] = "/usr/bin/unshare";
constexpr int kQueues = 4;

// The broker runs as: unshare -m --propagation private sh -c 'mount tmpfs on the store; exec
// broker ...'. The mount exists only in the broker's namespace and goes with it.
std::vector<std::string> TmpfsWrapper(const std::string& size) {
  return {kUnshare,
          "-m",
          "--propagation",
          "private",
          "sh",
          "-c",
          "mount -t tmpfs -o size=" + size + " rmq-fault \"$0\" && exec \"$@\"",
          "{store}"};
}

bool CanMountTmpfs() {
  auto dir = testing::TempDir::Create("rmq-fault-mount");
  if (!dir.ok()) return false;
  auto probe = testing::ChildProcess::Spawn(
      kUnshare, {"-m", "--propagation", "private", "sh", "-c",
                 "mount -t tmpfs -o size=1m rmq-probe \"$0\"", dir->path()});
  if (!probe.ok()) return false;
  auto rc = (*probe)->WaitForExit(milliseconds(5000));
  return rc.ok() && *rc == 0;
}

Status CommitOffset(BrokerCluster* cluster, const std::string& group, const std::string& topic,
                    int32_t queue_id, int64_t offset) {
  protocol::UpdateConsumerOffsetRequestHeader update;
  update.consumer_group = group;
  update.topic = topic;
  update.queue_id = queue_id;
  update.commit_offset = offset;
  auto response = cluster->Call(RemotingCommand::CreateRequest(
      protocol::RequestCode::kUpdateConsumerOffset, update.Encode()));
  if (!response.ok()) return response.status();
  if (response->code() != ResponseCode::kSuccess) return Status::Internal(response->ToString());
  return Status::OK();
}

Result<int64_t> MaxOffset(BrokerCluster* cluster, const std::string& topic, int32_t queue_id) {
  protocol::GetMaxOffsetRequestHeader header;
  header.topic = topic;
  header.queue_id = queue_id;
  auto response = cluster->Call(
      RemotingCommand::CreateRequest(protocol::RequestCode::kGetMaxOffset, header.Encode()));
  if (!response.ok()) return response.status();
  auto answer = protocol::OffsetResponseHeader::Decode(response->ext_fields());
  if (!answer.ok()) return answer.status();
  return answer->offset;
}

TEST(DiskFullFaultTest, AFullDiskRefusesSendsLosesNothingAcknowledgedAndRecovers) {
  if (!CanMountTmpfs()) GTEST_SKIP() << "cannot mount a tmpfs in a private mount namespace";
  auto started = BrokerCluster::Start(
      {"--mappedFileSizeCommitLog=2097152", "--maxMessageSize=65536", "--maxHashSlotNum=1000",
       "--maxIndexNum=4000", "--cleanResourceInterval=100"},
      TmpfsWrapper("16m"));
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  BrokerCluster& cluster = **started;

  // A consumer group that has read nothing yet: its messages must never be deleted to make
  // room, so the disk really fills.
  const std::string topic = "FullTopic";
  std::set<std::string> acknowledged;
  for (int q = 0; q < kQueues; ++q) {
    const std::string first = "first-" + std::to_string(q);
    ASSERT_EQ(cluster.Send(topic, first, "", q)->code(), ResponseCode::kSuccess);
    acknowledged.insert(first);
    ASSERT_TRUE(CommitOffset(&cluster, "FullGroup", topic, q, 0).ok());
  }

  std::set<std::string> failed;
  RemotingCommand refusal;
  bool refused = false;
  // 16 MiB of 4 KiB messages is about 4000; the bound leaves room for the ConsumeQueues.
  for (int i = 0; i < 8000 && !refused; ++i) {
    const std::string body = testing::NoisyBody("full", i, 4096);
    auto response = cluster.Send(topic, body, "", i % kQueues);
    ASSERT_TRUE(response.ok()) << "send " << i << ": " << response.status().ToString();
    if (response->code() == ResponseCode::kSuccess) {
      acknowledged.insert(body);
    } else {
      failed.insert(body);
      refusal = *response;
      refused = true;
    }
  }
  ASSERT_TRUE(refused) << "the disk never filled";
  // Either the disk-usage check refused first, or the next CommitLog file could not be made
  // (Apache's CREATE_MAPEDFILE_FAILED answer): which one wins depends on how fast the last
  // megabytes fill between two checks.
  EXPECT_TRUE(refusal.code() == ResponseCode::kServiceNotAvailable ||
              refusal.code() == ResponseCode::kSystemError)
      << refusal.ToString();
  EXPECT_NE(refusal.remark().value_or("").find("disk"), std::string::npos) << refusal.ToString();
  EXPECT_GT(acknowledged.size(), 1000u);
  // Still refused a moment later (not a passing error), and the broker is alive.
  EXPECT_NE(cluster.Send(topic, "still full", "", 0)->code(), ResponseCode::kSuccess);
  ASSERT_TRUE(cluster.broker().Running()) << cluster.broker().StderrText();

  // What was lost: nothing acknowledged; reads are served from the full disk.
  auto stored = testing::PullAllBodies(&cluster, topic, kQueues);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  const testing::LossReport report = testing::CompareStored(acknowledged, failed, *stored);
  ::testing::Test::RecordProperty("loss", report.ToString());
  EXPECT_EQ(report.lost, 0u) << report.ToString();
  EXPECT_EQ(report.duplicated, 0u) << report.ToString();
  EXPECT_EQ(report.unknown, 0u) << report.ToString();
  EXPECT_EQ(report.stored_unacknowledged, 0u) << report.ToString();

  // The group reads everything: the old CommitLog files may go, and sends resume.
  for (int q = 0; q < kQueues; ++q) {
    auto max = MaxOffset(&cluster, topic, q);
    ASSERT_TRUE(max.ok()) << max.status().ToString();
    ASSERT_TRUE(CommitOffset(&cluster, "FullGroup", topic, q, *max).ok());
  }
  const auto deadline = clock::Deadline::After(milliseconds(15000));
  bool resumed = false;
  while (!resumed && !deadline.Expired()) {
    auto response = cluster.Send(topic, "after", "", 0);
    resumed = response.ok() && response->code() == ResponseCode::kSuccess;
    if (!resumed) std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_TRUE(resumed) << "sends were still refused after the group consumed everything";
  EXPECT_TRUE(cluster.broker().Running());
}

}  // namespace
}  // namespace rocketmq
