#include "producer/batch_body_pool.h"

#include <mutex>
#include <utility>
#include <vector>

namespace rocketmq {
namespace client {
namespace {

struct Pool {
  std::mutex mu;
  std::vector<std::string> bodies;  // the last returned at the back: the warmest
  size_t bytes = 0;                 // the capacities of `bodies`
};

Pool& ThePool() {
  // Never destroyed: a batch's body may be released by an I/O thread during exit.
  static Pool* pool = new Pool();
  return *pool;
}

}  // namespace

std::string TakeBatchBody(size_t size) {
  std::string body;
  Pool& pool = ThePool();
  {
    std::lock_guard<std::mutex> lock(pool.mu);
    if (!pool.bodies.empty()) {
      body = std::move(pool.bodies.back());
      pool.bodies.pop_back();
      pool.bytes -= body.capacity();
    }
  }
  // Growing past the capacity would copy the old contents into the new buffer first.
  if (size > body.capacity()) body.clear();
  body.resize(size);
  return body;
}

void ReturnBatchBody(std::string body) {
  const size_t capacity = body.capacity();
  if (capacity > kMaxPooledBatchBody) return;
  Pool& pool = ThePool();
  std::lock_guard<std::mutex> lock(pool.mu);
  if (pool.bytes + capacity > kMaxPooledBatchBytes) return;
  pool.bodies.push_back(std::move(body));
  pool.bytes += capacity;
}

}  // namespace client
}  // namespace rocketmq
