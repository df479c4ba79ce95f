#include "common/thread_pool.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "common/logging.h"

namespace rocketmq {
namespace {

// Sleeps until `*word` is no longer 0 (spurious returns are looped over).
void WaitWhileZero(std::atomic<uint32_t>* word) {
  while (word->load(std::memory_order_acquire) == 0) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAIT_PRIVATE, 0, nullptr, nullptr,
            0);
  }
}

// Sets `*word` to 1 and wakes its sleeper.
void SetAndWake(std::atomic<uint32_t>* word) {
  word->store(1, std::memory_order_release);
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

}  // namespace

ThreadPool::ThreadPool(std::string name, size_t threads, size_t queue_capacity)
    : name_(std::move(name)), queue_capacity_(queue_capacity) {
  const size_t count = std::max<size_t>(threads, 1);
  threads_.reserve(count);
  workers_.reserve(count);
  idle_.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    workers_.push_back(std::make_unique<Worker>());
    threads_.emplace_back([this, worker = workers_.back().get()] { WorkerLoop(worker); });
    std::string thread_name = (name_ + "-" + std::to_string(i)).substr(0, 15);
    pthread_setname_np(threads_.back().native_handle(), thread_name.c_str());
  }
}

ThreadPool::~ThreadPool() { Shutdown(); }

Status ThreadPool::Submit(std::function<void()> task) {
  Worker* idle = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return Status::IllegalState("thread pool " + name_ + " is shut down");
    if (queue_capacity_ != 0 && queue_.size() >= queue_capacity_) {
      return Status::Busy("thread pool " + name_ + " has " + std::to_string(queue_.size()) +
                          " tasks queued, its limit");
    }
    queue_.push_back(std::move(task));
    if (!idle_.empty()) {
      idle = idle_.back();
      idle_.pop_back();
    }
  }
  // None idle: a busy worker looks at the queue before it waits again.
  if (idle) SetAndWake(&idle->woken);
  return Status::OK();
}

void ThreadPool::Shutdown() {
  std::lock_guard<std::mutex> join_lock(join_mutex_);
  std::vector<Worker*> idle;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    idle.swap(idle_);
  }
  for (Worker* worker : idle) SetAndWake(&worker->woken);
  for (std::thread& thread : threads_) {
    if (!thread.joinable()) continue;
    if (thread.get_id() == std::this_thread::get_id()) {
      // Joining itself would deadlock; the owner's destructor joins it later.
      RMQ_LOG_ERROR << "thread pool " << name_ << " shut down from its own task";
      continue;
    }
    thread.join();
  }
}

bool ThreadPool::InPoolThread() const {
  const auto self = std::this_thread::get_id();
  return std::any_of(threads_.begin(), threads_.end(),
                     [self](const std::thread& t) { return t.get_id() == self; });
}

size_t ThreadPool::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

size_t ThreadPool::idle_threads() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

void ThreadPool::WorkerLoop(Worker* self) {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      while (queue_.empty()) {
        if (stopping_) return;  // drained
        self->woken.store(0, std::memory_order_relaxed);
        idle_.push_back(self);
        lock.unlock();
        WaitWhileZero(&self->woken);
        lock.lock();
      }
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      task();
    } catch (const std::exception& e) {
      RMQ_LOG_ERROR << "task in thread pool " << name_ << " threw: " << e.what();
    }
  }
}

}  // namespace rocketmq
