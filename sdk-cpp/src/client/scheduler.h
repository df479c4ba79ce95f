// Scheduler: the one timer thread of a client instance. Route refreshes and heartbeats run
// here, one at a time, so they never race each other and never need their own threads.
//
// Tasks must be bounded in time (every network call they make has a timeout): a long task
// delays the others. Start() creates the thread; Shutdown() drops what has not started,
// waits for the task that is running, and joins.
#ifndef ROCKETMQ_CLIENT_SCHEDULER_H_
#define ROCKETMQ_CLIENT_SCHEDULER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "rocketmq/status.h"

namespace rocketmq {
namespace client {

class Scheduler {
 public:
  using TaskId = uint64_t;

  explicit Scheduler(std::string name);
  // Shuts down.
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  Status Start();
  // Idempotent; must not be called from a task.
  void Shutdown();

  // Runs `task` after `delay`, then every `period` if it is positive. Returns 0 (and drops
  // the task) once shut down.
  TaskId Schedule(std::chrono::milliseconds delay, std::function<void()> task,
                  std::chrono::milliseconds period = std::chrono::milliseconds(0));
  // As Schedule, running `task(*owner)` only while `owner` lives: the timers of objects the
  // scheduler must not keep alive.
  template <typename T, typename Task>
  TaskId ScheduleFor(std::weak_ptr<T> owner, std::chrono::milliseconds delay, Task task,
                     std::chrono::milliseconds period = std::chrono::milliseconds(0)) {
    return Schedule(
        delay,
        [owner = std::move(owner), task = std::move(task)] {
          if (auto self = owner.lock()) task(*self);
        },
        period);
  }
  // Stops future runs of a task; a run in progress finishes.
  void Cancel(TaskId id);

  bool InSchedulerThread() const { return std::this_thread::get_id() == thread_.get_id(); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Task {
    std::function<void()> fn;
    std::chrono::milliseconds period;
  };

  void Loop();

  const std::string name_;
  std::mutex mu_;
  std::condition_variable wake_;
  // Due time and id -> task; the id keeps equal due times distinct and ordered.
  std::map<std::pair<Clock::time_point, TaskId>, Task> queue_;
  TaskId next_id_ = 1;
  // The task being run (0: none), and whether Cancel was called for it meanwhile.
  TaskId running_id_ = 0;
  bool running_cancelled_ = false;
  bool started_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_SCHEDULER_H_
