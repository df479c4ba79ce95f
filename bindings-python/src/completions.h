// Async send and request completions: see completions.cc.
#ifndef RMQ_BINDINGS_PYTHON_COMPLETIONS_H_
#define RMQ_BINDINGS_PYTHON_COMPLETIONS_H_

#include <pybind11/pybind11.h>

#include "rocketmq/producer.h"

namespace rocketmq::python {

// A SendCallback that queues the outcome for `target` (anything with set_result and
// set_exception; a strong reference the callback takes over) to be settled on the
// completions thread, which then releases the reference. It must run exactly once, as the
// SDK promises for a send it started.
SendCallback Completion(PyObject* target);
// The same for a request's reply (settled with a ReceivedMessage).
RequestCallback ReplyCompletion(PyObject* target);

void InitCompletions(pybind11::module_& m);

}  // namespace rocketmq::python

#endif  // RMQ_BINDINGS_PYTHON_COMPLETIONS_H_
