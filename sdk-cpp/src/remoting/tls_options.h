// TlsOptions: TLS on remoting connections (protocol.md §10.2). TLS wraps the whole byte
// stream; framing inside is unchanged, and there is no in-band negotiation: a TLS client
// simply starts a handshake.
#ifndef ROCKETMQ_REMOTING_TLS_OPTIONS_H_
#define ROCKETMQ_REMOTING_TLS_OPTIONS_H_

#include <string>

namespace rocketmq {
namespace remoting {

// Apache's tls.server.mode. A client uses TLS for every connection unless kDisabled.
enum class TlsMode {
  kDisabled,    // plaintext only
  kPermissive,  // server: both; a first byte of 0x16 (a TLS handshake record) means TLS
  kEnforcing,   // server: TLS only; plaintext connections fail their handshake and close
};

// Whether a server asks connecting clients for a certificate (Apache's
// tls.server.need.client.auth: none, optional, require).
enum class TlsClientAuth { kNone, kOptional, kRequire };

struct TlsOptions {
  TlsMode mode = TlsMode::kDisabled;
  // PEM certificate chain and private key (the key may be encrypted with
  // private_key_password). A server without them makes a self-signed certificate at start,
  // like Apache's tls.test.mode.enable; a client presents them if set.
  std::string certificate_path;
  std::string private_key_path;
  std::string private_key_password;
  // The peer's certificate is verified when verify_peer is set or a CA bundle is given:
  // against trusted_ca_path, or the system's CAs when that is empty. Otherwise any peer
  // certificate is accepted (Apache's InsecureTrustManager when authServer/authClient is off).
  std::string trusted_ca_path;
  bool verify_peer = false;
  // Server only: whether clients must present a certificate.
  TlsClientAuth client_auth = TlsClientAuth::kNone;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_TLS_OPTIONS_H_
