#include <pybind11/gil_safe_call_once.h>

#include "bindings.h"

namespace rocketmq::python {

namespace {

// rocketmq.exceptions._BY_CODE: ErrorCode value -> exception class. Imported on first use
// rather than at module init, because rocketmq/__init__.py imports this module first.
py::dict& ErrorClasses() {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::dict> storage;
  return storage
      .call_once_and_store_result(
          [] { return py::dict(py::module_::import("rocketmq.exceptions").attr("_BY_CODE")); })
      .get_stored();
}

py::object& Logger() {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
  return storage
      .call_once_and_store_result(
          [] { return py::module_::import("logging").attr("getLogger")("rocketmq"); })
      .get_stored();
}

thread_local bool t_in_callback = false;

bool Finalizing() {
#if PY_VERSION_HEX >= 0x030D0000
  return Py_IsFinalizing() != 0;
#else
  return _Py_IsFinalizing() != 0;
#endif
}

// Set on an SDK thread whose Python thread state SdkThreadGil keeps; at the thread's end it
// drops that state as the thread's last gil_scoped_acquire would have (a finalizing
// interpreter frees it instead: the GIL is not to be had then).
struct KeptThreadState {
  bool kept = false;
  ~KeptThreadState() {
    if (!kept || Finalizing()) return;
    py::gil_scoped_acquire gil;
    gil.dec_ref();
  }
};
thread_local KeptThreadState t_kept_state;

// Whether this thread has no Python thread state yet (safe without the GIL: a thread-local).
bool NoThreadState() { return PyGILState_GetThisThreadState() == nullptr; }

}  // namespace

SdkThreadGil::SdkThreadGil() : new_state_(NoThreadState()) {
  if (new_state_) {
    gil_.inc_ref();
    t_kept_state.kept = true;
  }
}

py::object ErrorObject(const Status& status) {
  py::dict& classes = ErrorClasses();
  py::int_ code(static_cast<int>(status.code()));
  py::object cls = classes.contains(code) ? classes[code] : classes[py::int_(-1)];
  return cls(status.message(), code);
}

void Raise(const Status& status) {
  py::object error = ErrorObject(status);
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
  throw py::error_already_set();
}

std::string BytesArg(py::handle value, const char* what) {
  if (PyBytes_Check(value.ptr())) {
    return std::string(PyBytes_AS_STRING(value.ptr()),
                       static_cast<size_t>(PyBytes_GET_SIZE(value.ptr())));
  }
  if (PyUnicode_Check(value.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
    if (data == nullptr) throw py::error_already_set();
    return std::string(data, static_cast<size_t>(size));
  }
  if (PyObject_CheckBuffer(value.ptr())) {
    py::buffer_info info = py::reinterpret_borrow<py::buffer>(value).request();
    if (info.ndim > 1 && info.strides.back() != info.itemsize) {
      throw py::type_error(std::string(what) + " must be a contiguous buffer");
    }
    return std::string(static_cast<const char*>(info.ptr),
                       static_cast<size_t>(info.size * info.itemsize));
  }
  throw py::type_error(std::string(what) + " must be bytes, bytearray, memoryview or str, not " +
                       std::string(py::str(py::type::handle_of(value).attr("__name__"))));
}

void LogCallbackError(const char* where, py::error_already_set& error) {
  try {
    Logger().attr("error")("exception in %s", where, py::arg("exc_info") = error.value());
  } catch (py::error_already_set& logging_error) {
    // The logging system itself failed (e.g. during interpreter shutdown): Python's own
    // last-resort reporting is all that is left.
    logging_error.discard_as_unraisable(where);
  }
}

bool InCallback() { return t_in_callback; }

CallbackScope::CallbackScope() : outer_(t_in_callback) { t_in_callback = true; }
CallbackScope::~CallbackScope() { t_in_callback = outer_; }

PyHandle::PyHandle(py::object object) : state_(std::make_shared<State>()) {
  state_->object = std::move(object);
}

PyHandle::State::~State() {
  if (!object) return;
  if (Finalizing()) {
    // Taking the GIL now would block this thread forever; the interpreter frees everything.
    object.release();
    return;
  }
  py::gil_scoped_acquire gil;
  object = py::object();
}

}  // namespace rocketmq::python
