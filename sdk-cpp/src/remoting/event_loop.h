// EventLoop: one I/O thread running one libevent event_base; EventLoopGroup: a fixed set of
// them, started and stopped explicitly, every thread joined.
//
// I/O threads only read, decode, encode and hand work off; user code never runs on them.
// Other threads reach a loop through Post() (a task, run in order) or Activate() (an event).
#ifndef ROCKETMQ_REMOTING_EVENT_LOOP_H_
#define ROCKETMQ_REMOTING_EVENT_LOOP_H_

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "rocketmq/status.h"

struct event;
struct event_base;

namespace rocketmq {
namespace remoting {

class EventLoop {
 public:
  // Creates the event_base; the thread starts with Start().
  static Result<std::shared_ptr<EventLoop>> Create(std::string name);
  // Stops the loop if still running.
  ~EventLoop();

  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  Status Start();
  // Runs the tasks already posted, then ends the loop and joins its thread. Tasks posted
  // afterwards are refused. Must not be called on the loop thread.
  void Stop();

  // Runs `task` on the loop thread after the tasks posted before it. Returns false, and
  // drops the task, once the loop is stopping.
  bool Post(std::function<void()> task);

  // Makes `ev` (an event of this loop's base) run its callback on the loop thread, as a
  // posted task would run, without allocating and queueing one: for a wakeup a sender repeats
  // (a connection's flush of staged frames). False once the loop is stopping.
  bool Activate(event* ev);

  bool InLoopThread() const { return std::this_thread::get_id() == thread_id_.load(); }
  // Whether the calling thread is the thread of some loop (of any group).
  static bool InAnyLoopThread();
  event_base* base() const { return base_; }
  const std::string& name() const { return name_; }

 private:
  EventLoop(std::string name, event_base* base);
  static void OnWakeup(int fd, short what, void* arg);
  void RunPostedTasks();

  const std::string name_;
  event_base* const base_;
  event* wakeup_ = nullptr;
  std::thread thread_;
  std::atomic<std::thread::id> thread_id_{};
  std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
  bool accepting_ = true;
  bool started_ = false;
  bool stopped_ = false;
};

class EventLoopGroup {
 public:
  // `threads` loops (at least one), named "<name>-<i>".
  EventLoopGroup(std::string name, size_t threads);
  ~EventLoopGroup();

  EventLoopGroup(const EventLoopGroup&) = delete;
  EventLoopGroup& operator=(const EventLoopGroup&) = delete;

  Status Start();
  // Stops and joins every loop. Idempotent.
  void Stop();

  // The loops in turn, for spreading connections.
  std::shared_ptr<EventLoop> Next();
  size_t size() const { return loops_.size(); }

 private:
  const std::string name_;
  const size_t threads_;
  std::vector<std::shared_ptr<EventLoop>> loops_;
  std::atomic<size_t> next_{0};
  std::mutex mutex_;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_EVENT_LOOP_H_
