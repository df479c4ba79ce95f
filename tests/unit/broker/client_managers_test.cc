#include <gtest/gtest.h>

#include "broker/consumer_manager.h"
#include "broker/producer_manager.h"
#include "broker/rebalance_lock_manager.h"
#include "broker/subscription_data.h"
#include "protocol/java_string_hash.h"

namespace rocketmq {
namespace broker {
namespace {

struct FakeClock {
  int64_t now = 1000;
  std::function<int64_t()> Function() {
    return [this] { return now; };
  }
};

ClientChannelInfo Channel(ChannelId id, const std::string& client) {
  ClientChannelInfo c;
  c.channel = id;
  c.client_id = client;
  c.remote_address = "127.0.0.1:" + std::to_string(40000 + id);
  return c;
}

protocol::ConsumerData Consumer(const std::string& group, const std::vector<std::string>& topics) {
  protocol::ConsumerData data;
  data.group_name = group;
  for (const auto& t : topics)
    data.subscription_data_set.push_back(SubscriptionFromTagExpression(t, "*", 1));
  return data;
}

struct RecordedEvent {
  ConsumerGroupEvent type;
  std::string group;
  std::vector<ChannelId> channels;
};

TEST(BrokerSubscriptionTest, TagExpressions) {
  EXPECT_EQ(protocol::JavaStringHash("TagA"), 2598919);
  auto sub = SubscriptionFromTagExpression("T", " TagA || TagB ||", 5);
  EXPECT_EQ(sub.tags_set, (std::set<std::string>{"TagA", "TagB"}));
  EXPECT_TRUE(MatchesTagsCode(sub, 2598919));
  EXPECT_FALSE(MatchesTagsCode(sub, 12345));
  EXPECT_FALSE(SubscribesAll(sub));
  auto all = SubscriptionFromTagExpression("T", "*", 5);
  EXPECT_TRUE(MatchesTagsCode(all, 12345));
  EXPECT_TRUE(SubscribesAll(SubscriptionFromTagExpression("T", "  ", 5)));
}

TEST(ConsumerManagerTest, MembershipChangesNotifyTheGroup) {
  FakeClock clock;
  ConsumerManager manager(120000, clock.Function());
  std::vector<RecordedEvent> events;
  manager.SetListener(
      [&](ConsumerGroupEvent e, const std::string& g, const std::vector<ChannelId>& c) {
        events.push_back({e, g, c});
      });

  EXPECT_TRUE(manager.RegisterConsumer(Consumer("G1", {"T1"}), Channel(1, "c1"), true));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, ConsumerGroupEvent::kChange);
  EXPECT_EQ(events[0].channels, std::vector<ChannelId>{1});
  events.clear();

  // A repeated heartbeat changes nothing.
  EXPECT_FALSE(manager.RegisterConsumer(Consumer("G1", {"T1"}), Channel(1, "c1"), true));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, ConsumerGroupEvent::kRegister);
  events.clear();

  EXPECT_TRUE(manager.RegisterConsumer(Consumer("G1", {"T1"}), Channel(2, "c2"), true));
  EXPECT_EQ(events[0].channels, (std::vector<ChannelId>{1, 2}));
  EXPECT_EQ(manager.FindGroup("G1")->ClientIds(), (std::vector<std::string>{"c1", "c2"}));
  events.clear();

  manager.UnregisterConsumer("G1", 1, true);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, ConsumerGroupEvent::kChange);
  EXPECT_EQ(events[0].channels, std::vector<ChannelId>{2});
  events.clear();

  manager.OnChannelClosed(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, ConsumerGroupEvent::kUnregister);
  EXPECT_EQ(events[1].type, ConsumerGroupEvent::kChange);
  EXPECT_TRUE(events[1].channels.empty());
  EXPECT_FALSE(manager.FindGroup("G1").has_value());
}

TEST(ConsumerManagerTest, SubscriptionsFollowTheLatestHeartbeat) {
  FakeClock clock;
  ConsumerManager manager(120000, clock.Function());
  EXPECT_FALSE(manager.FindSubscription("G1", "T1").has_value());
  auto broadcast = Consumer("G1", {"T1", "T2"});
  broadcast.message_model = "BROADCASTING";
  manager.RegisterConsumer(broadcast, Channel(1, "c1"), true);
  EXPECT_TRUE(manager.FindSubscription("G1", "T2")->subscription.has_value());
  EXPECT_EQ(manager.FindSubscription("G1", "T2")->message_model, "BROADCASTING");
  EXPECT_EQ(manager.GroupsOfTopic("T1"), std::set<std::string>{"G1"});
  EXPECT_TRUE(manager.RegisterConsumer(Consumer("G1", {"T1"}), Channel(1, "c1"), true));
  ASSERT_TRUE(manager.FindSubscription("G1", "T2").has_value());
  EXPECT_FALSE(manager.FindSubscription("G1", "T2")->subscription.has_value());
  auto newer = Consumer("G1", {"T1"});
  newer.subscription_data_set[0] = SubscriptionFromTagExpression("T1", "TagA", 2);
  manager.RegisterConsumer(newer, Channel(1, "c1"), true);
  EXPECT_EQ(manager.FindSubscription("G1", "T1")->subscription->sub_string, "TagA");
}

TEST(ConsumerManagerTest, IdleChannelsExpire) {
  FakeClock clock;
  ConsumerManager manager(120000, clock.Function());
  manager.RegisterConsumer(Consumer("G1", {"T1"}), Channel(1, "c1"), true);
  clock.now += 60000;
  manager.RegisterConsumer(Consumer("G1", {"T1"}), Channel(2, "c2"), true);
  clock.now += 70000;
  EXPECT_EQ(manager.ScanNotActiveChannels(), 1u);
  EXPECT_EQ(manager.FindGroup("G1")->ClientIds(), std::vector<std::string>{"c2"});
}

TEST(ProducerManagerTest, RegisterCloseAndExpire) {
  FakeClock clock;
  ProducerManager manager(120000, clock.Function());
  manager.RegisterProducer("P1", Channel(1, "p1"));
  clock.now += 10;
  manager.RegisterProducer("P1", Channel(2, "p2"));
  EXPECT_EQ(manager.Channels("P1").size(), 2u);
  EXPECT_EQ(manager.AvailableChannel("P1")->client_id, "p2");
  manager.OnChannelClosed(2);
  EXPECT_EQ(manager.AvailableChannel("P1")->client_id, "p1");
  clock.now += 200000;
  EXPECT_EQ(manager.ScanNotActiveChannels(), 1u);
  EXPECT_FALSE(manager.AvailableChannel("P1").has_value());
  EXPECT_TRUE(manager.Groups().empty());
}

TEST(RebalanceLockManagerTest, LockRenewExpireUnlock) {
  FakeClock clock;
  RebalanceLockManager locks(60000, clock.Function());
  const MessageQueue q0{"T1", "broker-a", 0};
  const MessageQueue q1{"T1", "broker-a", 1};
  EXPECT_EQ(locks.TryLockBatch("G1", {q0, q1}, "c1"), (std::set<MessageQueue>{q0, q1}));
  EXPECT_TRUE(locks.TryLockBatch("G1", {q0}, "c2").empty());
  EXPECT_FALSE(locks.IsLockAllExpired("G1"));
  // Renewal keeps q0 with c1; q1 expires and moves to c2.
  clock.now += 50000;
  EXPECT_EQ(locks.TryLockBatch("G1", {q0}, "c1"), std::set<MessageQueue>{q0});
  clock.now += 20000;
  EXPECT_EQ(locks.TryLockBatch("G1", {q0, q1}, "c2"), std::set<MessageQueue>{q1});
  // Only the holder can unlock.
  locks.UnlockBatch("G1", {q0}, "c2");
  EXPECT_TRUE(locks.IsLocked("G1", q0, "c1"));
  locks.UnlockBatch("G1", {q0}, "c1");
  EXPECT_EQ(locks.TryLockBatch("G1", {q0}, "c2"), std::set<MessageQueue>{q0});
  // Other groups are independent.
  EXPECT_EQ(locks.TryLockBatch("G2", {q0}, "c1"), std::set<MessageQueue>{q0});
  clock.now += 61000;
  EXPECT_TRUE(locks.IsLockAllExpired("G1"));
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
