#include "remoting/tls_settings.h"

#include <fstream>
#include <vector>

#include "common/logging.h"
#include "common/properties.h"

namespace rocketmq {
namespace remoting {
namespace {

std::string BooleanText(const std::string& value) {
  return value.empty() || value == "true" || value == "false" ? "" : "must be true or false";
}

// The keys Apache's TlsHelper takes from tls.config.file.
void RegisterFileSettings(TlsSettings* tls, Settings* settings) {
  settings->Bool("tls.test.mode.enable", &tls->test_mode_enable,
                 "self-signed server certificate, no authentication either way");
  settings->Enum("tls.server.need.client.auth", &tls->server_need_client_auth,
                 {"none", "optional", "require"}, "whether clients must show a certificate");
  settings->String("tls.server.keyPath", &tls->server_key_path, "server private key (PEM)");
  settings->String("tls.server.keyPassword", &tls->server_key_password,
                   "password of an encrypted server key");
  settings->String("tls.server.certPath", &tls->server_cert_path, "server certificate chain (PEM)");
  settings->Bool("tls.server.authClient", &tls->server_auth_client,
                 "verify client certificates against tls.server.trustCertPath");
  settings->String("tls.server.trustCertPath", &tls->server_trust_cert_path,
                   "CA certificates clients are verified with (PEM)");
  // The tls.client.* keys serve the broker's own connections; a nameserver accepts them (as
  // Apache's JVM accepts any property) and has no use for them.
  settings->String("tls.client.keyPath", &tls->client_key_path, "client private key (PEM)");
  settings->String("tls.client.keyPassword", &tls->client_key_password,
                   "password of an encrypted client key");
  settings->String("tls.client.certPath", &tls->client_cert_path, "client certificate chain (PEM)");
  settings->Bool("tls.client.authServer", &tls->client_auth_server,
                 "verify server certificates against tls.client.trustCertPath");
  settings->String("tls.client.trustCertPath", &tls->client_trust_cert_path,
                   "CA certificates servers are verified with (PEM)");
}

TlsMode ParseMode(const std::string& mode) {
  if (mode == "disabled") return TlsMode::kDisabled;
  if (mode == "enforcing") return TlsMode::kEnforcing;
  return TlsMode::kPermissive;
}

}  // namespace

void RegisterTlsSettings(TlsSettings* tls, Settings* settings) {
  settings->Enum("tls.server.mode", &tls->server_mode, {"disabled", "permissive", "enforcing"},
                 "TLS on the listening ports: plaintext only, both, or TLS only");
  settings->String("tls.enable", &tls->enable,
                   "the broker's TLS to nameservers (empty: when tls.server.mode is enforcing)",
                   &BooleanText);
  settings->String("tls.config.file", &tls->config_file,
                   "properties file with the tls.server.* and tls.client.* settings");
  RegisterFileSettings(tls, settings);
}

Status TlsSettings::LoadConfigFile() {
  if (config_file.empty()) return Status::OK();
  if (!std::ifstream(config_file).good()) {
    if (config_file == kDefaultConfigFile) return Status::OK();
    return Status::InvalidArgument("tls.config.file " + config_file + " cannot be read");
  }
  Result<Properties> props = Properties::LoadFile(config_file);
  if (!props.ok()) return props.status();
  Settings settings("tls");
  RegisterFileSettings(this, &settings);
  std::vector<std::string> unknown;
  RMQ_RETURN_IF_ERROR(settings.Apply(*props, &unknown));
  for (const auto& key : unknown) {
    RMQ_LOG_WARN << config_file << ": ignoring '" << key << "', which is not a TLS file setting";
  }
  return Status::OK();
}

Result<TlsOptions> TlsSettings::ServerOptions() const {
  TlsOptions options;
  options.mode = ParseMode(server_mode);
  if (options.mode == TlsMode::kDisabled) return options;
  if (test_mode_enable) {
    // Apache's test mode: a self-signed certificate, client certificates asked for but
    // never checked.
    options.client_auth = TlsClientAuth::kOptional;
    return options;
  }
  if (server_cert_path.empty() || server_key_path.empty()) {
    return Status::InvalidArgument(
        "tls.server.mode=" + server_mode +
        " with tls.test.mode.enable=false needs tls.server.certPath and tls.server.keyPath");
  }
  options.certificate_path = server_cert_path;
  options.private_key_path = server_key_path;
  options.private_key_password = server_key_password;
  if (server_auth_client) {
    options.verify_peer = true;
    options.trusted_ca_path = server_trust_cert_path;
  }
  options.client_auth = server_need_client_auth == "require"    ? TlsClientAuth::kRequire
                        : server_need_client_auth == "optional" ? TlsClientAuth::kOptional
                                                                : TlsClientAuth::kNone;
  return options;
}

TlsOptions TlsSettings::ClientOptions() const {
  TlsOptions options;
  const bool use_tls =
      enable.empty() ? ParseMode(server_mode) == TlsMode::kEnforcing : enable == "true";
  if (!use_tls) return options;
  options.mode = TlsMode::kEnforcing;
  if (test_mode_enable) return options;
  options.certificate_path = client_cert_path;
  options.private_key_path = client_key_path;
  options.private_key_password = client_key_password;
  if (client_auth_server) {
    options.verify_peer = true;
    options.trusted_ca_path = client_trust_cert_path;
  }
  return options;
}

}  // namespace remoting
}  // namespace rocketmq
