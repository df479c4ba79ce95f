// ResponseCode: the `code` of every remoting response (RemotingSysResponseCode and
// ResponseCode of Apache RocketMQ, protocol.md §2.4). Names follow Apache's with a k prefix.
//
// Codes 209..211 mean different things in 4.9.8 (ACL failures) and 5.x (polling results);
// both names are defined with the same value, so code reading a response must know which
// generation of peer it talks to before interpreting them.
#ifndef ROCKETMQ_PROTOCOL_RESPONSE_CODE_H_
#define ROCKETMQ_PROTOCOL_RESPONSE_CODE_H_

#include <cstdint>

namespace rocketmq {
namespace protocol {

namespace ResponseCode {

// RemotingSysResponseCode: generic outcomes any processor may return.
constexpr int32_t kSuccess = 0;
constexpr int32_t kSystemError = 1;
constexpr int32_t kSystemBusy = 2;
constexpr int32_t kRequestCodeNotSupported = 3;
constexpr int32_t kTransactionFailed = 4;

// ResponseCode: business outcomes.
constexpr int32_t kFlushDiskTimeout = 10;
constexpr int32_t kSlaveNotAvailable = 11;
constexpr int32_t kFlushSlaveTimeout = 12;
constexpr int32_t kMessageIllegal = 13;
constexpr int32_t kServiceNotAvailable = 14;
constexpr int32_t kVersionNotSupported = 15;
constexpr int32_t kNoPermission = 16;
constexpr int32_t kTopicNotExist = 17;
constexpr int32_t kTopicExistAlready = 18;
constexpr int32_t kPullNotFound = 19;
constexpr int32_t kPullRetryImmediately = 20;
constexpr int32_t kPullOffsetMoved = 21;
constexpr int32_t kQueryNotFound = 22;
constexpr int32_t kSubscriptionParseFailed = 23;
constexpr int32_t kSubscriptionNotExist = 24;
constexpr int32_t kSubscriptionNotLatest = 25;
constexpr int32_t kSubscriptionGroupNotExist = 26;
constexpr int32_t kFilterDataNotExist = 27;
constexpr int32_t kFilterDataNotLatest = 28;
constexpr int32_t kInvalidParameter = 29;
constexpr int32_t kTransactionShouldCommit = 200;
constexpr int32_t kTransactionShouldRollback = 201;
constexpr int32_t kTransactionStateUnknow = 202;
constexpr int32_t kTransactionStateGroupWrong = 203;
constexpr int32_t kNoBuyerId = 204;
constexpr int32_t kNotInCurrentUnit = 205;
constexpr int32_t kConsumerNotOnline = 206;
constexpr int32_t kConsumeMsgTimeout = 207;
constexpr int32_t kNoMessage = 208;
// 5.x meanings of 209..211.
constexpr int32_t kPollingFull = 209;
constexpr int32_t kPollingTimeout = 210;
constexpr int32_t kBrokerNotExist = 211;
// 4.9.8 meanings of 209..211.
constexpr int32_t kUpdateAndCreateAclConfigFailed = 209;
constexpr int32_t kDeleteAclConfigFailed = 210;
constexpr int32_t kUpdateGlobalWhiteAddrsConfigFailed = 211;
constexpr int32_t kBrokerDispatchNotComplete = 212;
constexpr int32_t kBroadcastConsumption = 213;
constexpr int32_t kFlowControl = 215;
constexpr int32_t kNotLeaderForQueue = 501;
constexpr int32_t kIllegalOperation = 604;
// Client-local outcomes of an RPC that never got a response (dev); never sent on the wire.
constexpr int32_t kRpcUnknown = -1000;
constexpr int32_t kRpcAddrIsNull = -1002;
constexpr int32_t kRpcSendToChannelFailed = -1004;
constexpr int32_t kRpcTimeOut = -1006;
constexpr int32_t kGoAway = 1500;
// Controller (dev).
constexpr int32_t kControllerFencedMasterEpoch = 2000;
constexpr int32_t kControllerFencedSyncStateSetEpoch = 2001;
constexpr int32_t kControllerInvalidMaster = 2002;
constexpr int32_t kControllerInvalidReplicas = 2003;
constexpr int32_t kControllerMasterNotAvailable = 2004;
constexpr int32_t kControllerInvalidRequest = 2005;
constexpr int32_t kControllerBrokerNotAlive = 2006;
constexpr int32_t kControllerNotLeader = 2007;
constexpr int32_t kControllerBrokerMetadataNotExist = 2008;
constexpr int32_t kControllerInvalidCleanBrokerMetadata = 2009;
constexpr int32_t kControllerBrokerNeedToBeRegistered = 2010;
constexpr int32_t kControllerMasterStillExist = 2011;
constexpr int32_t kControllerElectMasterFailed = 2012;
constexpr int32_t kControllerAlterSyncStateSetFailed = 2013;
constexpr int32_t kControllerBrokerIdInvalid = 2014;
constexpr int32_t kControllerJraftInternalError = 2015;
constexpr int32_t kControllerBrokerLiveInfoNotExists = 2016;
// dev ACL 2.
constexpr int32_t kUserNotExist = 3001;
constexpr int32_t kPolicyNotExist = 3002;

}  // namespace ResponseCode

// Apache's constant name ("TOPIC_NOT_EXIST") for logs and error messages. Codes 209..211
// name both generations ("POLLING_FULL|UPDATE_AND_CREATE_ACL_CONFIG_FAILED"); unknown
// codes give "UNKNOWN".
const char* ResponseCodeName(int32_t code);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_RESPONSE_CODE_H_
