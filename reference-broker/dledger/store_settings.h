// How a broker's settings (Apache's MessageStoreConfig keys) become a DLedger member's
// configuration, as RocketMQ 4.9.7's DLedgerCommitLog does: group = dLegerGroup, peers =
// dLegerPeers, self id = dLegerSelfId, store base = storePathRootDir (so the member's files
// are <root>/dledger-<selfId>/{data,index,checkpoint,currterm}), data file size =
// mappedFileSizeCommitLog; DLedger's timing settings keep their defaults (4.9.7 does not
// expose them either).
#ifndef ROCKETMQ_DLEDGER_STORE_SETTINGS_H_
#define ROCKETMQ_DLEDGER_STORE_SETTINGS_H_

#include <cstdint>

#include "dledger/config.h"
#include "rocketmq/status.h"
#include "store/message_store_config.h"

namespace rocketmq {
namespace dledger {

// The member's configuration, or InvalidArgument naming the broker key to fix.
Result<DLedgerConfig> DLedgerConfigFromStore(const store::MessageStoreConfig& store);

// The brokerId a member registers with: 0 as leader (master), the number in its self id
// plus one as follower (slave), as DLedgerRoleChangeHandler computes it.
int64_t BrokerIdFor(const std::string& self_id, bool leader);

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_STORE_SETTINGS_H_
