// rocketmq._native: the C++ SDK for the rocketmq package. Users import rocketmq (the
// Pythonic API) or rocketmq.client (the official client's API), which wrap these classes.
#include "bindings.h"
#include "completions.h"
#include "rocketmq/version.h"

PYBIND11_MODULE(_native, m) {
  namespace python = rocketmq::python;
  m.doc() = "The RocketMQ C++ SDK bound for Python; use the rocketmq package's API instead.";
  // The SDK is linked statically, so it is always the version of the headers compiled here.
  m.attr("__version__") = RMQ_VERSION_STRING;
  python::InitTypes(m);
  python::InitClients(m);
  python::InitLogging(m);
  python::InitCompletions(m);
}
