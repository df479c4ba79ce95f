// Admin: inspects and manages a RocketMQ cluster through its nameservers and brokers — what
// Apache's DefaultMQAdminExt (and mqadmin on top of it) does, over the same wire protocol, so
// it works against Apache's brokers and ours alike.
//
//   AdminConfig config;
//   config.namesrv_addr = "127.0.0.1:9876";
//   Admin admin(config);
//   RMQ_RETURN_IF_ERROR(admin.Start());
//   Result<ClusterInfo> cluster = admin.GetClusterInfo();
//
// Lifecycle: construct with a config, Start(), call, Shutdown(). Start and Shutdown are not
// thread-safe with each other; every other method is thread-safe once started and blocks
// for at most a few request timeouts.
//
// Errors are returned, never thrown: IllegalState when not started, InvalidArgument for a
// bad argument, NotFound (unknown topic, group, message), Timeout / Network when a server
// cannot be reached, BrokerError with the server's response code and remark, NotSupported
// when the server does not implement the request. Messages name the server and the request.
//
// Methods taking `broker_addr` talk to that broker ("host:port"); the others find the
// brokers through the nameservers (masters only, as mqadmin does).
#ifndef ROCKETMQ_ADMIN_H_
#define ROCKETMQ_ADMIN_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rocketmq/acl_types.h"
#include "rocketmq/admin_types.h"
#include "rocketmq/client_config.h"
#include "rocketmq/export.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {

struct RMQ_EXPORT AdminConfig : ClientConfig {
  // Each request's timeout; a method making several requests may take a multiple of it.
  int64_t request_timeout_ms = 5000;
};

class RMQ_EXPORT Admin {
 public:
  explicit Admin(AdminConfig config);
  // Shuts down if still running.
  ~Admin();
  Admin(Admin&&) noexcept;
  Admin& operator=(Admin&&) noexcept;
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;

  // InvalidArgument for a bad configuration (no nameserver address and no NAMESRV_ADDR).
  Status Start();
  // Cancels requests in flight and joins the client's threads; idempotent.
  Status Shutdown();

  // --- Cluster and brokers
  Result<ClusterInfo> GetClusterInfo();
  // The master addresses of `cluster`'s brokers; NotFound for an unknown cluster or one
  // without masters.
  Result<std::vector<std::string>> GetClusterMasters(const std::string& cluster);
  // GET_BROKER_RUNTIME_INFO: the broker's counters and versions (brokerStatus).
  Result<std::map<std::string, std::string>> GetBrokerRuntimeStats(const std::string& broker_addr);
  Result<std::map<std::string, std::string>> GetBrokerConfig(const std::string& broker_addr);
  // Changes the given keys of the broker's configuration (persisted by the broker).
  Status UpdateBrokerConfig(const std::string& broker_addr,
                            const std::map<std::string, std::string>& properties);
  // VIEW_BROKER_STATS_DATA: the broker's statistics item `stats_key` of `stats_name`
  // ("TOPIC_PUT_NUMS" with a topic, "GROUP_GET_NUMS" with "topic@group", ...), as statsAll
  // reads them. A broker that has no such item answers with an error (BrokerError).
  Result<BrokerStatsData> ViewBrokerStatsData(const std::string& broker_addr,
                                              const std::string& stats_name,
                                              const std::string& stats_key);

  // --- Topics
  // Every topic the nameservers know, sorted.
  Result<std::vector<std::string>> ListTopics();
  // The topics of one cluster.
  Result<std::vector<std::string>> ListTopicsOfCluster(const std::string& cluster);
  // NotFound when no nameserver knows the topic.
  Result<TopicRoute> GetTopicRoute(const std::string& topic);
  // The consumer groups that have offsets on `topic` (on any master), sorted.
  Result<std::vector<std::string>> GetTopicConsumerGroups(const std::string& topic);
  // Min and max offsets of every queue on every master, in MessageQueue order.
  Result<std::vector<QueueStatus>> GetTopicStatus(const std::string& topic);
  Status CreateOrUpdateTopic(const std::string& broker_addr, const TopicSettings& settings);
  // On every master of `cluster`; the error names the first broker that refused.
  Status CreateOrUpdateTopicInCluster(const std::string& cluster, const TopicSettings& settings);
  Status DeleteTopicInBroker(const std::string& broker_addr, const std::string& topic);
  // On every nameserver.
  Status DeleteTopicInNamesrv(const std::string& topic);
  // deleteTopic: from every master of `cluster`, then from every nameserver.
  Status DeleteTopic(const std::string& cluster, const std::string& topic);

  // --- Subscription groups
  Status CreateOrUpdateSubscriptionGroup(const std::string& broker_addr,
                                         const SubscriptionGroupSettings& settings);
  Status CreateOrUpdateSubscriptionGroupInCluster(const std::string& cluster,
                                                  const SubscriptionGroupSettings& settings);
  Status DeleteSubscriptionGroup(const std::string& broker_addr, const std::string& group,
                                 bool remove_offset = false);
  Status DeleteSubscriptionGroupInCluster(const std::string& cluster, const std::string& group,
                                          bool remove_offset = false);

  // --- Consumers and producers
  // Lag per queue of `group` on every master serving it (all its topics when `topic` is
  // empty). NotFound when no broker knows the group's offsets.
  Result<ConsumeProgress> GetConsumeProgress(const std::string& group,
                                             const std::string& topic = "");
  // The group's online members, from a master that knows them. NotFound when none is online.
  Result<ConsumerConnections> GetConsumerConnections(const std::string& group);
  // The producers of `group` connected to the brokers serving `topic`.
  Result<std::vector<ClientConnection>> GetProducerConnections(const std::string& group,
                                                               const std::string& topic);
  // What consumer `client_id` of `group` reports about itself (asked through its broker).
  Result<ConsumerRunningInfo> GetConsumerRunningInfo(const std::string& group,
                                                     const std::string& client_id,
                                                     bool jstack = false);
  // CONSUME_MESSAGE_DIRECTLY: has consumer `client_id` of `group` consume the message
  // `msg_id` of `topic` (found as ViewMessage finds it) once more, through the broker that
  // stores it, and returns what its listener answered. Offsets are not touched. Waits up to
  // three request timeouts, as mqadmin does, since the listener runs in between.
  Result<ConsumeDirectlyResult> ConsumeMessageDirectly(const std::string& group,
                                                       const std::string& client_id,
                                                       const std::string& topic,
                                                       const std::string& msg_id);
  // Moves the group's offsets on every queue of `topic` to the first message stored at or
  // after `timestamp_ms`; returns the new offsets. Online consumers are told through their
  // brokers; when a broker cannot do that (older or reference brokers), the committed
  // offsets are rewritten directly, which consumers pick up after a restart or rebalance.
  Result<std::map<MessageQueue, int64_t>> ResetOffsetByTime(const std::string& group,
                                                            const std::string& topic,
                                                            int64_t timestamp_ms,
                                                            bool force = true);

  // --- Messages
  // By the id a producer got back (the UNIQ_KEY) or the broker's offset message id; with an
  // empty `topic`, by offset id only. NotFound when no broker has it.
  Result<MessageExt> ViewMessage(const std::string& topic, const std::string& msg_id);
  // Messages of `topic` whose KEYS contain `key`, stored in [begin_ms, end_ms], at most
  // `max_num` per broker.
  Result<std::vector<MessageExt>> QueryMessagesByKey(const std::string& topic,
                                                     const std::string& key, int32_t max_num = 64,
                                                     int64_t begin_ms = 0,
                                                     int64_t end_ms = INT64_MAX);
  // The message at `offset` of `queue` (queue.broker_name names the broker).
  Result<MessageExt> ViewMessageByOffset(const MessageQueue& queue, int64_t offset);
  // Up to `max_num` messages of `queue` from `offset` on, read without committing anything
  // (as group TOOLS_CONSUMER); empty when there is nothing at `offset`.
  Result<std::vector<MessageExt>> PullMessages(const MessageQueue& queue, int64_t offset,
                                               int32_t max_num = 32);
  // The first offset of `queue` whose message was stored at or after `timestamp_ms`.
  Result<int64_t> SearchOffset(const MessageQueue& queue, int64_t timestamp_ms);

  // --- Nameserver KV configuration
  Status PutKvConfig(const std::string& name_space, const std::string& key,
                     const std::string& value);
  // NotFound when the key is not set.
  Result<std::string> GetKvConfig(const std::string& name_space, const std::string& key);
  Status DeleteKvConfig(const std::string& name_space, const std::string& key);
  Result<std::map<std::string, std::string>> GetKvList(const std::string& name_space);

  // --- Plain ACL of a broker with aclEnable=true (the admin's own requests are signed when
  // its config has an access key). Errors carry the broker's reason.
  Status UpdateAclAccount(const std::string& broker_addr, const AclAccount& account);
  Status DeleteAclAccount(const std::string& broker_addr, const std::string& access_key);
  // `acl_file` empty: the broker's default file (conf/plain_acl.yml).
  Status UpdateGlobalWhiteAddresses(const std::string& broker_addr,
                                    const std::vector<std::string>& addresses,
                                    const std::string& acl_file = "");
  Result<AclConfig> GetAclConfig(const std::string& broker_addr);

  const AdminConfig& config() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_ADMIN_H_
