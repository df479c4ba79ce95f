// TlsSettings: a server program's TLS settings under Apache 4.9.7's names (TlsSystemConfig),
// turned into TlsOptions for its listening ports and for its own outgoing connections.
//
// Apache reads these keys from JVM system properties (-Dtls.server.mode=enforcing); ours
// come from the program's config file or command line (--tls.server.mode=enforcing, or
// -Dtls.server.mode=enforcing). As in Apache, the file named by tls.config.file (default
// /etc/rocketmq/tls.properties) is read when TLS is set up and its values win for the keys
// Apache reads from it (all but tls.server.mode, tls.enable and tls.config.file).
#ifndef ROCKETMQ_REMOTING_TLS_SETTINGS_H_
#define ROCKETMQ_REMOTING_TLS_SETTINGS_H_

#include <string>

#include "common/settings.h"
#include "remoting/tls_options.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

struct TlsSettings {
  // disabled, permissive (plaintext and TLS on the same port) or enforcing.
  std::string server_mode = "permissive";
  // Whether the program's own clients (to nameservers) use TLS: "true", "false", or empty
  // for Apache's default, which is true exactly when tls.server.mode is enforcing.
  std::string enable;
  std::string config_file = kDefaultConfigFile;
  // On: the server makes a self-signed certificate and neither side authenticates the
  // other, whatever the paths below say (Apache's default).
  bool test_mode_enable = true;

  std::string server_need_client_auth = "none";  // none, optional, require
  std::string server_key_path;
  std::string server_key_password;
  std::string server_cert_path;
  bool server_auth_client = false;
  std::string server_trust_cert_path;

  std::string client_key_path;
  std::string client_key_password;
  std::string client_cert_path;
  bool client_auth_server = false;
  std::string client_trust_cert_path;

  static constexpr char kDefaultConfigFile[] = "/etc/rocketmq/tls.properties";

  // Reads config_file over these settings. A missing default file is skipped as in
  // Apache; a missing file named explicitly, or a bad value in it, is an error naming it.
  Status LoadConfigFile();

  // The options of the program's listening ports; an error when the mode needs a
  // certificate that is not configured.
  Result<TlsOptions> ServerOptions() const;
  // The options of the program's outgoing connections (kDisabled unless they use TLS).
  TlsOptions ClientOptions() const;
};

// Declares the tls.* settings on `settings`, bound to `tls`.
void RegisterTlsSettings(TlsSettings* tls, Settings* settings);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_TLS_SETTINGS_H_
