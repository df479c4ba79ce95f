// ThreadPool: a fixed set of worker threads draining one FIFO task queue.
//
// The queue may be bounded, so that a flood of work is refused (Submit returns Busy) instead
// of exhausting memory; the remoting server turns that into SYSTEM_BUSY answers. Shutdown
// refuses new tasks, lets the workers finish every task already queued, and joins them: a
// task accepted by Submit always runs exactly once. Tasks must therefore be bounded in time;
// shutdown takes as long as the longest queued work.
//
// A task wakes the worker that went idle last (LIFO), not the one idle longest as a shared
// condition variable would: under a light load the same few threads take every task, with
// warm caches and malloc arenas, and the others stay asleep. An idle worker sleeps on a futex
// of its own, outside the pool's lock: woken from a condition variable it took the lock back
// marked contended, and each such wakeup cost it one more futex call (to wake nobody) when it
// let the lock go.
//
//   ThreadPool pool("send", 4, 10000);
//   if (Status s = pool.Submit([] { ... }); !s.ok()) { /* busy or shut down */ }
//   pool.Shutdown();
#ifndef ROCKETMQ_COMMON_THREAD_POOL_H_
#define ROCKETMQ_COMMON_THREAD_POOL_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {

class ThreadPool {
 public:
  // `name` names the threads ("name-0", "name-1", ..., truncated to Linux's 15 characters)
  // and appears in error messages. `queue_capacity` 0 means unbounded. Threads start here.
  ThreadPool(std::string name, size_t threads, size_t queue_capacity = 0);
  // Shuts down (see Shutdown).
  ~ThreadPool();

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Queues `task`. Busy when the queue is full, IllegalState after Shutdown; the task is
  // then dropped without running.
  Status Submit(std::function<void()> task);

  // Refuses new tasks, runs everything queued, joins the workers. Idempotent. Must not be
  // called from one of this pool's own tasks.
  void Shutdown();

  bool InPoolThread() const;
  const std::string& name() const { return name_; }
  size_t thread_count() const { return threads_.size(); }
  size_t queued() const;
  // Workers waiting for a task.
  size_t idle_threads() const;

 private:
  // One per worker, owned by the pool so that Submit may wake it after unlocking.
  struct Worker {
    // 0 while idle, set to 1 (then futex-woken) by whoever takes it off idle_.
    std::atomic<uint32_t> woken{0};
  };

  void WorkerLoop(Worker* self);

  const std::string name_;
  const size_t queue_capacity_;
  mutable std::mutex mutex_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> idle_;  // a stack: the last one idle on top
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::mutex join_mutex_;  // serialises concurrent Shutdown calls
};

}  // namespace rocketmq

#endif  // ROCKETMQ_COMMON_THREAD_POOL_H_
