// protocol_bench: throughput of the protocol layer's hot paths (CRC32 vs zlib, CommitLog
// record encode/decode, property lookup, unique keys, route JSON, the per-message headers).
// Not a test: run it from a release build and quote its numbers; `protocol_bench headers [N]`
// runs the headers alone, N decodes of each (under callgrind: instructions per decode).
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "protocol/crc32.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/pull_headers.h"
#include "protocol/request_code.h"
#include "protocol/send_headers.h"
#include "protocol/topic_route_data.h"

namespace rocketmq {
namespace protocol {
namespace {

template <typename Fn>
double SecondsFor(int iterations, Fn&& fn) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) fn(i);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

volatile uint64_t g_sink;

void BenchCrc() {
  for (size_t size : {size_t{128}, size_t{1024}, size_t{4096}, size_t{1} << 20}) {
    std::vector<uint8_t> data(size, 0x5A);
    const int iterations = static_cast<int>((256u << 20) / size);
    const double kib = static_cast<double>(size) * iterations / 1024.0;
    const double ours =
        SecondsFor(iterations, [&](int) { g_sink = g_sink + Crc32(0, data.data(), size); });
    const double portable =
        SecondsFor(iterations, [&](int) { g_sink = g_sink + Crc32Portable(0, data.data(), size); });
    const double zlib = SecondsFor(
        iterations, [&](int) { g_sink = g_sink + crc32(0, data.data(), static_cast<uInt>(size)); });
    std::printf(
        "crc32 %8zu B: accelerated %.3f us/KiB, slicing-by-8 %.3f us/KiB, zlib %.3f us/KiB\n", size,
        ours * 1e6 / kib, portable * 1e6 / kib, zlib * 1e6 / kib);
  }
}

void BenchRecords() {
  const std::string body(1024, 'b');
  const std::string properties =
      "TAGS\x01TagA\x02KEYS\x01k1 k2\x02UNIQ_KEY\x01"
      "C0A8010A30391B6D3586075BCD150001\x02WAIT\x01true\x02";
  MessageRecord r;
  r.topic = "BenchTopic";
  r.body = body;
  r.properties = properties;
  r.born_host = HostAddress::V4(0x0A000005, 50000);
  r.store_host = HostAddress::V4(0x0A000001, 10911);
  const size_t size = EncodedMessageRecordSize(r);
  constexpr int kCount = 1000000;
  std::vector<char> region(size * 1024);
  const double encode = SecondsFor(kCount, [&](int i) {
    char* dst = region.data() + (static_cast<size_t>(i) % 1024) * size;
    r.body_crc = MaskedCrc32(r.body);
    (void)EncodeMessageRecord(r, dst, size);
    SetAppendFields(dst, i, static_cast<int64_t>(i) * static_cast<int64_t>(size), 1700000000000);
  });
  std::printf("record encode (1 KiB body, with CRC): %.0f msgs/s, %.0f ns/msg\n", kCount / encode,
              encode * 1e9 / kCount);
  const std::string_view all(region.data(), region.size());
  const double decode = SecondsFor(kCount, [&](int i) {
    Result<MessageRecord> back =
        DecodeMessageRecord(all.substr((static_cast<size_t>(i) % 1024) * size, size));
    g_sink = g_sink + static_cast<uint64_t>(back->queue_offset);
  });
  std::printf("record decode (views, no CRC check): %.0f msgs/s, %.0f ns/msg\n", kCount / decode,
              decode * 1e9 / kCount);
  MessageRecord dispatched;
  const double dispatch = SecondsFor(kCount, [&](int i) {
    (void)DecodeMessageRecordForDispatch(all.substr((static_cast<size_t>(i) % 1024) * size, size),
                                         &dispatched);
    g_sink = g_sink + static_cast<uint64_t>(dispatched.queue_offset);
  });
  std::printf("record decode for dispatch: %.0f msgs/s, %.0f ns/msg\n", kCount / dispatch,
              dispatch * 1e9 / kCount);
  const double find = SecondsFor(kCount, [&](int) {
    g_sink =
        g_sink + FindProperty(properties, MessageConst::kPropertyUniqClientMessageIdKeyidx)->size();
  });
  std::printf("FindProperty(UNIQ_KEY): %.0f ns\n", find * 1e9 / kCount);
  UniqueKeyGenerator keys(HostAddress::V4(0x0A000005, 0));
  char key[UniqueKeyGenerator::kMaxLength];
  const double unique = SecondsFor(kCount, [&](int) {
    keys.NextInto(key);
    g_sink = g_sink + static_cast<uint64_t>(key[31]);
  });
  std::printf("UniqueKeyGenerator::NextInto: %.0f ns\n", unique * 1e9 / kCount);
}

void BenchRoute() {
  TopicRouteData route;
  for (int b = 0; b < 8; ++b) {
    BrokerData broker;
    broker.broker_name = "broker-" + std::to_string(b);
    broker.cluster = "DefaultCluster";
    broker.broker_addrs = {{0, "10.0.0." + std::to_string(b) + ":10911"}};
    route.broker_datas.push_back(broker);
    QueueData queue;
    queue.broker_name = broker.broker_name;
    queue.read_queue_nums = queue.write_queue_nums = 8;
    queue.perm = 6;
    route.queue_datas.push_back(queue);
  }
  const std::string json = route.Encode();
  constexpr int kCount = 20000;
  const double decode = SecondsFor(
      kCount, [&](int) { g_sink = g_sink + TopicRouteData::Decode(json)->broker_datas.size(); });
  std::printf("TopicRouteData decode (8 brokers, %zu bytes): %.1f us\n", json.size(),
              decode * 1e6 / kCount);
}

// The headers decoded per message: a pull request and a V2 send on the broker, a pull's
// answer on the consumer, off a binary header's extFields bytes and off a JSON header's map.
void BenchHeaders(int count) {
  PullMessageRequestHeader pull;
  pull.consumer_group = "BenchConsumerGroup";
  pull.topic = "BenchTopic";
  pull.queue_id = 3;
  pull.queue_offset = 123456;
  pull.sys_flag = 3;
  pull.commit_offset = 123400;
  pull.suspend_timeout_millis = 15000;
  pull.subscription = "*";
  pull.expression_type = "TAG";
  pull.broker_name = "broker-a";
  const std::string pull_bytes = EncodeBinaryHeader(pull, 512);
  const ExtFields pull_map = pull.Encode();

  SendMessageRequestHeader send;
  send.producer_group = "BenchProducerGroup";
  send.topic = "BenchTopic";
  send.queue_id = 2;
  send.sys_flag = 0;
  send.born_timestamp = 1765000000000;
  send.properties =
      "UNIQ_KEY\x01"
      "C0A8010A30391B6D3586075BCD150001\x02WAIT\x01true\x02";
  send.broker_name = "broker-a";
  std::string send_bytes;
  send.AppendBinaryV2(&send_bytes);
  const ExtFields send_map = send.EncodeV2();

  PullMessageResponseHeader answer;
  answer.next_begin_offset = 123457;
  answer.min_offset = 0;
  answer.max_offset = 123457;
  answer.topic_sys_flag = 0;
  answer.group_sys_flag = 0;
  const std::string answer_bytes = EncodeBinaryHeader(answer, 256);

  const int kCount = count;
  const double pull_binary = SecondsFor(kCount, [&](int) {
    g_sink = g_sink + DecodeHeaderFromBytes<PullMessageRequestHeader>(pull_bytes)->queue_offset;
  });
  const double pull_json = SecondsFor(kCount, [&](int) {
    g_sink = g_sink + PullMessageRequestHeader::Decode(pull_map)->queue_offset;
  });
  const double send_binary = SecondsFor(kCount, [&](int) {
    g_sink = g_sink + SendMessageRequestHeaderView::DecodeBinaryForRequestCode(
                          RequestCode::kSendMessageV2, send_bytes)
                          ->born_timestamp;
  });
  const double send_json = SecondsFor(kCount, [&](int) {
    g_sink = g_sink + SendMessageRequestHeaderView::DecodeForRequestCode(
                          RequestCode::kSendMessageV2, send_map)
                          ->born_timestamp;
  });
  const double answer_binary = SecondsFor(kCount, [&](int) {
    g_sink =
        g_sink + DecodeHeaderFromBytes<PullMessageResponseHeader>(answer_bytes)->next_begin_offset;
  });
  std::printf(
      "header decode ns: pull request binary %.1f json %.1f, send V2 binary %.1f json %.1f, "
      "pull answer binary %.1f\n",
      pull_binary * 1e9 / kCount, pull_json * 1e9 / kCount, send_binary * 1e9 / kCount,
      send_json * 1e9 / kCount, answer_binary * 1e9 / kCount);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "headers") == 0) {
    rocketmq::protocol::BenchHeaders(argc > 2 ? std::atoi(argv[2]) : 1000000);
    return 0;
  }
  rocketmq::protocol::BenchHeaders(1000000);
  rocketmq::protocol::BenchCrc();
  rocketmq::protocol::BenchRecords();
  rocketmq::protocol::BenchRoute();
  return 0;
}
