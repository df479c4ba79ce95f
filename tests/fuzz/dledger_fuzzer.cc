// Feeds arbitrary bytes to what a DLedger member reads from peers and from disk: every RPC
// body decoder, the entry decoder, and store recovery over a data file holding the bytes (a
// torn or foreign store). All must fail cleanly, never crash or read outside their input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dledger/entry.h"
#include "dledger/ledger_store.h"
#include "dledger/rpc_codec.h"
#include "store/fault_injection_env.h"
#include "store/mapped_file.h"

namespace {

using namespace rocketmq::dledger;  // NOLINT(google-build-using-namespace): a fuzzer's body

constexpr int64_t kFileSize = 4096;

void DecodeBodies(std::string_view text) {
  VoteRequest vote;
  (void)DecodeVoteRequest(text, &vote);
  VoteResponse vote_answer;
  (void)DecodeVoteResponse(text, &vote_answer);
  HeartBeatRequest beat;
  (void)DecodeHeartBeatRequest(text, &beat);
  PushEntryRequest push;
  (void)DecodePushEntryRequest(text, &push);
  PushEntryResponse push_answer;
  (void)DecodePushEntryResponse(text, &push_answer);
  LeadershipTransferRequest transfer;
  (void)DecodeLeadershipTransferRequest(text, &transfer);
  AppendEntryRequest append;
  (void)DecodeAppendEntryRequest(text, &append);
  GetEntriesResponse get;
  (void)DecodeGetEntriesResponse(text, &get);
  (void)Base64Decode(text);
}

void RecoverFrom(std::string_view bytes) {
  rocketmq::store::FaultInjectionEnv env;
  std::string file(bytes.substr(0, kFileSize));
  file.resize(kFileSize, '\0');
  (void)env.CreateDirs("/s/data");
  (void)env.SetFileContents("/s/data/" + rocketmq::store::OffsetToFileName(0), file);
  LedgerStore store(&env, "/s", kFileSize, 32 * 16);
  if (!store.Recover().ok()) return;
  for (int64_t i = store.begin_index(); i >= 0 && i <= store.end_index(); ++i) {
    (void)store.Get(i);
  }
  (void)store.AppendAsLeader("next", store.end_term() < 0 ? 1 : store.end_term());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  DecodeBodies(bytes);
  (void)DecodeEntry(bytes.data(), bytes.size());
  RecoverFrom(bytes);
  return 0;
}
