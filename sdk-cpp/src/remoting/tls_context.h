// TlsContext: an OpenSSL SSL_CTX configured from TlsOptions, shared by the connections of a
// server or client. Transport internals.
#ifndef ROCKETMQ_REMOTING_TLS_CONTEXT_H_
#define ROCKETMQ_REMOTING_TLS_CONTEXT_H_

#include <memory>
#include <string>

#include "remoting/tls_options.h"
#include "rocketmq/status.h"

struct ssl_ctx_st;
struct ssl_st;

namespace rocketmq {
namespace remoting {

class TlsContext {
 public:
  // InvalidArgument naming the file and OpenSSL's reason when a certificate, key or CA
  // bundle cannot be loaded.
  static Result<std::shared_ptr<TlsContext>> CreateServer(const TlsOptions& options);
  static Result<std::shared_ptr<TlsContext>> CreateClient(const TlsOptions& options);
  ~TlsContext();

  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // A new session for one connection; null when OpenSSL is out of memory.
  ssl_st* NewSession() const;
  TlsMode mode() const { return mode_; }

 private:
  TlsContext(ssl_ctx_st* context, TlsMode mode) : context_(context), mode_(mode) {}

  ssl_ctx_st* const context_;
  const TlsMode mode_;
};

// OpenSSL's description of the most recent error on this thread ("" if none), emptying
// the queue.
std::string TakeOpenSslError();

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_TLS_CONTEXT_H_
