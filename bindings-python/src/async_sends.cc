// Async sends, queued by send_async under the GIL and handed to the SDK by one C++ thread.
//
// Handing a send to the SDK can block (a free slot among max_async_in_flight, a topic's first
// route lookup), so send_async used to release the GIL around it: per message, a release and
// a re-acquire that the completions thread, waiting for the GIL, turned into a hand-over. Here
// send_async only copies the message into a queue under a mutex; this thread, which never
// touches Python, makes the SDK calls. A send the SDK refuses settles its future with the
// error, as its callback would have. send_async waits, with the GIL released, only when
// `capacity` sends are already queued (the SDK is blocking this thread on its in-flight limit).
#include "async_sends.h"

#include <utility>

#include "bindings.h"
#include "completions.h"

namespace rocketmq::python {

namespace {

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

AsyncSends::AsyncSends(Producer* producer, size_t capacity)
    : producer_(producer), capacity_(capacity) {}

AsyncSends::~AsyncSends() { Close(std::chrono::milliseconds(0)); }

void AsyncSends::Open() {
  std::lock_guard<std::mutex> lock(mu_);
  if (open_ || thread_.joinable()) return;
  open_ = true;
  closing_ = false;
  give_up_at_.store(kNever);
  thread_ = std::thread([this] { Run(); });
}

void AsyncSends::Close(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!closing_) {
      give_up_at_.store(NowNanos() + std::chrono::nanoseconds(timeout).count());
    }
    open_ = false;
    closing_ = true;
    work_.notify_all();
    space_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void AsyncSends::Submit(const Message& message, std::optional<MessageQueue> queue,
                        PyObject* owned) {
  py::object target = py::reinterpret_steal<py::object>(owned);
  Send send{message, std::move(queue), nullptr};
  std::unique_lock<std::mutex> lock(mu_);
  if (open_ && queued_.size() >= capacity_) {
    lock.unlock();
    {
      py::gil_scoped_release nogil;
      lock.lock();
      space_.wait(lock, [&] { return !open_ || queued_.size() < capacity_; });
      // The GIL comes back after the mutex is released: never hold one waiting for the other.
      lock.unlock();
    }
    lock.lock();
  }
  if (!open_) {
    lock.unlock();
    Raise(Status::IllegalState("the producer is not running"));
  }
  send.target = target.release().ptr();
  queued_.push_back(std::move(send));
  if (queued_.size() == 1) work_.notify_one();
}

void AsyncSends::Hand(Send& send) {
  SendCallback done = Completion(send.target);
  const int64_t give_up_at = give_up_at_.load(std::memory_order_relaxed);
  if (give_up_at != kNever && NowNanos() > give_up_at) {
    done(Status::Cancelled("the producer shut down before this async send started"));
    return;
  }
  Status status = send.queue ? producer_->SendAsync(send.message, *send.queue, done)
                             : producer_->SendAsync(send.message, done);
  // Refused: the SDK never runs the callback, so its outcome is settled here.
  if (!status.ok()) done(Result<SendResult>(std::move(status)));
}

void AsyncSends::Run() {
  std::vector<Send> sends;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_.wait(lock, [&] { return closing_ || !queued_.empty(); });
    if (queued_.empty()) break;  // closing, and everything handed over
    sends.swap(queued_);
    space_.notify_all();
    lock.unlock();
    for (Send& send : sends) Hand(send);
    sends.clear();
    lock.lock();
  }
}

}  // namespace rocketmq::python
