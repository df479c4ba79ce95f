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

struct TlsOptions {
  TlsMode mode = TlsMode::kDisabled;
  // PEM certificate chain and private key. A server without them makes a self-signed
  // certificate at start, like Apache's tls.test.mode.enable; a client presents them if set.
  std::string certificate_path;
  std::string private_key_path;
  // PEM bundle to verify the peer with. Empty: any peer certificate is accepted (Apache's
  // test mode). A server given one requires and verifies client certificates.
  std::string trusted_ca_path;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_TLS_OPTIONS_H_
