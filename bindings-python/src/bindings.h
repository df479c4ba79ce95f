// Shared pieces of the rocketmq._native module: how a Status becomes a Python exception, how
// bytes arguments are read, and how C++ threads hold and call Python objects.
#ifndef RMQ_BINDINGS_PYTHON_BINDINGS_H_
#define RMQ_BINDINGS_PYTHON_BINDINGS_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <utility>

#include "rocketmq/status.h"

namespace rocketmq::python {

namespace py = pybind11;

void InitTypes(py::module_& m);
void InitClients(py::module_& m);
void InitLogging(py::module_& m);

// The rocketmq.exceptions class for `status`'s code, instantiated with its message.
py::object ErrorObject(const Status& status);
// Raises ErrorObject(status) in Python. Precondition: !status.ok(); the GIL is held.
[[noreturn]] void Raise(const Status& status);

inline void Check(const Status& status) {
  if (!status.ok()) Raise(status);
}
template <typename T>
T Check(Result<T>&& result) {
  if (!result.ok()) Raise(result.status());
  return std::move(result).value();
}

// bytes, bytearray, memoryview (any contiguous buffer) or str (encoded as UTF-8) as a byte
// string; anything else is a TypeError naming `what`.
std::string BytesArg(py::handle value, const char* what);

// Logs the Python exception `error` raised by a user callback through the "rocketmq" logger.
// The GIL must be held.
void LogCallbackError(const char* where, py::error_already_set& error);

// Whether the current thread is running a user callback (listener, send callback, checker):
// shutting a client down from there would wait for the callback itself.
bool InCallback();
class CallbackScope {
 public:
  CallbackScope();
  ~CallbackScope();
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

 private:
  bool outer_;
};

// Takes the GIL on one of the SDK's threads (a consume or transaction check thread) for a
// callback. The first time on a thread it keeps the Python thread state it makes, until the
// thread ends: made and dropped per call, as a plain gil_scoped_acquire does there, each
// call cost an mmap and munmap of the state's frame stack (TLB shootdowns on every core).
class SdkThreadGil {
 public:
  SdkThreadGil();
  SdkThreadGil(const SdkThreadGil&) = delete;
  SdkThreadGil& operator=(const SdkThreadGil&) = delete;

 private:
  const bool new_state_;  // before gil_, which makes the state when there is none
  py::gil_scoped_acquire gil_;
};

// A Python object owned from C++ code that may drop it on a thread without the GIL (the
// SDK's callback and consume threads, or Shutdown with the GIL released): the last reference
// takes the GIL to release it, or leaks it once the interpreter is finalizing.
class PyHandle {
 public:
  explicit PyHandle(py::object object);
  const py::object& get() const { return state_->object; }

 private:
  struct State {
    py::object object;
    ~State();
  };
  std::shared_ptr<State> state_;
};

}  // namespace rocketmq::python

#endif  // RMQ_BINDINGS_PYTHON_BINDINGS_H_
