// The `broker` program: Apache Broker's command line (-c FILE, -n NAMESRV, -p, -h,
// --key=value) around a BrokerController, stopped cleanly by SIGTERM or SIGINT.
#include <malloc.h>

#include <cstdio>
#include <string>

#include "broker/broker_config.h"
#include "broker/broker_controller.h"
#include "common/logging.h"
#include "common/server_process.h"
#include "common/settings.h"
#include "dledger/store_settings.h"
#include "store/message_store_config.h"

#ifdef RMQ_BROKER_JEMALLOC
// Read by jemalloc as it starts. Its thread caches keep freed blocks of up to 32 KiB by
// default: a batch of 32 x 1 KiB arrives as a ~36 KiB body, which the I/O thread allocated
// and freed through the arena (its lock, its extent bookkeeping) for every batch. With
// blocks of up to 128 KiB cached, jemalloc's share of a batched message went from 516 to
// 357 instructions.
extern "C" {
extern const char* malloc_conf;
__attribute__((visibility("default"))) const char* malloc_conf = "tcache_max:131072";
}
#endif

namespace {

constexpr char kUsage[] =
    "usage: broker [-c FILE] [-n NAMESRV] [-p] [-h] [--key=value | --key value]...\n"
    "  -c FILE     read settings from FILE (Apache broker.conf key=value format)\n"
    "  -n NAMESRV  nameservers, host:port[;host:port...] (same as --namesrvAddr)\n"
    "  -p          print the effective settings and exit\n"
    "  -h          print this help and exit\n"
    "  --key=value overrides any setting; settings are:\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "broker: %s\n", message.c_str());
  return 1;
}

#ifdef RMQ_BROKER_JEMALLOC
// jemalloc (RMQ_BROKER_ALLOCATOR, the default) keeps freed pages for 10 s by itself (its
// dirty_decay_ms).
void KeepFreedHeapMemory() {}
#else
// With glibc's malloc, the heap keeps what it frees instead of handing it back to the kernel
// at once: every page handed back and taken again costs a page fault, 4-11 us each on this
// project's VMs (freed pages go back to the host), and under batched sends the I/O thread's
// arena grew and shrank several times a second by the records held for the dispatcher (up to
// 4 MiB) and its 128 KiB socket read chains. Up to 16 MiB free at the top of an arena stays.
// Setting a threshold stops glibc raising them itself, so the mmap one is set where it would
// have ended up: a buffer below 32 MiB (a batch of up to maxMessageSize) comes from the heap,
// not from a mapping of its own faulted in page by page.
void KeepFreedHeapMemory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
}
#endif

int Run(int argc, char** argv) {
  KeepFreedHeapMemory();
  using rocketmq::broker::BrokerConfig;
  auto cmdline = rocketmq::ParseServerCommandLine(argc, argv, {{'n', "namesrvAddr"}});
  if (!cmdline.ok()) return Fail(cmdline.status().message() + " (see broker -h)");

  BrokerConfig config;
  rocketmq::store::MessageStoreConfig store_config;
  rocketmq::Settings settings("broker");
  rocketmq::broker::RegisterBrokerSettings(&config, &settings);
  rocketmq::store::RegisterMessageStoreSettings(&store_config, &settings);
  if (cmdline->help) {
    std::printf("%s%s", kUsage, settings.Describe().c_str());
    return 0;
  }
  const std::string default_ip = config.broker_ip1;
  if (rocketmq::Status s = rocketmq::LoadServerSettings(*cmdline, &settings); !s.ok()) {
    return Fail(s.message());
  }
  // Bound to one address and not told otherwise: advertise that address, which is the
  // only one clients can reach.
  if (config.broker_ip1 == default_ip && config.bind_address != "0.0.0.0" &&
      config.bind_address != "::") {
    config.broker_ip1 = config.bind_address;
  }
  if (rocketmq::Status s = config.tls.LoadConfigFile(); !s.ok()) return Fail(s.message());
  if (cmdline->print_config) {
    std::printf("%s", settings.Dump().c_str());
    return 0;
  }
  if (rocketmq::Status s = store_config.Validate(); !s.ok()) return Fail(s.message());
  if (store_config.enable_dleger_commit_log) {
    auto dledger = rocketmq::dledger::DLedgerConfigFromStore(store_config);
    if (!dledger.ok()) return Fail(dledger.status().message());
  }

  if (rocketmq::Status s = rocketmq::ConfigureServerLogging(config.log_level, config.log_file);
      !s.ok()) {
    return Fail(s.message());
  }
  rocketmq::StopSignals stop_signals;

  rocketmq::broker::BrokerController controller(config, store_config, cmdline->config_file);
  if (rocketmq::Status s = controller.Start(); !s.ok()) {
    controller.Shutdown();
    return Fail("cannot start: " + s.message());
  }
  const std::string addr = controller.BrokerAddr();
  const std::string listen = config.bind_address == "0.0.0.0" || config.bind_address == "::"
                                 ? addr
                                 : config.bind_address + ":" + std::to_string(controller.port());
  std::printf("The broker[%s, %s] boot success. serializeType=JSON listening on %s\n",
              config.broker_name.c_str(), addr.c_str(), listen.c_str());
  if (controller.ha_master() != nullptr) {
    // Tests and operators pointing a slave at this master by haMasterAddress need the port.
    std::printf("The broker[%s] accepts HA slaves on port %u\n", config.broker_name.c_str(),
                static_cast<unsigned>(controller.ha_port()));
  }
  std::fflush(stdout);

  const int signal_number = stop_signals.Wait();
  RMQ_LOG_INFO << "received signal " << signal_number << "; shutting down";
  controller.Shutdown();
  RMQ_LOG_INFO << "broker stopped";
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
