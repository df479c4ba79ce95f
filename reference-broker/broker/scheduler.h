// Scheduler: one owned thread running the broker's periodic tasks (registration with the
// nameservers, offset persistence, client expiry) and tasks asked for "as soon as possible"
// (re-registration after a topic change), one at a time.
//
// Tasks must be bounded in time: Shutdown() waits for the running one to finish and then
// joins the thread. Thread-safe.
#ifndef ROCKETMQ_BROKER_SCHEDULER_H_
#define ROCKETMQ_BROKER_SCHEDULER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"

namespace rocketmq {
namespace broker {

class Scheduler {
 public:
  Scheduler() = default;
  ~Scheduler() { Shutdown(); }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds a task first run after `initial_delay`, then every `period`. Returns its index
  // for RunSoon(). Only before Start().
  size_t Schedule(std::string name, std::chrono::milliseconds initial_delay,
                  std::chrono::milliseconds period, std::function<void()> task);
  void Start();
  // Runs the task as soon as the thread is free (its period then restarts).
  void RunSoon(size_t index);
  // Idempotent; does not run pending tasks.
  void Shutdown();

 private:
  struct Task {
    std::string name;
    std::chrono::milliseconds period;
    clock::Monotonic::time_point next;
    std::function<void()> fn;
  };
  void Loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Task> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SCHEDULER_H_
