// transaction_bench: the cost of a transactional message on a running broker, driven over
// the remoting protocol as Java's TransactionMQProducer drives it, one transaction at a
// time on one connection:
//
//   transaction_bench HOST:PORT [transactions=2000] [body bytes=128]
//
// Each transaction is a half message (SEND_MESSAGE_V2, TRAN_MSG=true, PREPARED) followed by
// END_TRANSACTION(COMMIT) awaiting the broker's answer (Java sends it oneway; waiting makes
// the commit's cost visible). Prints transactions/s and p50 / p99 / max of the half send,
// the commit and the whole transaction, then checks every committed message reached the
// topic.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "protocol/transaction_headers.h"
#include "remoting/remoting_client.h"

namespace {

using rocketmq::remoting::RemotingCommand;
namespace rq = rocketmq::protocol::RequestCode;
namespace rc = rocketmq::protocol::ResponseCode;
namespace sysflag = rocketmq::protocol::MessageSysFlag;
constexpr std::chrono::seconds kTimeout{5};

void PrintPercentiles(const char* what, std::vector<int64_t> us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  const auto at = [&](double q) { return us[static_cast<size_t>(q * (us.size() - 1))]; };
  std::printf("%-12s p50 %6lld us  p99 %6lld us  max %6lld us\n", what,
              static_cast<long long>(at(0.5)), static_cast<long long>(at(0.99)),
              static_cast<long long>(us.back()));
}

int64_t MaxOffset(rocketmq::remoting::RemotingClient* client, const std::string& addr,
                  const std::string& topic) {
  rocketmq::protocol::GetMaxOffsetRequestHeader header;
  header.topic = topic;
  header.queue_id = 0;
  auto response = client->InvokeSync(
      addr, RemotingCommand::CreateRequest(rq::kGetMaxOffset, header.Encode()), kTimeout);
  if (!response.ok()) return -1;
  auto answer = rocketmq::protocol::OffsetResponseHeader::Decode(response->ext_fields());
  return answer.ok() ? answer->offset : -1;
}

int Run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: transaction_bench HOST:PORT [transactions] [body bytes]\n");
    return 2;
  }
  const std::string addr = argv[1];
  const int total = argc > 2 ? std::atoi(argv[2]) : 2000;
  const size_t body_size = argc > 3 ? static_cast<size_t>(std::atoi(argv[3])) : 128;
  const std::string suffix = std::to_string(rocketmq::clock::WallMillis() % 100000);
  const std::string topic = "TxnBench" + suffix;
  const std::string group = "PG-TxnBench" + suffix;
  const std::string body(body_size, 'x');

  rocketmq::remoting::RemotingClient client(rocketmq::remoting::RemotingClientOptions{});
  if (!client.Start().ok()) return 1;

  std::vector<int64_t> half_us, commit_us, total_us;
  int failed = 0;
  const int64_t start_ns = rocketmq::clock::MonotonicNanos();
  for (int i = 0; i < total; ++i) {
    const int64_t t0 = rocketmq::clock::MonotonicNanos();
    rocketmq::protocol::SendMessageRequestHeader send;
    send.producer_group = group;
    send.topic = topic;
    send.queue_id = 0;
    send.sys_flag = sysflag::kTransactionPreparedType;
    send.born_timestamp = rocketmq::clock::WallMillis();
    const std::string uniq = "TXNBENCH" + suffix + "-" + std::to_string(i);
    std::string props;
    rocketmq::protocol::AppendProperty(&props, "TRAN_MSG", "true");
    rocketmq::protocol::AppendProperty(&props, "PGROUP", group);
    rocketmq::protocol::AppendProperty(&props, "UNIQ_KEY", uniq);
    send.properties = props;
    auto request = RemotingCommand::CreateRequest(rq::kSendMessageV2, send.EncodeV2());
    request.set_body(body);
    auto sent = client.InvokeSync(addr, std::move(request), kTimeout);
    if (!sent.ok() || sent->code() != rc::kSuccess) {
      ++failed;
      continue;
    }
    auto answer = rocketmq::protocol::SendMessageResponseHeader::Decode(sent->ext_fields());
    auto id = answer.ok() ? rocketmq::protocol::DecodeOffsetMessageId(answer->msg_id)
                          : rocketmq::Result<rocketmq::protocol::OffsetMessageId>(answer.status());
    if (!id.ok()) {
      ++failed;
      continue;
    }
    const int64_t t1 = rocketmq::clock::MonotonicNanos();
    rocketmq::protocol::EndTransactionRequestHeader end;
    end.producer_group = group;
    end.tran_state_table_offset = answer->queue_offset;
    end.commit_log_offset = id->commit_log_offset;
    end.commit_or_rollback = sysflag::kTransactionCommitType;
    end.msg_id = uniq;
    end.transaction_id = uniq;
    auto committed = client.InvokeSync(
        addr, RemotingCommand::CreateRequest(rq::kEndTransaction, end.Encode()), kTimeout);
    if (!committed.ok() || committed->code() != rc::kSuccess) {
      ++failed;
      continue;
    }
    const int64_t t2 = rocketmq::clock::MonotonicNanos();
    half_us.push_back((t1 - t0) / 1000);
    commit_us.push_back((t2 - t1) / 1000);
    total_us.push_back((t2 - t0) / 1000);
  }
  const double seconds = static_cast<double>(rocketmq::clock::MonotonicNanos() - start_ns) / 1e9;
  std::printf("%d transactions (%zu-byte bodies) in %.2f s: %.0f tx/s, %d failed\n", total,
              body_size, seconds, static_cast<double>(total - failed) / seconds, failed);
  PrintPercentiles("half send", half_us);
  PrintPercentiles("commit", commit_us);
  PrintPercentiles("transaction", total_us);

  // Every commit must reach the topic exactly once.
  const int64_t expected = static_cast<int64_t>(total_us.size());
  int64_t seen = -1;
  const auto deadline = rocketmq::clock::Deadline::After(std::chrono::milliseconds(5000));
  while (!deadline.Expired() && (seen = MaxOffset(&client, addr, topic)) < expected) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::printf("committed messages in %s: %lld (expected %lld)\n", topic.c_str(),
              static_cast<long long>(seen), static_cast<long long>(expected));
  client.Shutdown();
  return failed == 0 && seen == expected ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
