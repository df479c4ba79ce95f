// TlsOptions: TLS on remoting connections (protocol.md §10.2). TLS wraps the whole byte
// stream; framing inside is unchanged. Not implemented yet: enabling it makes Start() fail
// with NotSupported. The transport creates every bufferevent in one place (Connection),
// where an OpenSSL bufferevent (libevent_openssl) will be swapped in.
#ifndef ROCKETMQ_REMOTING_TLS_OPTIONS_H_
#define ROCKETMQ_REMOTING_TLS_OPTIONS_H_

#include <string>

namespace rocketmq {
namespace remoting {

struct TlsOptions {
  bool enabled = false;
  std::string certificate_path;  // PEM; server: required
  std::string private_key_path;  // PEM (PKCS#8)
  std::string trusted_ca_path;   // PEM; empty = trust all (Apache's tls.test.mode)
  bool verify_peer = false;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_TLS_OPTIONS_H_
