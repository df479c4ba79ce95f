#include "remoting/event_loop.h"

#include <event2/event.h>
#include <event2/thread.h>
#include <pthread.h>
#include <signal.h>

#include <utility>

#include "common/logging.h"

namespace rocketmq {
namespace remoting {
namespace {

Status EnableLibeventThreads() {
  static const int result = evthread_use_pthreads();
  if (result != 0) return Status::Internal("evthread_use_pthreads failed: libevent lacks pthreads");
  return Status::OK();
}

}  // namespace

Result<std::shared_ptr<EventLoop>> EventLoop::Create(std::string name) {
  RMQ_RETURN_IF_ERROR(EnableLibeventThreads());
  event_base* base = event_base_new();
  if (base == nullptr) return Status::Internal("event_base_new failed for event loop " + name);
  std::shared_ptr<EventLoop> loop(new EventLoop(std::move(name), base));
  loop->wakeup_ = event_new(base, -1, EV_PERSIST, &EventLoop::OnWakeup, loop.get());
  if (loop->wakeup_ == nullptr)
    return Status::Internal("event_new failed for event loop " + loop->name_);
  // A persistent event with no fd and no timeout only fires through event_active().
  event_add(loop->wakeup_, nullptr);
  return loop;
}

EventLoop::EventLoop(std::string name, event_base* base) : name_(std::move(name)), base_(base) {}

EventLoop::~EventLoop() {
  if (wakeup_ != nullptr) {
    Stop();
    event_free(wakeup_);
  }
  event_base_free(base_);
}

namespace {
thread_local bool t_loop_thread = false;
}  // namespace

bool EventLoop::InAnyLoopThread() { return t_loop_thread; }

Status EventLoop::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_) return Status::IllegalState("event loop " + name_ + " already started");
  started_ = true;
  thread_ = std::thread([this] {
    // libevent writes sockets with writev, which raises SIGPIPE when the peer has closed:
    // blocked in this thread the write fails with EPIPE instead, and a library never
    // changes the process's own signal handling.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    thread_id_.store(std::this_thread::get_id());
    t_loop_thread = true;
    event_base_loop(base_, EVLOOP_NO_EXIT_ON_EMPTY);
  });
  pthread_setname_np(thread_.native_handle(), name_.substr(0, 15).c_str());
  return Status::OK();
}

void EventLoop::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    accepting_ = false;
    // A stop task behind every posted task: they all run before the loop exits.
    tasks_.push_back([this] { event_base_loopbreak(base_); });
  }
  event_active(wakeup_, EV_READ, 0);
  if (thread_.joinable()) {
    if (InLoopThread()) {
      RMQ_LOG_ERROR << "event loop " << name_ << " stopped from its own thread";
      return;
    }
    thread_.join();
  }
  // Never started, or tasks left behind by the break: run them here, the loop is idle.
  RunPostedTasks();
}

bool EventLoop::Post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!accepting_) return false;
    tasks_.push_back(std::move(task));
  }
  event_active(wakeup_, EV_READ, 0);
  return true;
}

bool EventLoop::Activate(event* ev) {
  // Under the lock, so that an event activated before Stop queues its break runs ahead of it.
  std::lock_guard<std::mutex> lock(mutex_);
  if (!accepting_) return false;
  event_active(ev, EV_READ, 0);
  return true;
}

void EventLoop::OnWakeup(int /*fd*/, short /*what*/, void* arg) {
  static_cast<EventLoop*>(arg)->RunPostedTasks();
}

void EventLoop::RunPostedTasks() {
  std::deque<std::function<void()>> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.swap(tasks_);
  }
  for (auto& task : batch) task();
}

EventLoopGroup::EventLoopGroup(std::string name, size_t threads)
    : name_(std::move(name)), threads_(threads == 0 ? 1 : threads) {}

EventLoopGroup::~EventLoopGroup() { Stop(); }

Status EventLoopGroup::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!loops_.empty())
    return Status::IllegalState("event loop group " + name_ + " already started");
  for (size_t i = 0; i < threads_; ++i) {
    Result<std::shared_ptr<EventLoop>> loop = EventLoop::Create(name_ + "-" + std::to_string(i));
    if (loop.ok()) {
      Status started = (*loop)->Start();
      if (started.ok()) {
        loops_.push_back(std::move(loop).value());
        continue;
      }
      loop = started;
    }
    for (auto& created : loops_) created->Stop();
    loops_.clear();
    return loop.status();
  }
  return Status::OK();
}

void EventLoopGroup::Stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& loop : loops_) loop->Stop();
}

std::shared_ptr<EventLoop> EventLoopGroup::Next() {
  if (loops_.empty()) return nullptr;
  return loops_[next_.fetch_add(1, std::memory_order_relaxed) % loops_.size()];
}

}  // namespace remoting
}  // namespace rocketmq
