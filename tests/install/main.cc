// Uses the installed headers and libraries: exits 0 when the library loaded matches the
// headers and a config error comes back as a Status naming the key.
#include <cstdio>
#include <string>

#include "rocketmq/c/rmq.h"
#include "rocketmq/producer.h"
#include "rocketmq/version.h"

int main() {
  rocketmq::ProducerConfig config;
  const rocketmq::Status s = config.Set("sendMsgTimeout", "abc");
  const bool named = s.message().find("sendMsgTimeout") != std::string::npos;
  std::printf("rocketmq %s (C ABI %s): %s\n", rocketmq::VersionString(), rmq_version_str(),
              s.ToString().c_str());
  return rocketmq::Version() == RMQ_VERSION && rmq_version() == RMQ_C_VERSION && named ? 0 : 1;
}
