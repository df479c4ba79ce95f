// PullMessageProcessor: PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361) — Apache
// PullMessageProcessor (protocol.md §8.1, §8.2).
//
// Checks, in Apache's order: broker readable → subscription group (auto-created) →
// consumption enabled → topic exists and readable → queue id → subscription (from the
// request with the subscription flag, else from the group's heartbeat; not there →
// SUBSCRIPTION_NOT_EXIST, older than the request → SUBSCRIPTION_NOT_LATEST) → for SQL92,
// the selector (compiled from the request, else the group's registered one:
// FILTER_DATA_NOT_EXIST / FILTER_DATA_NOT_LATEST) and enablePropertyFilter (else
// SYSTEM_ERROR). Then the store is read with the filter (filter/expression_message_filter.h:
// tags codes, or the selector over each message's properties; retry topics by the original
// topic's selector with filterSupportRetry) and its status mapped:
//   FOUND → SUCCESS (body = the records, referenced in the mapped CommitLog, not copied);
//   NO_MATCHED_MESSAGE → PULL_RETRY_IMMEDIATELY; caught up → PULL_NOT_FOUND, which with
//   the suspend flag is held by the PullRequestHoldService instead of answered;
//   impossible offsets → PULL_OFFSET_MOVED with the offset to continue from.
// A commit offset carried by the pull (flag bit 0) is stored for the group on masters.
//
// Threads: a pull that can be answered from memory runs on the I/O thread that read it
// (CanProcessInline), and so does the re-run of a held pull (on its connection's thread);
// the others run on the `pull` executor. A thread hand-off costs more than the pull itself.
#ifndef ROCKETMQ_BROKER_PULL_MESSAGE_PROCESSOR_H_
#define ROCKETMQ_BROKER_PULL_MESSAGE_PROCESSOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "protocol/heartbeat_data.h"
#include "protocol/pull_headers.h"
#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {

class BrokerController;

class PullMessageProcessor : public remoting::RequestProcessor {
 public:
  // Pulls further behind are read on the executor: the reads of a lagging consumer are
  // larger and their data may have left memory.
  static constexpr int64_t kInlineBacklog = 64;

  explicit PullMessageProcessor(BrokerController* broker) : broker_(broker) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override {
    return ProcessPull(connection, request, true);
  }

  // True for a pull that never waits: its group exists (creating one writes a file), its
  // filter is by tags, and it is caught up or at most kInlineBacklog messages behind, in
  // the part of the CommitLog accessMessageInMemoryMaxRatio deems in memory.
  bool CanProcessInline(const remoting::RemotingCommand& request) const override;
  // The same decision over the decoded header, which the inline pull then uses: the header
  // is decoded once. A pull left to the executor keeps its header fields.
  std::optional<remoting::ProcessResult> ProcessIfInline(
      const std::shared_ptr<remoting::Connection>& connection,
      remoting::RemotingCommand& request) override;
  // The store side of it: whether a pull of `topic`/`queue_id` from `offset` reads memory.
  bool ReadsFromMemory(const std::string& topic, int32_t queue_id, int64_t offset) const;

  // A request that is held is moved into the holder, with its decoded header.
  remoting::ProcessResult ProcessPull(const std::shared_ptr<remoting::Connection>& connection,
                                      remoting::RemotingCommand& request, bool allow_suspend);
  // `request` with its header decoded. `allow_suspend` false for re-runs of held requests:
  // they are answered either way and do not commit offsets again. A re-run passes the
  // subscription its pull was parked with (`parked_subscription`, moved from): when the
  // pull carries its subscription, it is the one the same header built then (building it
  // again from the tag expression cost ~400 instructions per woken pull).
  remoting::ProcessResult ProcessDecoded(const std::shared_ptr<remoting::Connection>& connection,
                                         remoting::RemotingCommand& request,
                                         protocol::PullMessageRequestHeader& header,
                                         bool allow_suspend,
                                         protocol::SubscriptionData* parked_subscription = nullptr);

 private:
  // ReadsFromMemory over the request's fields (false when one is missing or malformed).
  bool ReadsFromMemory(const remoting::RemotingCommand& request) const;
  // CanProcessInline's other tests, over the fields however they were read.
  bool ServesInline(const std::string& group, const std::string* expression_type) const;

  BrokerController* const broker_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_PULL_MESSAGE_PROCESSOR_H_
