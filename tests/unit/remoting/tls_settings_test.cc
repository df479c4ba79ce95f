// TlsSettings: Apache's tls.* settings mapped to the transport's TlsOptions.
#include "remoting/tls_settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace rocketmq {
namespace remoting {
namespace {

TEST(TlsSettingsTest, DefaultsAreApachesTestMode) {
  TlsSettings tls;
  Result<TlsOptions> server = tls.ServerOptions();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  EXPECT_EQ(server->mode, TlsMode::kPermissive);
  EXPECT_TRUE(server->certificate_path.empty());  // self-signed at start
  EXPECT_FALSE(server->verify_peer);
  EXPECT_EQ(server->client_auth, TlsClientAuth::kOptional);
  // A permissive server's own clients stay plaintext unless tls.enable says otherwise.
  EXPECT_EQ(tls.ClientOptions().mode, TlsMode::kDisabled);
  tls.enable = "true";
  EXPECT_EQ(tls.ClientOptions().mode, TlsMode::kEnforcing);
}

TEST(TlsSettingsTest, EnforcingServerMakesItsClientsTlsUnlessDisabled) {
  TlsSettings tls;
  tls.server_mode = "enforcing";
  EXPECT_EQ(tls.ServerOptions()->mode, TlsMode::kEnforcing);
  EXPECT_EQ(tls.ClientOptions().mode, TlsMode::kEnforcing);
  tls.enable = "false";
  EXPECT_EQ(tls.ClientOptions().mode, TlsMode::kDisabled);
  tls.server_mode = "disabled";
  tls.enable = "";
  EXPECT_EQ(tls.ServerOptions()->mode, TlsMode::kDisabled);
}

TEST(TlsSettingsTest, CertificatesAndAuthenticationOutsideTestMode) {
  TlsSettings tls;
  tls.test_mode_enable = false;
  Result<TlsOptions> missing = tls.ServerOptions();
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("tls.server.certPath and tls.server.keyPath"),
            std::string::npos);

  tls.server_cert_path = "s.pem";
  tls.server_key_path = "s.key";
  tls.server_need_client_auth = "require";
  Result<TlsOptions> unauthenticated = tls.ServerOptions();
  ASSERT_TRUE(unauthenticated.ok());
  EXPECT_EQ(unauthenticated->client_auth, TlsClientAuth::kRequire);
  EXPECT_FALSE(unauthenticated->verify_peer);  // authClient off: any certificate will do

  tls.server_auth_client = true;
  tls.server_trust_cert_path = "ca.pem";
  Result<TlsOptions> server = tls.ServerOptions();
  EXPECT_TRUE(server->verify_peer);
  EXPECT_EQ(server->trusted_ca_path, "ca.pem");
  EXPECT_EQ(server->certificate_path, "s.pem");
  EXPECT_EQ(server->private_key_path, "s.key");

  tls.enable = "true";
  tls.client_cert_path = "c.pem";
  tls.client_key_path = "c.key";
  tls.client_trust_cert_path = "ca.pem";
  TlsOptions client = tls.ClientOptions();
  EXPECT_EQ(client.certificate_path, "c.pem");
  EXPECT_FALSE(client.verify_peer);  // authServer off
  tls.client_auth_server = true;
  EXPECT_TRUE(tls.ClientOptions().verify_peer);
  EXPECT_EQ(tls.ClientOptions().trusted_ca_path, "ca.pem");
}

TEST(TlsSettingsTest, ConfigFileWinsForItsKeys) {
  char path[] = "/tmp/rmq-tls-settings-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "tls.test.mode.enable=false\ntls.server.certPath=/from/file.pem\n"
                         "tls.server.mode=disabled\n";
  TlsSettings tls;
  tls.server_cert_path = "/from/command/line.pem";
  tls.config_file = path;
  Status loaded = tls.LoadConfigFile();
  std::remove(path);
  ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  EXPECT_FALSE(tls.test_mode_enable);
  EXPECT_EQ(tls.server_cert_path, "/from/file.pem");
  // As in Apache, the mode is not read from the file (a warning names the key).
  EXPECT_EQ(tls.server_mode, "permissive");

  tls.config_file = "/nonexistent/tls.properties";
  Status missing = tls.LoadConfigFile();
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("/nonexistent/tls.properties"), std::string::npos);
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
