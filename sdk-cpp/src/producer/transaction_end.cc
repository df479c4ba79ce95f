#include "producer/transaction_end.h"

#include "protocol/message_id.h"
#include "protocol/message_sysflag.h"
#include "protocol/request_code.h"

namespace rocketmq {
namespace client {

namespace sf = protocol::MessageSysFlag;

int32_t CommitOrRollbackOf(TransactionState state) {
  switch (state) {
    case TransactionState::kCommit:
      return sf::kTransactionCommitType;
    case TransactionState::kRollback:
      return sf::kTransactionRollbackType;
    case TransactionState::kUnknown:
      break;
  }
  return sf::kTransactionNotType;
}

Result<protocol::EndTransactionRequestHeader> EndHeaderForSend(const SendResult& sent,
                                                               const std::string& group,
                                                               TransactionState state) {
  auto id = protocol::DecodeOffsetMessageId(sent.offset_message_id);
  if (!id.ok()) {
    return id.status().WithContext("the offset message id '" + sent.offset_message_id +
                                   "' of half message " + sent.message_id +
                                   " gives no commit-log offset");
  }
  protocol::EndTransactionRequestHeader header;
  header.producer_group = group;
  header.tran_state_table_offset = sent.queue_offset;
  header.commit_log_offset = id->commit_log_offset;
  header.commit_or_rollback = CommitOrRollbackOf(state);
  header.from_transaction_check = false;
  header.msg_id = sent.message_id;
  if (!sent.transaction_id.empty()) header.transaction_id = sent.transaction_id;
  header.broker_name = sent.queue.broker_name;
  return header;
}

protocol::EndTransactionRequestHeader EndHeaderForCheck(const TransactionCheck& check,
                                                        const std::string& group,
                                                        TransactionState state) {
  protocol::EndTransactionRequestHeader header;
  header.producer_group = group;
  header.tran_state_table_offset = check.header.tran_state_table_offset;
  header.commit_log_offset = check.header.commit_log_offset;
  header.commit_or_rollback = CommitOrRollbackOf(state);
  header.from_transaction_check = true;
  header.msg_id = check.message.msg_id();
  header.transaction_id = check.header.transaction_id;
  header.broker_name = check.header.broker_name;
  return header;
}

remoting::RemotingCommand BuildEndTransactionRequest(
    const protocol::EndTransactionRequestHeader& header, std::optional<std::string> remark) {
  auto request = remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kEndTransaction,
                                                          header.Encode());
  request.set_remark(std::move(remark));
  return request;
}

}  // namespace client
}  // namespace rocketmq
