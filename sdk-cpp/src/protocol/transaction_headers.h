// Transaction headers (protocol.md §3.8): END_TRANSACTION (37, producer -> broker, oneway)
// and CHECK_TRANSACTION_STATE (39, broker -> producer, oneway; the body is the half message
// in CommitLog record form).
#ifndef ROCKETMQ_PROTOCOL_TRANSACTION_HEADERS_H_
#define ROCKETMQ_PROTOCOL_TRANSACTION_HEADERS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/header_codec.h"

namespace rocketmq {
namespace protocol {

struct EndTransactionRequestHeader : HeaderBase<EndTransactionRequestHeader> {
  static constexpr char kName[] = "EndTransactionRequestHeader";
  std::string producer_group;           // must equal the half message's PGROUP
  int64_t tran_state_table_offset = 0;  // half message queue offset
  int64_t commit_log_offset = 0;        // half message commit-log offset
  // MessageSysFlag transaction type: kTransactionNotType (unknown), kTransactionCommitType,
  // kTransactionRollbackType.
  int32_t commit_or_rollback = 0;
  bool from_transaction_check = false;  // answering CHECK_TRANSACTION_STATE
  std::string msg_id;                   // UNIQ_KEY
  std::optional<std::string> transaction_id;
  std::optional<std::string> topic;        // dev
  std::optional<std::string> broker_name;  // bname

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("producerGroup", self.producer_group);
    v.Required("tranStateTableOffset", self.tran_state_table_offset);
    v.Required("commitLogOffset", self.commit_log_offset);
    v.Required("commitOrRollback", self.commit_or_rollback);
    v.Defaulted("fromTransactionCheck", self.from_transaction_check);
    v.Required("msgId", self.msg_id);
    v.Optional("transactionId", self.transaction_id);
    v.Optional("topic", self.topic);
    v.Optional("bname", self.broker_name);
  }
};

struct CheckTransactionStateRequestHeader : HeaderBase<CheckTransactionStateRequestHeader> {
  static constexpr char kName[] = "CheckTransactionStateRequestHeader";
  int64_t tran_state_table_offset = 0;  // of the re-appended half message copy
  int64_t commit_log_offset = 0;
  std::optional<std::string> msg_id;          // UNIQ_KEY
  std::optional<std::string> transaction_id;  // = msg_id
  std::optional<std::string> offset_msg_id;
  std::optional<std::string> topic;        // dev
  std::optional<std::string> broker_name;  // bname, 4.9.5+

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("tranStateTableOffset", self.tran_state_table_offset);
    v.Required("commitLogOffset", self.commit_log_offset);
    v.Optional("msgId", self.msg_id);
    v.Optional("transactionId", self.transaction_id);
    v.Optional("offsetMsgId", self.offset_msg_id);
    v.Optional("topic", self.topic);
    v.Optional("bname", self.broker_name);
  }
};

// Legacy; Java never sends it but the class exists.
struct CheckTransactionStateResponseHeader : HeaderBase<CheckTransactionStateResponseHeader> {
  static constexpr char kName[] = "CheckTransactionStateResponseHeader";
  std::string producer_group;
  int64_t tran_state_table_offset = 0;
  int64_t commit_log_offset = 0;
  int32_t commit_or_rollback = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("producerGroup", self.producer_group);
    v.Required("tranStateTableOffset", self.tran_state_table_offset);
    v.Required("commitLogOffset", self.commit_log_offset);
    v.Required("commitOrRollback", self.commit_or_rollback);
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_TRANSACTION_HEADERS_H_
