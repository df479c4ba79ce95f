// Reused buffers for encoded batch bodies (PrepareBatch).
//
// A batch of 32 x 1 KiB messages encodes to ~33 KiB. Allocated per batch, the buffer was
// zero-filled by std::string::resize, glibc handed it back to the kernel when the frame was
// written (madvise; ~0.5 page faults per batch to fault it in again) and the bodies were
// copied into cold memory. A body taken from this pool is one a recent batch warmed, and a
// string that already held a similar batch needs no fill: resize only fills what it grows.
//
// Thread-safe: batches are prepared on the callers' threads and their bodies released on
// whichever thread drops the last reference (usually the I/O thread, once the frame is
// written).
#ifndef ROCKETMQ_PRODUCER_BATCH_BODY_POOL_H_
#define ROCKETMQ_PRODUCER_BATCH_BODY_POOL_H_

#include <cstddef>
#include <string>

namespace rocketmq {
namespace client {

// A string of `size` bytes whose contents are unspecified (a previous batch's): the caller
// overwrites every byte.
std::string TakeBatchBody(size_t size);

// Keeps `body`'s buffer for a later TakeBatchBody, unless it is larger than
// kMaxPooledBatchBody or the pool already holds kMaxPooledBatchBytes.
void ReturnBatchBody(std::string body);

// Bounds on what the pool keeps while idle: enough for the bodies of 32 batches of 32 x 1 KiB
// in flight, and none of the rare multi-MiB batches.
inline constexpr size_t kMaxPooledBatchBody = 256 * 1024;
inline constexpr size_t kMaxPooledBatchBytes = 1024 * 1024;

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_BATCH_BODY_POOL_H_
