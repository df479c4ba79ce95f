// rmq-mock-cluster: the mock nameserver and brokers as a process, for benchmarking the SDK
// without a real broker. Prints "mock cluster listening on 127.0.0.1:PORT" (the
// nameserver) and serves until its standard input closes.
//   rmq-mock-cluster [BROKERS=2] [QUEUES=8] [TOPIC=BenchmarkTest]
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "mock/mock_broker.h"
#include "mock/mock_nameserver.h"

int main(int argc, char** argv) {
  const int brokers = argc > 1 ? std::atoi(argv[1]) : 2;
  const int queues = argc > 2 ? std::atoi(argv[2]) : 8;
  const std::string topic = argc > 3 ? argv[3] : "BenchmarkTest";
  if (brokers < 1 || queues < 1) {
    std::fprintf(stderr, "usage: %s [BROKERS] [QUEUES] [TOPIC]\n", argv[0]);
    return 2;
  }
  std::vector<std::unique_ptr<rocketmq::mock::MockBroker>> owned;
  std::vector<const rocketmq::mock::MockBroker*> views;
  for (int i = 0; i < brokers; ++i) {
    owned.push_back(std::make_unique<rocketmq::mock::MockBroker>("broker-" + std::to_string(i)));
    if (auto s = owned.back()->Start(); !s.ok()) {
      std::fprintf(stderr, "broker: %s\n", s.ToString().c_str());
      return 1;
    }
    owned.back()->SetRecording(false);
    views.push_back(owned.back().get());
  }
  rocketmq::mock::MockNameserver nameserver;
  if (auto s = nameserver.Start(); !s.ok()) {
    std::fprintf(stderr, "nameserver: %s\n", s.ToString().c_str());
    return 1;
  }
  nameserver.SetRoute(topic, rocketmq::mock::MakeRoute(views, queues));
  nameserver.SetRoute("TBW102", rocketmq::mock::MakeRoute(views, queues, 7));
  std::printf("mock cluster listening on %s\n", nameserver.address().c_str());
  std::fflush(stdout);
  while (std::getchar() != EOF) {
  }
  return 0;
}
