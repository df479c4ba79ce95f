#include "common/thread_pool.h"

#include <pthread.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "common/logging.h"

namespace rocketmq {

ThreadPool::ThreadPool(std::string name, size_t threads, size_t queue_capacity)
    : name_(std::move(name)), queue_capacity_(queue_capacity) {
  const size_t count = std::max<size_t>(threads, 1);
  threads_.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    threads_.emplace_back([this] { WorkerLoop(); });
    std::string thread_name = (name_ + "-" + std::to_string(i)).substr(0, 15);
    pthread_setname_np(threads_.back().native_handle(), thread_name.c_str());
  }
}

ThreadPool::~ThreadPool() { Shutdown(); }

Status ThreadPool::Submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return Status::IllegalState("thread pool " + name_ + " is shut down");
    if (queue_capacity_ != 0 && queue_.size() >= queue_capacity_) {
      return Status::Busy("thread pool " + name_ + " has " + std::to_string(queue_.size()) +
                          " tasks queued, its limit");
    }
    queue_.push_back(std::move(task));
  }
  ready_.notify_one();
  return Status::OK();
}

void ThreadPool::Shutdown() {
  std::lock_guard<std::mutex> join_lock(join_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
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

void ThreadPool::WorkerLoop() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
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
