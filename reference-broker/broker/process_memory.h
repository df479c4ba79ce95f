// The broker's own memory, told apart from the store files it maps: resident CommitLog and
// ConsumeQueue pages are page cache the kernel can drop, while anonymous memory (heap,
// thread stacks, allocator arenas) is what the broker itself holds. A plain RSS mixes
// both, so a broker with a warm store looks large without being so.
//
// Read from /proc/self/smaps_rollup (Linux 4.14+), or /proc/self/statm on older kernels
// (whose "shared" pages stand in for the file-backed ones).
#ifndef ROCKETMQ_BROKER_PROCESS_MEMORY_H_
#define ROCKETMQ_BROKER_PROCESS_MEMORY_H_

#include <cstdint>
#include <string_view>

#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

struct ProcessMemory {
  int64_t resident_bytes = 0;
  // Heap, stacks and other private anonymous mappings: the broker's own memory.
  int64_t anonymous_bytes = 0;
  // Resident pages of mapped files: the store's files, and the program and its libraries.
  int64_t file_backed_bytes = 0;
  int64_t swap_bytes = 0;
};

// Parses the text of /proc/<pid>/smaps_rollup. InvalidArgument when Rss or Anonymous is
// missing.
Result<ProcessMemory> ParseSmapsRollup(std::string_view text);
// Parses /proc/<pid>/statm ("size resident shared text lib data dt", in pages).
Result<ProcessMemory> ParseStatm(std::string_view text, int64_t page_size);

// This process's memory, from smaps_rollup or else statm.
Result<ProcessMemory> ReadProcessMemory();

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_PROCESS_MEMORY_H_
