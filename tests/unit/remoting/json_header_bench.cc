// json_header_bench: cost of the JSON header codec on the broker's hot path, a Java
// producer's SEND_MESSAGE_V2 request in and its answer out, and a Java consumer's pull. Not a test:
// run it from a release build and quote its numbers (CPU ns per call).
#include <time.h>

#include <cstdio>
#include <string>

#include "remoting/json_header.h"
#include "remoting/remoting_command.h"

namespace rocketmq {
namespace remoting {
namespace {

// What Apache's 4.9.7 DefaultMQProducer sends for a 1 KiB message (HashMap key order,
// properties with fastjson's \u0001/\u0002 escapes).
const char kJavaSendHeader[] =
    R"({"code":310,"extFields":{"a":"benchmark_producer","b":"BenchmarkTest","c":"TBW102",)"
    R"("d":"4","e":"3","f":"0","g":"1765000000123","h":"0","i":"WAIT\u0001true\u0002)"
    R"(UNIQ_KEY\u0001AC110002615A18B4AAC27A4A5C6F0000\u0002TAGS\u0001TagA\u0002",)"
    R"("j":"0","k":"false","m":"false"},"flag":0,"language":"JAVA","opaque":1234567,)"
    R"("serializeTypeCurrentRPC":"JSON","version":395})";

double ThreadCpuNanos() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

// CPU time rather than wall time: the numbers stay comparable on a shared machine.
// A Java push consumer's PULL_MESSAGE, the other request a Java client sends per batch.
const char kJavaPullHeader[] =
    R"({"code":11,"extFields":{"queueId":"3","maxMsgNums":"32","sysFlag":"3",)"
    R"("suspendTimeoutMillis":"15000","commitOffset":"1048576","topic":"BenchmarkTest",)"
    R"("queueOffset":"1048608","expressionType":"TAG","subVersion":"1765000000456",)"
    R"("consumerGroup":"benchmark_consumer","subscription":"*"},"flag":0,"language":"JAVA",)"
    R"("opaque":7654321,"serializeTypeCurrentRPC":"JSON","version":395})";

template <typename Fn>
double NanosPerCall(int iterations, Fn&& fn) {
  const double start = ThreadCpuNanos();
  for (int i = 0; i < iterations; ++i) fn(i);
  return (ThreadCpuNanos() - start) / iterations;
}

volatile size_t g_sink;

void BenchDecode(const char* what, const std::string& header) {
  constexpr int kCount = 1000000;
  const double ns = NanosPerCall(kCount, [&](int) {
    Result<RemotingCommand> command = DecodeJsonHeader(header.data(), header.size());
    g_sink = g_sink + command->ext_fields().size();
  });
  std::printf("decode Java %s header (%zu bytes): %.0f ns\n", what, header.size(), ns);
}

void BenchEncode() {
  RemotingCommand response = RemotingCommand::CreateResponse(0);
  response.set_opaque(1234567);
  response.MarkResponse();
  response.SetExtField("msgId", "7F00000100002A9F0000000000A3B1C2");
  response.SetExtField("queueId", "3");
  response.SetExtField("queueOffset", "1234567");
  response.SetExtField("MSG_REGION", "DefaultRegion");
  response.SetExtField("TRACE_ON", "true");
  response.SetExtField("transactionId", "AC110002615A18B4AAC27A4A5C6F0000");
  std::string out;
  constexpr int kCount = 1000000;
  const double ns = NanosPerCall(kCount, [&](int) {
    out.clear();
    AppendJsonHeader(response, &out);
    g_sink = g_sink + out.size();
  });
  std::printf("encode send answer header (%zu bytes): %.0f ns\n", out.size(), ns);
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq

int main() {
  rocketmq::remoting::BenchDecode("SEND_MESSAGE_V2", rocketmq::remoting::kJavaSendHeader);
  rocketmq::remoting::BenchDecode("PULL_MESSAGE", rocketmq::remoting::kJavaPullHeader);
  rocketmq::remoting::BenchEncode();
  return 0;
}
