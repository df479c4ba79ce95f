#include "client/scheduler.h"

#include <pthread.h>

#include "common/logging.h"

namespace rocketmq {
namespace client {

Scheduler::Scheduler(std::string name) : name_(std::move(name)) {}

Scheduler::~Scheduler() { Shutdown(); }

Status Scheduler::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return Status::IllegalState("scheduler " + name_ + " was shut down");
  if (started_) return Status::OK();
  started_ = true;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    Loop();
  });
  return Status::OK();
}

void Scheduler::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Scheduler::TaskId Scheduler::Schedule(std::chrono::milliseconds delay, std::function<void()> task,
                                      std::chrono::milliseconds period) {
  TaskId id = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return 0;
    id = next_id_++;
    queue_.emplace(std::make_pair(Clock::now() + delay, id), Task{std::move(task), period});
  }
  wake_.notify_all();
  return id;
}

void Scheduler::Cancel(TaskId id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (id == running_id_) running_cancelled_ = true;
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->first.second == id) {
      queue_.erase(it);
      return;
    }
  }
}

void Scheduler::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto first = queue_.begin();
    // A copy: the node may be erased (Cancel, Shutdown) while the lock is released in the wait.
    const Clock::time_point due = first->first.first;
    if (Clock::now() < due) {
      wake_.wait_until(lock, due);
      continue;
    }
    const TaskId id = first->first.second;
    Task task = std::move(first->second);
    queue_.erase(first);
    running_id_ = id;
    running_cancelled_ = false;
    lock.unlock();
    task.fn();
    lock.lock();
    running_id_ = 0;
    // Periodic tasks are re-queued after the run, so a slow run delays rather than piles up.
    if (!stopping_ && !running_cancelled_ && task.period.count() > 0) {
      queue_.emplace(std::make_pair(Clock::now() + task.period, id), std::move(task));
    }
  }
}

}  // namespace client
}  // namespace rocketmq
