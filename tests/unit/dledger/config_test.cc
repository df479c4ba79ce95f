#include "dledger/config.h"
#include "dledger/store_settings.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace dledger {
namespace {

TEST(DLedgerConfigTest, ParsesPeers) {
  Result<std::vector<Peer>> peers = ParsePeers("n0-127.0.0.1:40911;n1-10.0.0.2:40912;");
  ASSERT_TRUE(peers.ok()) << peers.status().ToString();
  ASSERT_EQ(peers->size(), 2u);
  EXPECT_EQ((*peers)[0].id, "n0");
  EXPECT_EQ((*peers)[0].address, "127.0.0.1:40911");
  EXPECT_EQ((*peers)[1].id, "n1");
  EXPECT_EQ((*peers)[1].address, "10.0.0.2:40912");
}

TEST(DLedgerConfigTest, RefusesMalformedPeers) {
  EXPECT_FALSE(ParsePeers("").ok());
  EXPECT_FALSE(ParsePeers("n0").ok());
  EXPECT_FALSE(ParsePeers("n0-host").ok());
  EXPECT_FALSE(ParsePeers("n0-host:port").ok());
  EXPECT_FALSE(ParsePeers("-host:1").ok());
  Result<std::vector<Peer>> twice = ParsePeers("n0-a:1;n0-b:2");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("twice"), std::string::npos);
}

TEST(DLedgerConfigTest, SelfIdMustBeAPeer) {
  DLedgerConfig config;
  config.group = "g";
  config.peers = "n0-127.0.0.1:1;n1-127.0.0.1:2";
  config.self_id = "n2";
  Status s = Validate(config);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("dLegerSelfId 'n2' is not one of the members"), std::string::npos)
      << s.ToString();
  config.self_id = "n1";
  EXPECT_TRUE(Validate(config).ok());
}

TEST(DLedgerConfigTest, SelfIdNumberGivesTheSlaveBrokerId) {
  EXPECT_EQ(*SelfIdNumber("n0"), 0);
  EXPECT_EQ(*SelfIdNumber("n12"), 12);
  EXPECT_FALSE(SelfIdNumber("n").ok());
  EXPECT_FALSE(SelfIdNumber("node1").ok());
}

TEST(DLedgerConfigTest, BrokerKeysMapOntoTheMember) {
  store::MessageStoreConfig store;
  store.enable_dleger_commit_log = true;
  store.store_path_root_dir = "/data/store";
  store.mapped_file_size_commit_log = 64 * 1024 * 1024;
  Result<DLedgerConfig> missing = DLedgerConfigFromStore(store);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("dLegerGroup"), std::string::npos);
  store.dleger_group = "broker-a";
  store.dleger_peers = "n0-127.0.0.1:40911;n1-127.0.0.1:40912;n2-127.0.0.1:40913";
  store.dleger_self_id = "n3";
  Result<DLedgerConfig> stranger = DLedgerConfigFromStore(store);
  ASSERT_FALSE(stranger.ok());
  EXPECT_NE(stranger.status().message().find("dLegerSelfId 'n3'"), std::string::npos);
  store.dleger_self_id = "n1";
  Result<DLedgerConfig> config = DLedgerConfigFromStore(store);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->group, "broker-a");
  EXPECT_EQ(config->DataDir(), "/data/store/dledger-n1/data");
  EXPECT_EQ(config->IndexDir(), "/data/store/dledger-n1/index");
  EXPECT_EQ(config->data_file_size, 64 * 1024 * 1024);
  EXPECT_EQ(config->heart_beat_time_interval_ms, 2000);  // DLedger's defaults stay
  EXPECT_EQ(BrokerIdFor("n1", false), 2);
  EXPECT_EQ(BrokerIdFor("n1", true), 0);
}

}  // namespace
}  // namespace dledger
}  // namespace rocketmq
