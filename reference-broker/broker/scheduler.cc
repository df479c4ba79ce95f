#include "broker/scheduler.h"

#include <pthread.h>

#include <exception>

#include "common/logging.h"

namespace rocketmq {
namespace broker {

size_t Scheduler::Schedule(std::string name, std::chrono::milliseconds initial_delay,
                           std::chrono::milliseconds period, std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mutex_);
  tasks_.push_back(
      Task{std::move(name), period, clock::Monotonic::now() + initial_delay, std::move(task)});
  return tasks_.size() - 1;
}

void Scheduler::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
  pthread_setname_np(thread_.native_handle(), "scheduler");
}

void Scheduler::RunSoon(size_t index) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (index >= tasks_.size()) return;
  tasks_[index].next = clock::Monotonic::now();
  wake_.notify_all();
}

void Scheduler::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    auto now = clock::Monotonic::now();
    Task* due = nullptr;
    auto earliest = clock::Monotonic::time_point::max();
    for (auto& t : tasks_) {
      if (t.next <= now && (due == nullptr || t.next < due->next)) due = &t;
      earliest = std::min(earliest, t.next);
    }
    if (due == nullptr) {
      if (earliest == clock::Monotonic::time_point::max()) {
        wake_.wait(lock);
      } else {
        wake_.wait_until(lock, earliest);
      }
      continue;
    }
    due->next = now + due->period;
    std::function<void()> fn = due->fn;
    const std::string name = due->name;
    lock.unlock();
    try {
      fn();
    } catch (const std::exception& e) {
      RMQ_LOG_ERROR << "scheduled task " << name << " failed: " << e.what();
    }
    lock.lock();
  }
}

}  // namespace broker
}  // namespace rocketmq
