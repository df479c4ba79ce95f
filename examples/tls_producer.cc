// Sends over TLS to nameservers and brokers (servers started with tls.server.mode=enforcing
// or permissive, Apache's or ours). Usage: tls_producer -n 127.0.0.1:9876 -t TopicTest -c 10
//
// Without certificates the client accepts any server certificate, as Apache's Java client
// does in its default test mode. To authenticate the servers, and to show a client
// certificate to servers that require one (tls.server.need.client.auth=require), set the
// PEM paths in TLS_TRUST_CERT_PATH, TLS_CERT_PATH and TLS_KEY_PATH.
#include <cstdio>
#include <cstdlib>

#include "example_args.h"
#include "rocketmq/producer.h"

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleTlsProducer";
  config.tls_enable = true;  // by name: config.Set("useTLS", "true")
  // A CA bundle turns server authentication on: a server whose certificate it did not sign
  // fails the handshake, and the send fails with a network error.
  config.tls_trust_cert_path = Env("TLS_TRUST_CERT_PATH");
  config.tls_cert_path = Env("TLS_CERT_PATH");
  config.tls_key_path = Env("TLS_KEY_PATH");
  rocketmq::Producer producer(config);
  // A certificate or key that cannot be loaded, or a key that does not match its
  // certificate, fails here with InvalidArgument naming the file.
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    auto result = producer.Send(rocketmq::Message(args.topic, "over TLS " + std::to_string(i)));
    if (result.ok()) {
      std::printf("%s %s %s\n", rocketmq::SendStatusName(result->status),
                  result->message_id.c_str(), result->queue.ToString().c_str());
    } else {
      std::fprintf(stderr, "send %d failed: %s\n", i, result.status().ToString().c_str());
      ++failures;
    }
  }
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}
