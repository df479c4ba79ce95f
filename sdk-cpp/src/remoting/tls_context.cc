#include "remoting/tls_context.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>

namespace rocketmq {
namespace remoting {
namespace {

Status OpenSslFailure(const std::string& what) {
  std::string reason = TakeOpenSslError();
  return Status::InvalidArgument(what + (reason.empty() ? "" : ": " + reason));
}

// A self-signed certificate for CN=rocketmq-remoting, valid for ten years from an hour
// ago, on a fresh P-256 key: what Apache's test mode gives a server without certificates.
Status UseSelfSignedCertificate(SSL_CTX* context) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) return OpenSslFailure("cannot generate a key for the test certificate");
  X509* certificate = X509_new();
  bool ok = certificate != nullptr && X509_set_version(certificate, 2) == 1 &&
            ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(certificate), -3600) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(certificate), 10L * 365 * 24 * 3600) != nullptr &&
            X509_set_pubkey(certificate, key) == 1;
  if (ok) {
    X509_NAME* name = X509_get_subject_name(certificate);
    ok = X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                    reinterpret_cast<const unsigned char*>("rocketmq-remoting"), -1,
                                    -1, 0) == 1 &&
         X509_set_issuer_name(certificate, name) == 1 &&
         X509_sign(certificate, key, EVP_sha256()) > 0 &&
         SSL_CTX_use_certificate(context, certificate) == 1 &&
         SSL_CTX_use_PrivateKey(context, key) == 1;
  }
  X509_free(certificate);
  EVP_PKEY_free(key);
  if (!ok) return OpenSslFailure("cannot make the self-signed test certificate");
  return Status::OK();
}

Status LoadIdentity(SSL_CTX* context, const TlsOptions& options) {
  if (SSL_CTX_use_certificate_chain_file(context, options.certificate_path.c_str()) != 1) {
    return OpenSslFailure("cannot load TLS certificate " + options.certificate_path);
  }
  const std::string& key_path =
      options.private_key_path.empty() ? options.certificate_path : options.private_key_path;
  // A password given as the callback's user data: without one OpenSSL would prompt on the
  // terminal for an encrypted key.
  std::string password = options.private_key_password;
  BIO* file = BIO_new_file(key_path.c_str(), "r");
  EVP_PKEY* key =
      file != nullptr ? PEM_read_bio_PrivateKey(file, nullptr, nullptr, password.data()) : nullptr;
  BIO_free(file);
  if (key == nullptr) return OpenSslFailure("cannot load TLS private key " + key_path);
  // Loaded apart from the certificate so that a mismatch gets its own message.
  const bool matches =
      SSL_CTX_use_PrivateKey(context, key) == 1 && SSL_CTX_check_private_key(context) == 1;
  EVP_PKEY_free(key);
  if (!matches) {
    return OpenSslFailure("TLS private key " + key_path + " does not match certificate " +
                          options.certificate_path);
  }
  return Status::OK();
}

// Accepts whatever certificate the peer shows: a server that asks for client certificates
// without authenticating them (Apache's InsecureTrustManagerFactory).
int AcceptAnyCertificate(int /*preverified*/, X509_STORE_CTX* /*store*/) { return 1; }

bool VerifiesPeer(const TlsOptions& options) {
  return options.verify_peer || !options.trusted_ca_path.empty();
}

Status LoadTrust(SSL_CTX* context, const TlsOptions& options) {
  if (!VerifiesPeer(options)) return Status::OK();
  if (options.trusted_ca_path.empty()) {
    if (SSL_CTX_set_default_verify_paths(context) != 1) {
      return OpenSslFailure("cannot load the system's trusted CA certificates");
    }
    return Status::OK();
  }
  if (SSL_CTX_load_verify_locations(context, options.trusted_ca_path.c_str(), nullptr) != 1) {
    return OpenSslFailure("cannot load trusted CA bundle " + options.trusted_ca_path);
  }
  return Status::OK();
}

void ConfigureCommon(SSL_CTX* context) {
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
  // Peers (Java's included) often close without close_notify; treat that as a plain EOF
  // rather than an error, as OpenSSL 1.1 did.
  SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
}

}  // namespace

std::string TakeOpenSslError() {
  std::string text;
  while (unsigned long error = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(error, buffer, sizeof(buffer));
    text = buffer;  // the last one is the most specific
  }
  return text;
}

Result<std::shared_ptr<TlsContext>> TlsContext::CreateServer(const TlsOptions& options) {
  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  if (context == nullptr) return OpenSslFailure("cannot create a TLS server context");
  std::shared_ptr<TlsContext> result(new TlsContext(context, options.mode));
  ConfigureCommon(context);
  if (options.certificate_path.empty()) {
    RMQ_RETURN_IF_ERROR(UseSelfSignedCertificate(context));
  } else {
    RMQ_RETURN_IF_ERROR(LoadIdentity(context, options));
  }
  RMQ_RETURN_IF_ERROR(LoadTrust(context, options));
  switch (options.client_auth) {
    case TlsClientAuth::kNone:
      SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
      break;
    case TlsClientAuth::kOptional:
    case TlsClientAuth::kRequire: {
      const int fail_if_none =
          options.client_auth == TlsClientAuth::kRequire ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0;
      SSL_CTX_set_verify(context, SSL_VERIFY_PEER | fail_if_none,
                         VerifiesPeer(options) ? nullptr : &AcceptAnyCertificate);
      break;
    }
  }
  return result;
}

Result<std::shared_ptr<TlsContext>> TlsContext::CreateClient(const TlsOptions& options) {
  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  if (context == nullptr) return OpenSslFailure("cannot create a TLS client context");
  std::shared_ptr<TlsContext> result(new TlsContext(context, options.mode));
  ConfigureCommon(context);
  if (!options.certificate_path.empty()) RMQ_RETURN_IF_ERROR(LoadIdentity(context, options));
  RMQ_RETURN_IF_ERROR(LoadTrust(context, options));
  SSL_CTX_set_verify(context, VerifiesPeer(options) ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  return result;
}

TlsContext::~TlsContext() { SSL_CTX_free(context_); }

ssl_st* TlsContext::NewSession() const { return SSL_new(context_); }

}  // namespace remoting
}  // namespace rocketmq
