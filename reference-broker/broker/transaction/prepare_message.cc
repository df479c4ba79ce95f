#include "broker/transaction/prepare_message.h"

#include "broker/transaction/half_message.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace transaction {

std::optional<remoting::RemotingCommand> PrepareMessage(bool reject, const std::string& broker_addr,
                                                        std::string_view properties,
                                                        int32_t sys_flag, std::string* record) {
  if (!IsTransactionalSend(properties, sys_flag)) return std::nullopt;
  if (reject) {
    return remoting::RemotingCommand::CreateResponse(
        protocol::ResponseCode::kNoPermission,
        "the broker[" + broker_addr + "] sending transaction message is forbidden");
  }
  auto half = ToHalfMessage(*record);
  if (!half.ok()) {
    return remoting::RemotingCommand::CreateResponse(protocol::ResponseCode::kMessageIllegal,
                                                     half.status().message());
  }
  *record = std::move(*half);
  return std::nullopt;
}

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
