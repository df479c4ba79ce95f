// Producer::send_async's way to the SDK: see async_sends.cc.
#ifndef RMQ_BINDINGS_PYTHON_ASYNC_SENDS_H_
#define RMQ_BINDINGS_PYTHON_ASYNC_SENDS_H_

#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "rocketmq/producer.h"

namespace rocketmq::python {

// Hands async sends to the SDK from a thread of its own, so that send_async holds the GIL
// throughout (no release and re-acquire per message, no hand-over to the completions thread
// in between) and the SDK's per-send work runs on another core. Sends keep their order.
class AsyncSends {
 public:
  // `capacity`: sends waiting for the thread at most; send_async waits (GIL released) beyond.
  AsyncSends(Producer* producer, size_t capacity);
  ~AsyncSends();
  AsyncSends(const AsyncSends&) = delete;
  AsyncSends& operator=(const AsyncSends&) = delete;

  // After the producer started: starts the thread and accepts sends.
  void Open();
  // Stops accepting sends, hands the queued ones to the SDK for up to `timeout` (those left
  // then fail with CancelledError), and joins the thread. Call without the GIL, before the
  // producer's Shutdown (which then waits for them).
  void Close(std::chrono::milliseconds timeout);

  // Queues a send whose outcome settles `owned` (a strong reference it takes over, also when
  // it raises) on the completions thread. With the GIL held; raises IllegalStateError when
  // not open.
  void Submit(const Message& message, std::optional<MessageQueue> queue, PyObject* owned);

 private:
  struct Send {
    Message message;
    std::optional<MessageQueue> queue;
    PyObject* target;
  };
  void Run();
  void Hand(Send& send);

  Producer* const producer_;
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable work_;   // the thread: sends queued, or closing
  std::condition_variable space_;  // Submit: below capacity again, or closed
  std::vector<Send> queued_;
  bool open_ = false;
  bool closing_ = false;
  // When Close gives up handing sends over (steady clock, ns); kNever until Close.
  static constexpr int64_t kNever = INT64_MAX;
  std::atomic<int64_t> give_up_at_{kNever};
  std::thread thread_;
};

}  // namespace rocketmq::python

#endif  // RMQ_BINDINGS_PYTHON_ASYNC_SENDS_H_
