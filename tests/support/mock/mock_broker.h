// MockBroker: an in-process broker for SDK tests, on a real RemotingServer bound to
// 127.0.0.1 (ephemeral port). It answers SEND_MESSAGE_V2, SEND_BATCH_MESSAGE, HEART_BEAT
// and UNREGISTER_CLIENT like a broker that stores everything, records every request, and
// can be told to misbehave: answer error codes, answer slowly, never answer, or die.
#ifndef ROCKETMQ_TESTS_SUPPORT_MOCK_MOCK_BROKER_H_
#define ROCKETMQ_TESTS_SUPPORT_MOCK_MOCK_BROKER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "protocol/ext_fields.h"
#include "remoting/remoting_server.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace mock {

// One request as the broker received it.
struct ReceivedRequest {
  int32_t code = 0;
  protocol::ExtFields ext_fields;
  std::string body;
};

class MockBroker {
 public:
  explicit MockBroker(std::string name);
  ~MockBroker();
  MockBroker(const MockBroker&) = delete;
  MockBroker& operator=(const MockBroker&) = delete;

  Status Start();
  // Closes the listener and every connection: later sends fail to connect.
  void Stop();

  const std::string& name() const { return name_; }
  // "127.0.0.1:<port>".
  std::string address() const;

  // The next `count` sends are answered with `code` and `remark` (not stored).
  void FailNextSends(int count, int32_t code, std::string remark = "mock failure");
  // Stored sends are answered with this code (default SUCCESS; e.g. FLUSH_DISK_TIMEOUT).
  void SetStoredCode(int32_t code);
  // Stored sends are answered without this field of their header (a malformed answer).
  void SetAnswerOmits(std::string field);
  // Every send is answered after this delay.
  void SetLatency(std::chrono::milliseconds latency);
  // Sends are received but never answered (the client times out).
  void SetSilent(bool silent);
  // The MQVersion ordinal stamped on heartbeat answers (default: this implementation's);
  // e.g. 407 to look like Apache 4.9.7.
  void SetVersion(int32_t version);
  // Off: requests are answered but not kept (long benchmark runs).
  void SetRecording(bool recording);

  // SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE requests received, in arrival order.
  std::vector<ReceivedRequest> sends() const;
  std::vector<ReceivedRequest> heartbeats() const;
  std::vector<ReceivedRequest> unregisters() const;
  size_t send_count() const;
  // Waits, bounded by `timeout`, until at least `count` sends / heartbeats have arrived.
  bool WaitForSends(size_t count, std::chrono::milliseconds timeout);
  bool WaitForHeartbeats(size_t count, std::chrono::milliseconds timeout);

 private:
  remoting::ProcessResult OnSend(const std::shared_ptr<remoting::Connection>& connection,
                                 remoting::RemotingCommand& request);
  remoting::ProcessResult Record(std::vector<ReceivedRequest>* into,
                                 remoting::RemotingCommand& request);

  const std::string name_;
  std::unique_ptr<remoting::RemotingServer> server_;
  mutable std::mutex mu_;
  std::condition_variable received_;
  std::vector<ReceivedRequest> sends_;
  std::vector<ReceivedRequest> heartbeats_;
  std::vector<ReceivedRequest> unregisters_;
  int fail_count_ = 0;
  int32_t fail_code_ = 0;
  std::string fail_remark_;
  int32_t stored_code_ = 0;
  std::string omitted_field_;
  std::chrono::milliseconds latency_{0};
  bool silent_ = false;
  bool recording_ = true;
  int32_t version_ = remoting::kDefaultVersion;
  std::map<int, int64_t> next_queue_offset_;
  int64_t next_commit_offset_ = 0;
};

}  // namespace mock
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_SUPPORT_MOCK_MOCK_BROKER_H_
