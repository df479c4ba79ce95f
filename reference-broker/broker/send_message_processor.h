// SendMessageProcessor: SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE
// (320) — Apache SendMessageProcessor (protocol.md §5.5, §5.6).
//
// Flow: decode the header (V1 or V2 keys) → check broker and topic permissions, the topic
// name and reserved topics → find the topic or auto-create it from the template (TBW102) →
// check or pick the queue → %RETRY% sends beyond maxReconsumeTimes go to %DLQ% → build
// CommitLog records (UNIQ_KEY filled in if missing, CLUSTER added, born host = the
// client's address, store host = brokerIP1:port, body CRC) → hand them to the store. The
// answer is written when the store acknowledges (stored, or flushed under SYNC_FLUSH), on
// the store's thread, so no executor thread waits for the disk.
//
// Store outcomes map to Apache's codes: PUT_OK → SUCCESS, FLUSH_DISK_TIMEOUT → 10, ...,
// MESSAGE_ILLEGAL → 13, SERVICE_NOT_AVAILABLE → 14, others SYSTEM_ERROR.
#ifndef ROCKETMQ_BROKER_SEND_MESSAGE_PROCESSOR_H_
#define ROCKETMQ_BROKER_SEND_MESSAGE_PROCESSOR_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {

class BrokerController;

class SendMessageProcessor : public remoting::RequestProcessor {
 public:
  explicit SendMessageProcessor(BrokerController* broker) : broker_(broker) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override;
  // Sends to an existing topic only compute and queue the records for the store's appender:
  // they run on the I/O thread. Creating a topic or a retry group writes a config file, so
  // those stay on the send executor.
  bool CanProcessInline(const remoting::RemotingCommand& request) const override;
  // A send whose fields stay in the bytes of its binary header decodes them once to decide.
  std::optional<remoting::ProcessResult> ProcessIfInline(
      const std::shared_ptr<remoting::Connection>& connection,
      remoting::RemotingCommand& request) override;

 private:
  bool ServesInline(std::string_view topic) const;

  BrokerController* const broker_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SEND_MESSAGE_PROCESSOR_H_
