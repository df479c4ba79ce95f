// RequestCode: the `code` of every remoting request, as Apache RocketMQ numbers them
// (dev RequestCode.java; 4.9.8 where it differs). Names follow Apache's with a k prefix.
//
// The values are plain int32_t constants rather than an enum because a RemotingCommand
// carries the code as an int and peers send codes this build does not know; servers must
// answer those with REQUEST_CODE_NOT_SUPPORTED instead of failing to convert them.
#ifndef ROCKETMQ_PROTOCOL_REQUEST_CODE_H_
#define ROCKETMQ_PROTOCOL_REQUEST_CODE_H_

#include <cstdint>

namespace rocketmq {
namespace protocol {

namespace RequestCode {

// Messaging, client <-> broker (protocol.md §2.1).
constexpr int32_t kSendMessage = 10;
constexpr int32_t kPullMessage = 11;
constexpr int32_t kQueryMessage = 12;
constexpr int32_t kQueryBrokerOffset = 13;  // no server-side handler in Apache
constexpr int32_t kQueryConsumerOffset = 14;
constexpr int32_t kUpdateConsumerOffset = 15;
constexpr int32_t kSearchOffsetByTimestamp = 29;
constexpr int32_t kGetMaxOffset = 30;
constexpr int32_t kGetMinOffset = 31;
constexpr int32_t kGetEarliestMsgStoretime = 32;
constexpr int32_t kViewMessageById = 33;
constexpr int32_t kHeartBeat = 34;
constexpr int32_t kUnregisterClient = 35;
constexpr int32_t kConsumerSendMsgBack = 36;
constexpr int32_t kEndTransaction = 37;
constexpr int32_t kGetConsumerListByGroup = 38;
constexpr int32_t kCheckTransactionState = 39;
constexpr int32_t kNotifyConsumerIdsChanged = 40;
constexpr int32_t kLockBatchMq = 41;
constexpr int32_t kUnlockBatchMq = 42;
constexpr int32_t kCheckClientConfig = 46;
constexpr int32_t kResetConsumerClientOffset = 220;
constexpr int32_t kGetConsumerStatusFromClient = 221;
constexpr int32_t kGetConsumerRunningInfo = 307;
constexpr int32_t kConsumeMessageDirectly = 309;
constexpr int32_t kSendMessageV2 = 310;
constexpr int32_t kSendBatchMessage = 320;
constexpr int32_t kSendReplyMessage = 324;
constexpr int32_t kSendReplyMessageV2 = 325;
constexpr int32_t kPushReplyMessageToClient = 326;
constexpr int32_t kLitePullMessage = 361;
constexpr int32_t kRecallMessage = 370;
constexpr int32_t kQueryAssignment = 400;
constexpr int32_t kSetMessageRequestMode = 401;
// 5.x POP family. These exceed a Java short, so they only survive JSON headers.
constexpr int32_t kPopMessage = 200050;
constexpr int32_t kAckMessage = 200051;
constexpr int32_t kPeekMessage = 200052;
constexpr int32_t kChangeMessageInvisibleTime = 200053;
constexpr int32_t kNotification = 200054;
constexpr int32_t kPollingInfo = 200055;
constexpr int32_t kPopRollback = 200056;
constexpr int32_t kBatchAckMessage = 200151;

// Nameserver (§2.2).
constexpr int32_t kPutKvConfig = 100;
constexpr int32_t kGetKvConfig = 101;
constexpr int32_t kDeleteKvConfig = 102;
constexpr int32_t kRegisterBroker = 103;
constexpr int32_t kUnregisterBroker = 104;
constexpr int32_t kGetRouteinfoByTopic = 105;
constexpr int32_t kGetBrokerClusterInfo = 106;
constexpr int32_t kWipeWritePermOfBroker = 205;
constexpr int32_t kGetAllTopicListFromNameserver = 206;
constexpr int32_t kDeleteTopicInNamesrv = 216;
constexpr int32_t kRegisterTopicInNamesrv = 217;
constexpr int32_t kGetKvlistByNamespace = 219;
constexpr int32_t kGetTopicsByCluster = 224;
constexpr int32_t kGetSystemTopicListFromNs = 304;
constexpr int32_t kGetUnitTopicList = 311;
constexpr int32_t kGetHasUnitSubTopicList = 312;
constexpr int32_t kGetHasUnitSubUnunitTopicList = 313;
constexpr int32_t kUpdateNamesrvConfig = 318;
constexpr int32_t kGetNamesrvConfig = 319;
constexpr int32_t kQueryDataVersion = 322;
constexpr int32_t kAddWritePermOfBroker = 327;
constexpr int32_t kGetBrokerMemberGroup = 901;
constexpr int32_t kBrokerHeartbeat = 904;

// Admin / operations, admin tool -> broker (§2.3).
constexpr int32_t kUpdateAndCreateTopic = 17;
constexpr int32_t kUpdateAndCreateTopicList = 18;
constexpr int32_t kGetAllTopicConfig = 21;
constexpr int32_t kGetTopicConfigList = 22;  // no server-side handler in Apache
constexpr int32_t kGetTopicNameList = 23;    // no server-side handler in Apache
constexpr int32_t kUpdateBrokerConfig = 25;
constexpr int32_t kGetBrokerConfig = 26;
constexpr int32_t kTriggerDeleteFiles = 27;  // no server-side handler in Apache
constexpr int32_t kGetBrokerRuntimeInfo = 28;
constexpr int32_t kGetAllConsumerOffset = 43;
constexpr int32_t kGetAllDelayOffset = 45;
constexpr int32_t kGetClientConfig = 47;  // no server-side handler in Apache
// 4.9.8 ACL 1 (removed in dev).
constexpr int32_t kUpdateAndCreateAclConfig = 50;
constexpr int32_t kDeleteAclConfig = 51;
constexpr int32_t kGetBrokerClusterAclInfo = 52;
constexpr int32_t kUpdateGlobalWhiteAddrsConfig = 53;
constexpr int32_t kGetBrokerClusterAclConfig = 54;
constexpr int32_t kGetTimerCheckPoint = 60;
constexpr int32_t kGetTimerMetrics = 61;
constexpr int32_t kUpdateAndCreateSubscriptionGroup = 200;
constexpr int32_t kGetAllSubscriptionGroupConfig = 201;
constexpr int32_t kGetTopicStatsInfo = 202;
constexpr int32_t kGetConsumerConnectionList = 203;
constexpr int32_t kGetProducerConnectionList = 204;
constexpr int32_t kDeleteSubscriptionGroup = 207;
constexpr int32_t kGetConsumeStats = 208;
// 209..214: defined by Apache, never handled (the filter-server era).
constexpr int32_t kSuspendConsumer = 209;
constexpr int32_t kResumeConsumer = 210;
constexpr int32_t kResetConsumerOffsetInConsumer = 211;
constexpr int32_t kResetConsumerOffsetInBroker = 212;
constexpr int32_t kAdjustConsumerThreadPool = 213;
constexpr int32_t kWhoConsumeTheMessage = 214;
constexpr int32_t kDeleteTopicInBroker = 215;
constexpr int32_t kInvokeBrokerToResetOffset = 222;
constexpr int32_t kInvokeBrokerToGetConsumerStatus = 223;
constexpr int32_t kUpdateAndCreateSubscriptionGroupList = 225;
constexpr int32_t kQueryTopicConsumeByWho = 300;
constexpr int32_t kRegisterFilterServer = 301;        // no server-side handler in Apache
constexpr int32_t kRegisterMessageFilterClass = 302;  // no server-side handler in Apache
constexpr int32_t kQueryConsumeTimeSpan = 303;
constexpr int32_t kGetSystemTopicListFromBroker = 305;
constexpr int32_t kCleanExpiredConsumequeue = 306;
constexpr int32_t kQueryCorrectionOffset = 308;
constexpr int32_t kCloneGroupOffset = 314;
constexpr int32_t kViewBrokerStatsData = 315;
constexpr int32_t kCleanUnusedTopic = 316;
constexpr int32_t kGetBrokerConsumeStats = 317;
constexpr int32_t kQueryConsumeQueue = 321;
constexpr int32_t kResumeCheckHalfMessage = 323;
constexpr int32_t kGetAllProducerInfo = 328;
constexpr int32_t kDeleteExpiredCommitlog = 329;
constexpr int32_t kQueryTopicsByConsumer = 343;
constexpr int32_t kQuerySubscriptionByConsumer = 345;
constexpr int32_t kGetTopicConfig = 351;
constexpr int32_t kGetSubscriptionGroupConfig = 352;
constexpr int32_t kUpdateAndGetGroupForbidden = 353;
constexpr int32_t kCheckRocksdbCqWriteProgress = 354;
constexpr int32_t kExportRocksdbConfigToJson = 355;
constexpr int32_t kGetAllMessageRequestMode = 402;
constexpr int32_t kUpdateAndCreateStaticTopic = 513;
constexpr int32_t kUpdateColdDataFlowCtrConfig = 2001;
constexpr int32_t kRemoveColdDataFlowCtrConfig = 2002;
constexpr int32_t kGetColdDataFlowCtrInfo = 2003;
constexpr int32_t kSetCommitlogReadMode = 2004;
// dev ACL 2.
constexpr int32_t kAuthCreateUser = 3001;
constexpr int32_t kAuthUpdateUser = 3002;
constexpr int32_t kAuthDeleteUser = 3003;
constexpr int32_t kAuthGetUser = 3004;
constexpr int32_t kAuthListUser = 3005;
constexpr int32_t kAuthCreateAcl = 3006;
constexpr int32_t kAuthUpdateAcl = 3007;
constexpr int32_t kAuthDeleteAcl = 3008;
constexpr int32_t kAuthGetAcl = 3009;
constexpr int32_t kAuthListAcl = 3010;

// Replication, broker container and controller (5.x).
constexpr int32_t kAddBroker = 902;
constexpr int32_t kRemoveBroker = 903;
constexpr int32_t kNotifyMinBrokerIdChange = 905;
constexpr int32_t kExchangeBrokerHaInfo = 906;
constexpr int32_t kGetBrokerHaStatus = 907;
constexpr int32_t kResetMasterFlushOffset = 908;
constexpr int32_t kControllerAlterSyncStateSet = 1001;
constexpr int32_t kControllerElectMaster = 1002;
constexpr int32_t kControllerRegisterBroker = 1003;
constexpr int32_t kControllerGetReplicaInfo = 1004;
constexpr int32_t kControllerGetMetadataInfo = 1005;
constexpr int32_t kControllerGetSyncStateData = 1006;
constexpr int32_t kGetBrokerEpochCache = 1007;
constexpr int32_t kNotifyBrokerRoleChanged = 1008;
constexpr int32_t kUpdateControllerConfig = 1009;
constexpr int32_t kGetControllerConfig = 1010;
constexpr int32_t kCleanBrokerData = 1011;
constexpr int32_t kControllerGetNextBrokerId = 1012;
constexpr int32_t kControllerApplyBrokerId = 1013;

}  // namespace RequestCode

// Apache's constant name ("SEND_MESSAGE_V2") for logs and error messages; "UNKNOWN" for
// codes this build does not know.
const char* RequestCodeName(int32_t code);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_REQUEST_CODE_H_
