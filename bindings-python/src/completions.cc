// Async send and request completions, settled in batches. The SDK's callback threads only queue the
// outcome (they never wait for the GIL); one Python thread (rocketmq._lifecycle starts it)
// takes the GIL once per batch and calls each target's set_result / set_exception. One GIL
// hand-over per batch instead of one per message is what lets async sends scale.
#include "completions.h"

#include <condition_variable>
#include <mutex>
#include <utility>
#include <variant>
#include <vector>

#include "bindings.h"

namespace rocketmq::python {

namespace {

struct Entry {
  PyObject* target;  // a strong reference, released under the GIL by the settling thread
  std::variant<Result<SendResult>, Result<MessageExt>> result;
};

class Queue {
 public:
  template <typename T>
  void Push(PyObject* target, const Result<T>& result) {
    std::lock_guard<std::mutex> lock(mu_);
    // Once closed (interpreter exit, after every client was shut down) nobody settles: the
    // reference is left to the dying interpreter rather than dropped without the GIL.
    if (closed_) return;
    entries_.push_back(Entry{target, result});
    if (entries_.size() == 1) ready_.notify_one();
  }

  // Waits up to `timeout` for entries and takes them all; false once closed and drained.
  bool Take(std::chrono::milliseconds timeout, std::vector<Entry>* out) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait_for(lock, timeout, [&] { return closed_ || !entries_.empty(); });
    out->swap(entries_);
    return !(closed_ && out->empty());
  }

  void SetOpen(bool open) {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = !open;
    ready_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::vector<Entry> entries_;
  bool closed_ = true;
};

// Lives as long as the process: SDK callback threads may push until they are joined.
Queue& TheQueue() {
  static Queue* queue = new Queue();
  return *queue;
}

// The method names, made once: a name given as a C string is a new str on every call.
struct Names {
  py::str set_result = py::str("set_result");
  py::str set_exception = py::str("set_exception");
};

void Settle(const Names& names, Entry& entry) {
  py::object target = py::reinterpret_steal<py::object>(entry.target);
  try {
    std::visit(
        [&](auto& result) {
          if (result.ok()) {
            target.attr(names.set_result)(std::move(result).value());
          } else {
            target.attr(names.set_exception)(ErrorObject(result.status()));
          }
        },
        entry.result);
  } catch (py::error_already_set& error) {
    LogCallbackError("a send completion", error);
  }
}

}  // namespace

SendCallback Completion(PyObject* owned) {
  return [owned](const Result<SendResult>& result) { TheQueue().Push(owned, result); };
}

RequestCallback ReplyCompletion(PyObject* owned) {
  return [owned](const Result<MessageExt>& reply) { TheQueue().Push(owned, reply); };
}

void InitCompletions(py::module_& m) {
  m.def(
      "open_completions", [] { TheQueue().SetOpen(true); },
      "Starts accepting completions; settle_completions() must then run on a thread.");
  m.def(
      "close_completions", [] { TheQueue().SetOpen(false); },
      "Ends settle_completions() once what is queued is settled.");
  m.def(
      "settle_completions",
      [](double timeout) {
        std::vector<Entry> entries;
        bool open;
        {
          py::gil_scoped_release nogil;
          open = TheQueue().Take(std::chrono::milliseconds(static_cast<int64_t>(timeout * 1000)),
                                 &entries);
        }
        CallbackScope scope;
        static const Names* names = new Names();  // first called with the GIL held; never freed
        for (Entry& entry : entries) Settle(*names, entry);
        return open;
      },
      py::arg("timeout"),
      "Settles the queued completions after waiting up to `timeout` seconds for one; False "
      "once closed and drained.");
}

}  // namespace rocketmq::python
