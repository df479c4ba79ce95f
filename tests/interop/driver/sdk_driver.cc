// The interop suite's driver for OUR SDK: the counterpart of java/Interop.java, with the same
// output lines ("sent status=... msgId=... queue=... offset=... body=..."), so a test can
// send with one side and check with the other.
//
//   rmq-interop-driver produce --namesrv ADDR --topic T [--count N] [--prefix P] [--tag TAG]
//       [--mode sync|async|oneway|batch|orderly] [--delay LEVEL] [--key SHARDING_KEY]
//       [--trace true]
//       [--delay-ms MS]  (a timer message: Message::set_delay)
//   rmq-interop-driver consume --namesrv ADDR --topic T --group G [--count N] [--seconds S]
//       [--listener concurrently|orderly] [--expression "TagA || TagB"] [--fail true]
//       [--max-reconsume N] [--rebalance-ms MS] [--until stdin] [--sql SELECTOR] [--trace true]
//     prints "received body=... msgId=... queue=... offset=... reconsume=... props=..." once per
//     distinct body; exits 0 once --count distinct bodies arrived within --seconds.
//     --fail true: the listener asks for every delivery again (kReconsumeLater, or with the
//     orderly listener kSuspendCurrentQueueAMoment for 100 ms) and prints
//     "delivery body=... msgId=... reconsume=..." for each; a body counts once delivered with
//     reconsume == --max-reconsume. --until stdin: keeps consuming until stdin closes.
//     --sql: subscribes with an SQL92 selector instead of --expression.
//   rmq-interop-driver litepull --namesrv ADDR --topic T --group G [--count N] [--seconds S]
//     the same "received" lines, from a LitePullConsumer (subscribe, poll, auto-commit).
//   produce and consume take --tls true: TLS to nameservers and brokers (no certificates).
//   rmq-interop-driver txn --namesrv ADDR --topic T --group G [--prefix P] [--seconds S]
//       [--trace true] [--until stdin|none]
//     sends "<P>-commit", "<P>-rollback" and "<P>-unknown" with a TransactionProducer whose
//     executor answers as named and whose checker answers commit ("checked body=..."), then
//     stays up to answer check-backs until stdin closes.
//   rmq-interop-driver request --namesrv ADDR --topic T [--count N] [--prefix P]
//       [--timeout-ms MS] [--first-timeout-ms MS]
//     Producer::Request of "<P>-<i>", one after the other; prints
//     "reply body=... correlation=... topic=... type=... keys=<property names, sorted>" or
//     "request failed body=...: ...".
//   rmq-interop-driver replier --namesrv ADDR --topic T [--group G] [--seconds S]
//     answers every request on T with CreateReplyMessage(request, "reply:" + body), printing
//     "replied body=... status=...", until stdin closes.
//   produce and consume also take --access-key AK --secret-key SK: requests signed for ACL.
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "rocketmq/lite_pull_consumer.h"
#include "rocketmq/logging.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"
#include "rocketmq/transaction_producer.h"

namespace {

using Options = std::map<std::string, std::string>;

std::string Get(const Options& o, const std::string& key, const std::string& fallback) {
  auto it = o.find(key);
  return it == o.end() ? fallback : it->second;
}

void PrintSent(const rocketmq::SendResult& r, const std::string& body) {
  std::printf("sent status=%s msgId=%s offsetMsgId=%s queue=%d offset=%lld body=%s\n",
              rocketmq::SendStatusName(r.status), r.message_id.c_str(), r.offset_message_id.c_str(),
              r.queue.queue_id, static_cast<long long>(r.queue_offset), body.c_str());
}

// Polls `done` until it holds or `seconds` pass; with `until_stdin`, then also waits for stdin
// to reach its end (the suite's signal to stop) within the same bound.
bool WaitFor(const std::function<bool()>& done, int seconds, bool until_stdin) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  bool stdin_open = until_stdin;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!stdin_open && done()) return true;
    if (!stdin_open) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    pollfd in{STDIN_FILENO, POLLIN, 0};
    if (poll(&in, 1, 100) > 0) {
      char buffer[256];
      if (read(STDIN_FILENO, buffer, sizeof(buffer)) <= 0) stdin_open = false;
    }
  }
  return !stdin_open && done();
}

void PrintReceived(const rocketmq::MessageExt& m) {
  // Property names sorted (the map's order) and comma-separated, as Interop.java prints them.
  std::string names;
  for (const auto& [name, value] : m.properties()) {
    if (!names.empty()) names += ',';
    names += name;
  }
  std::printf(
      "received body=%s msgId=%s queue=%d offset=%lld reconsume=%d born=%lld stored=%lld "
      "props=%s\n",
      m.body().c_str(), m.msg_id().c_str(), m.queue_id(), static_cast<long long>(m.queue_offset()),
      m.reconsume_times(), static_cast<long long>(m.born_timestamp()),
      static_cast<long long>(m.store_timestamp()), names.c_str());
}

int Produce(const Options& o) {
  rocketmq::ProducerConfig config;
  config.namesrv_addr = Get(o, "namesrv", "");
  config.group = Get(o, "group", "interop_sdk_producer");
  config.enable_msg_trace = Get(o, "trace", "false") == "true";
  config.tls_enable = Get(o, "tls", "false") == "true";
  config.access_key = Get(o, "access-key", "");
  config.secret_key = Get(o, "secret-key", "");
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start: %s\n", s.ToString().c_str());
    return 1;
  }
  const int count = std::atoi(Get(o, "count", "1").c_str());
  const std::string mode = Get(o, "mode", "sync");
  const std::string prefix = Get(o, "prefix", "msg");
  const int delay = std::atoi(Get(o, "delay", "0").c_str());
  const long long delay_ms = std::atoll(Get(o, "delay-ms", "0").c_str());
  std::vector<rocketmq::Message> messages;
  std::vector<std::string> bodies;
  for (int i = 0; i < count; ++i) {
    bodies.push_back(prefix + "-" + std::to_string(i));
    rocketmq::Message m(Get(o, "topic", ""), Get(o, "tag", "TagA"), bodies.back());
    m.set_key(bodies.back());
    if (delay > 0) m.set_delay_level(delay);
    if (delay_ms > 0) m.set_delay(std::chrono::milliseconds(delay_ms));
    messages.push_back(std::move(m));
  }

  int failures = 0;
  if (mode == "batch") {
    auto r = producer.SendBatch(messages);
    if (r.ok()) {
      // As Java's, a batch's message id lists every message's id, comma-separated, in order.
      std::vector<std::string> ids;
      size_t start = 0;
      for (size_t comma; (comma = r->message_id.find(',', start)) != std::string::npos;
           start = comma + 1) {
        ids.push_back(r->message_id.substr(start, comma - start));
      }
      ids.push_back(r->message_id.substr(start));
      for (size_t i = 0; i < bodies.size(); ++i) {
        rocketmq::SendResult one = *r;
        one.message_id = i < ids.size() ? ids[i] : "";
        PrintSent(one, bodies[i]);
      }
    } else {
      std::fprintf(stderr, "batch: %s\n", r.status().ToString().c_str());
      ++failures;
    }
  } else if (mode == "async") {
    std::mutex mu;
    std::condition_variable cv;
    int pending = count;
    for (int i = 0; i < count; ++i) {
      auto s =
          producer.SendAsync(messages[i], [&, i](const rocketmq::Result<rocketmq::SendResult>& r) {
            std::lock_guard<std::mutex> lock(mu);
            if (r.ok()) {
              PrintSent(*r, bodies[i]);
            } else {
              std::fprintf(stderr, "async %d: %s\n", i, r.status().ToString().c_str());
              ++failures;
            }
            if (--pending == 0) cv.notify_all();
          });
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        std::fprintf(stderr, "async %d not sent: %s\n", i, s.ToString().c_str());
        ++failures;
        --pending;
      }
    }
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, std::chrono::seconds(30), [&] { return pending == 0; });
    if (pending != 0) failures += pending;
  } else {
    for (int i = 0; i < count; ++i) {
      if (mode == "oneway") {
        auto s = producer.SendOneway(messages[i]);
        if (s.ok()) {
          std::printf("sent status=ONEWAY body=%s\n", bodies[i].c_str());
        } else {
          std::fprintf(stderr, "oneway %d: %s\n", i, s.ToString().c_str());
          ++failures;
        }
        continue;
      }
      auto r = mode == "orderly" ? producer.SendOrderly(messages[i], Get(o, "key", "order-key"))
                                 : producer.Send(messages[i]);
      if (r.ok()) {
        PrintSent(*r, bodies[i]);
      } else {
        std::fprintf(stderr, "send %d: %s\n", i, r.status().ToString().c_str());
        ++failures;
      }
    }
  }
  std::fflush(stdout);
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}

int Consume(const Options& o) {
  rocketmq::ConsumerConfig config;
  config.namesrv_addr = Get(o, "namesrv", "");
  config.group = Get(o, "group", "interop_sdk_consumer");
  config.enable_msg_trace = Get(o, "trace", "false") == "true";
  config.tls_enable = Get(o, "tls", "false") == "true";
  config.access_key = Get(o, "access-key", "");
  config.secret_key = Get(o, "secret-key", "");
  config.consume_from_where = rocketmq::ConsumeFromWhere::kFirstOffset;
  config.poll_name_server_interval_ms = 1000;
  config.rebalance_interval_ms = std::atoi(Get(o, "rebalance-ms", "20000").c_str());
  const bool fail = Get(o, "fail", "false") == "true";
  const int max_reconsume = std::atoi(Get(o, "max-reconsume", "-1").c_str());
  config.max_reconsume_times = max_reconsume;
  config.suspend_current_queue_time_ms = 100;
  const size_t count = static_cast<size_t>(std::atoi(Get(o, "count", "1").c_str()));
  const int seconds = std::atoi(Get(o, "seconds", "30").c_str());

  std::mutex mu;
  std::set<std::string> seen;
  auto record = [&](const std::vector<rocketmq::MessageExt>& messages) {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& m : messages) {
      if (fail) {
        std::printf("delivery body=%s msgId=%s reconsume=%d\n", m.body().c_str(),
                    m.msg_id().c_str(), m.reconsume_times());
        if (m.reconsume_times() == max_reconsume) seen.insert(m.body());
      } else if (seen.insert(m.body()).second) {
        PrintReceived(m);
      }
    }
    std::fflush(stdout);
  };

  rocketmq::PushConsumer consumer(config);
  const rocketmq::Status subscribed =
      o.count("sql") != 0 ? consumer.Subscribe(Get(o, "topic", ""), Get(o, "sql", ""),
                                               rocketmq::ExpressionType::kSql92)
                          : consumer.Subscribe(Get(o, "topic", ""), Get(o, "expression", "*"));
  if (!subscribed.ok()) {
    const rocketmq::Status& s = subscribed;
    std::fprintf(stderr, "subscribe: %s\n", s.ToString().c_str());
    return 1;
  }
  if (Get(o, "listener", "concurrently") == "orderly") {
    consumer.RegisterOrderlyListener([&](const std::vector<rocketmq::MessageExt>& messages) {
      record(messages);
      return fail ? rocketmq::ConsumeOrderlyStatus::kSuspendCurrentQueueAMoment
                  : rocketmq::ConsumeOrderlyStatus::kSuccess;
    });
  } else {
    consumer.RegisterMessageListener([&](const std::vector<rocketmq::MessageExt>& messages) {
      record(messages);
      return fail ? rocketmq::ConsumeStatus::kReconsumeLater
                  : rocketmq::ConsumeStatus::kConsumeSuccess;
    });
  }
  if (auto s = consumer.Start(); !s.ok()) {
    std::fprintf(stderr, "start: %s\n", s.ToString().c_str());
    return 1;
  }
  const bool all = WaitFor(
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        return seen.size() >= count;
      },
      seconds, Get(o, "until", "") == "stdin");
  consumer.Shutdown();
  std::printf("received_total=%zu\n", seen.size());
  return all ? 0 : 1;
}

int LitePull(const Options& o) {
  rocketmq::ConsumerConfig config;
  config.namesrv_addr = Get(o, "namesrv", "");
  config.group = Get(o, "group", "interop_sdk_lite");
  config.enable_msg_trace = Get(o, "trace", "false") == "true";
  config.consume_from_where = rocketmq::ConsumeFromWhere::kFirstOffset;
  const size_t count = static_cast<size_t>(std::atoi(Get(o, "count", "1").c_str()));
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::seconds(std::atoi(Get(o, "seconds", "30").c_str()));
  rocketmq::LitePullConsumer consumer(config);
  if (auto s = consumer.Subscribe(Get(o, "topic", ""), Get(o, "expression", "*")); !s.ok()) {
    std::fprintf(stderr, "subscribe: %s\n", s.ToString().c_str());
    return 1;
  }
  if (auto s = consumer.Start(); !s.ok()) {
    std::fprintf(stderr, "start: %s\n", s.ToString().c_str());
    return 1;
  }
  std::set<std::string> seen;
  while (seen.size() < count && std::chrono::steady_clock::now() < deadline) {
    auto polled = consumer.Poll(std::chrono::milliseconds(500));
    if (!polled.ok()) {
      std::fprintf(stderr, "poll: %s\n", polled.status().ToString().c_str());
      continue;
    }
    for (const auto& m : *polled) {
      if (seen.insert(m.body()).second) PrintReceived(m);
    }
    std::fflush(stdout);
  }
  consumer.Shutdown();
  std::printf("received_total=%zu\n", seen.size());
  return seen.size() >= count ? 0 : 1;
}

int Transactions(const Options& o) {
  rocketmq::ProducerConfig config;
  config.namesrv_addr = Get(o, "namesrv", "");
  config.group = Get(o, "group", "interop_sdk_txn");
  config.enable_msg_trace = Get(o, "trace", "false") == "true";
  rocketmq::TransactionProducer producer(config, [](const rocketmq::MessageExt& m) {
    std::printf("checked body=%s msgId=%s\n", m.body().c_str(), m.msg_id().c_str());
    std::fflush(stdout);
    return rocketmq::TransactionState::kCommit;
  });
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start: %s\n", s.ToString().c_str());
    return 1;
  }
  const std::string prefix = Get(o, "prefix", "txn");
  const std::vector<std::pair<std::string, rocketmq::TransactionState>> plan = {
      {"commit", rocketmq::TransactionState::kCommit},
      {"rollback", rocketmq::TransactionState::kRollback},
      {"unknown", rocketmq::TransactionState::kUnknown}};
  int failures = 0;
  for (const auto& [what, state] : plan) {
    const std::string body = prefix + "-" + what;
    rocketmq::Message m(Get(o, "topic", ""), "TagA", body);
    m.set_key(body);
    const rocketmq::TransactionState answer = state;
    auto r = producer.SendInTransaction(
        m, [answer](const rocketmq::Message&, const rocketmq::SendResult&) { return answer; });
    if (r.ok()) {
      std::printf("txn status=%s state=%s msgId=%s body=%s\n", rocketmq::SendStatusName(r->status),
                  rocketmq::TransactionStateName(r->local_state), r->message_id.c_str(),
                  body.c_str());
    } else {
      std::fprintf(stderr, "txn %s: %s\n", body.c_str(), r.status().ToString().c_str());
      ++failures;
    }
  }
  std::fflush(stdout);
  WaitFor([] { return true; }, std::atoi(Get(o, "seconds", "60").c_str()),
          Get(o, "until", "stdin") == "stdin");
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}

int Request(const Options& o) {
  rocketmq::ProducerConfig config;
  config.namesrv_addr = Get(o, "namesrv", "");
  config.group = Get(o, "group", "interop_sdk_requester");
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start: %s\n", s.ToString().c_str());
    return 1;
  }
  const int count = std::atoi(Get(o, "count", "1").c_str());
  int failures = 0;
  for (int i = 0; i < count; ++i) {
    const std::string body = Get(o, "prefix", "req") + "-" + std::to_string(i);
    const std::chrono::milliseconds timeout(std::atoi(
        Get(o, i == 0 ? "first-timeout-ms" : "timeout-ms", i == 0 ? "30000" : "5000").c_str()));
    auto reply = producer.Request(rocketmq::Message(Get(o, "topic", ""), body), timeout);
    if (reply.ok()) {
      std::string keys;
      for (const auto& [name, value] : reply->properties())
        keys += (keys.empty() ? "" : ",") + name;
      std::printf("reply body=%s correlation=%s topic=%s type=%s keys=%s\n", reply->body().c_str(),
                  reply->property("CORRELATION_ID").c_str(), reply->topic().c_str(),
                  reply->property("MSG_TYPE").c_str(), keys.c_str());
    } else {
      ++failures;
      std::printf("request failed body=%s: %s\n", body.c_str(), reply.status().ToString().c_str());
    }
    std::fflush(stdout);
  }
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}

int Replier(const Options& o) {
  rocketmq::ProducerConfig producer_config;
  producer_config.namesrv_addr = Get(o, "namesrv", "");
  producer_config.group = Get(o, "group", "interop_sdk_replier") + "_P";
  rocketmq::Producer producer(producer_config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start: %s\n", s.ToString().c_str());
    return 1;
  }
  rocketmq::ConsumerConfig config;
  config.namesrv_addr = Get(o, "namesrv", "");
  config.group = Get(o, "group", "interop_sdk_replier");
  config.consume_from_where = rocketmq::ConsumeFromWhere::kFirstOffset;
  config.rebalance_interval_ms = 1000;
  rocketmq::PushConsumer consumer(config);
  if (auto s = consumer.Subscribe(Get(o, "topic", "")); !s.ok()) {
    std::fprintf(stderr, "subscribe: %s\n", s.ToString().c_str());
    return 1;
  }
  std::mutex out_mu;
  consumer.RegisterMessageListener([&](const std::vector<rocketmq::MessageExt>& messages) {
    for (const auto& m : messages) {
      auto reply = rocketmq::CreateReplyMessage(m, "reply:" + m.body());
      auto sent = reply.ok() ? producer.Send(*reply)
                             : rocketmq::Result<rocketmq::SendResult>(reply.status());
      std::lock_guard<std::mutex> lock(out_mu);
      if (sent.ok()) {
        std::printf("replied body=%s status=%s\n", m.body().c_str(),
                    rocketmq::SendStatusName(sent->status));
      } else {
        std::printf("reply failed body=%s: %s\n", m.body().c_str(),
                    sent.status().ToString().c_str());
      }
      std::fflush(stdout);
    }
    return rocketmq::ConsumeStatus::kConsumeSuccess;
  });
  if (auto s = consumer.Start(); !s.ok()) {
    std::fprintf(stderr, "start: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("replier started\n");
  std::fflush(stdout);
  WaitFor([] { return true; }, std::atoi(Get(o, "seconds", "120").c_str()), true);
  consumer.Shutdown();
  producer.Shutdown();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The tests read the SDK's INFO lines (which queues a consumer took and released).
  rocketmq::SetLogLevel(rocketmq::LogLevel::kInfo);
  if (argc < 2) {
    std::fprintf(stderr, "usage: rmq-interop-driver produce --namesrv ADDR --topic T ...\n");
    return 2;
  }
  Options o;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    if (key.rfind("--", 0) != 0) {
      std::fprintf(stderr, "expected --option, got %s\n", argv[i]);
      return 2;
    }
    o[key.substr(2)] = argv[i + 1];
  }
  const std::string command = argv[1];
  if (command == "produce") return Produce(o);
  if (command == "consume") return Consume(o);
  if (command == "litepull") return LitePull(o);
  if (command == "txn") return Transactions(o);
  if (command == "request") return Request(o);
  if (command == "replier") return Replier(o);
  std::fprintf(stderr, "unknown command %s\n", command.c_str());
  return 2;
}
