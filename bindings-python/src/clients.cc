// The clients: Producer, TransactionProducer, PushConsumer, LitePullConsumer. Each method maps
// arguments and results and adds nothing else: the SDK does the messaging.
//
// Threads: every call that can block (start, shutdown, sends, poll, commit, seek) releases
// the GIL. Listeners run on the SDK's consume threads and the transaction checker on the
// producer's check thread, taking the GIL for just the call; async send outcomes are queued
// and settled in batches by a Python thread (completions.cc). An exception user code raises
// is logged and mapped (reconsume later, the future's exception, an UNKNOWN transaction state).
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "async_sends.h"
#include "bindings.h"
#include "completions.h"
#include "rocketmq/lite_pull_consumer.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"
#include "rocketmq/transaction_producer.h"

namespace rocketmq::python {

namespace {

using Settings = std::map<std::string, std::string>;

// Settings by the Java client's property names; a bad name or value is InvalidArgumentError
// (a ValueError) whose message names the key.
template <typename Config>
Config MakeConfig(const Settings& settings) {
  Config config;
  for (const auto& [key, value] : settings) Check(config.Set(key, value));
  return config;
}

std::chrono::milliseconds Millis(double seconds) {
  if (!(seconds >= 0)) throw py::value_error("timeout must be a number of seconds >= 0");
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

// Runs `f` (an SDK call that may block) without the GIL.
template <typename F>
auto Released(F&& f) {
  py::gil_scoped_release nogil;
  return f();
}

std::string Repr(py::handle object) { return std::string(py::repr(object)); }

// Raised as a Python error (not py::value_error) so that the callbacks' handlers, which
// catch py::error_already_set, log or re-raise it like an exception of the user's code.
[[noreturn]] void RaiseValueError(const std::string& message) {
  PyErr_SetString(PyExc_ValueError, message.c_str());
  throw py::error_already_set();
}

// A listener's return value: None, True or 0 (ConsumeResult.SUCCESS) consume the message;
// False or 1 (ConsumeResult.RECONSUME_LATER) ask for it again later.
bool Consumed(py::handle result) {
  if (result.is_none() || result.ptr() == Py_True) return true;
  if (result.ptr() == Py_False) return false;
  if (PyLong_Check(result.ptr())) {
    const long value = PyLong_AsLong(result.ptr());
    if (value == 0) return true;
    if (value == 1) return false;
  }
  RaiseValueError("the listener returned " + Repr(result) +
                  "; expected None, a bool or a ConsumeResult");
}

// A transaction executor's or checker's answer: a TransactionState (or its int value), or a
// bool (True commits, False rolls back).
TransactionState Decision(py::handle result) {
  if (result.ptr() == Py_True) return TransactionState::kCommit;
  if (result.ptr() == Py_False) return TransactionState::kRollback;
  if (PyLong_Check(result.ptr())) {
    const long value = PyLong_AsLong(result.ptr());
    if (value >= 0 && value <= 2) return static_cast<TransactionState>(value);
  }
  RaiseValueError("a transaction callback returned " + Repr(result) +
                  "; expected a TransactionState or a bool");
}

// Sends queued for AsyncSends' thread at most before send_async waits: beyond what keeps that
// thread busy while the SDK's in-flight limit (10000 by default) holds it back.
constexpr size_t kQueuedAsyncSends = 4096;
// How long a producer dropped without shutdown() still hands queued sends to the SDK: the
// default timeout of shutdown().
constexpr std::chrono::milliseconds kCloseTimeout(3000);

class PyProducer {
 public:
  explicit PyProducer(const Settings& settings)
      : producer_(std::make_unique<Producer>(MakeConfig<ProducerConfig>(settings))),
        async_sends_(std::make_unique<AsyncSends>(producer_.get(), kQueuedAsyncSends)) {}
  ~PyProducer() {
    py::gil_scoped_release nogil;
    async_sends_->Close(kCloseTimeout);
    async_sends_.reset();
    producer_.reset();
  }

  void Start() {
    Check(Released([&] { return producer_->Start(); }));
    async_sends_->Open();
  }
  // The queued async sends reach the SDK first, so that its Shutdown waits for them too;
  // both share the timeout.
  void Shutdown(double timeout) {
    const auto ms = Millis(timeout);
    Check(Released([&] {
      const auto start = std::chrono::steady_clock::now();
      async_sends_->Close(ms);
      const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
      return producer_->Shutdown(std::max(ms - spent, std::chrono::milliseconds(0)));
    }));
  }

  SendResult Send(const Message& message) {
    return Check(Released([&] { return producer_->Send(message); }));
  }
  SendResult SendToQueue(const Message& message, const MessageQueue& queue) {
    return Check(Released([&] { return producer_->Send(message, queue); }));
  }
  SendResult SendOrderly(const Message& message, const std::string& key) {
    return Check(Released([&] { return producer_->SendOrderly(message, key); }));
  }
  SendResult SendBatch(const std::vector<Message>& messages, std::optional<MessageQueue> queue) {
    return Check(Released([&] {
      return queue ? producer_->SendBatch(messages, *queue) : producer_->SendBatch(messages);
    }));
  }
  // Queued with the GIL held; AsyncSends' thread hands it to the SDK. A send the SDK refuses
  // (a bad message, a full in-flight limit past the send timeout) settles the future with
  // the error instead of raising here.
  void SendAsync(const Message& message, const py::object& target,
                 std::optional<MessageQueue> queue) {
    async_sends_->Submit(message, std::move(queue), target.inc_ref().ptr());
  }
  void SendBatchAsync(const std::vector<Message>& messages, const py::object& target,
                      std::optional<MessageQueue> queue) {
    StartAsync(target, [&](SendCallback done) {
      return queue ? producer_->SendBatchAsync(messages, *queue, std::move(done))
                   : producer_->SendBatchAsync(messages, std::move(done));
    });
  }
  void SendOneway(const Message& message, std::optional<MessageQueue> queue) {
    Check(Released([&] {
      return queue ? producer_->SendOneway(message, *queue) : producer_->SendOneway(message);
    }));
  }
  std::vector<MessageQueue> FetchPublishQueues(const std::string& topic) {
    return Check(Released([&] { return producer_->FetchPublishQueues(topic); }));
  }
  // Waits for the reply with the GIL released, in pieces so that Ctrl-C interrupts the wait
  // (the request itself then ends at its own deadline, its reply dropped).
  MessageExt Request(const Message& message, double timeout) {
    const auto ms = Millis(timeout);
    auto reply = Released([&] { return producer_->RequestAsync(message, ms); });
    for (;;) {
      const bool ready = Released([&] {
        return reply.wait_for(std::chrono::milliseconds(200)) == std::future_status::ready;
      });
      if (ready) break;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    }
    return Check(reply.get());
  }
  void RequestAsync(const Message& message, double timeout, const py::object& target) {
    const auto ms = Millis(timeout);
    PyObject* owned = target.inc_ref().ptr();
    Status status =
        Released([&] { return producer_->RequestAsync(message, ms, ReplyCompletion(owned)); });
    if (!status.ok()) {
      Py_DECREF(owned);
      Raise(status);
    }
  }

 private:
  // The completion owns a reference to `target` from here on; a send the SDK refused never
  // runs it, so that reference is dropped here instead.
  template <typename Start>
  static void StartAsync(const py::object& target, Start&& start) {
    PyObject* owned = target.inc_ref().ptr();
    Status status = Released([&] { return start(Completion(owned)); });
    if (!status.ok()) {
      Py_DECREF(owned);
      Raise(status);
    }
  }

  std::unique_ptr<Producer> producer_;
  std::unique_ptr<AsyncSends> async_sends_;
};

class PyTransactionProducer {
 public:
  PyTransactionProducer(const Settings& settings, py::object checker)
      : producer_(std::make_unique<TransactionProducer>(MakeConfig<ProducerConfig>(settings),
                                                        Checker(std::move(checker)))) {}
  ~PyTransactionProducer() {
    py::gil_scoped_release nogil;
    producer_.reset();
  }

  void Start() {
    Check(Released([&] { return producer_->Start(); }));
  }
  void Shutdown(double timeout) {
    const auto ms = Millis(timeout);
    Check(Released([&] { return producer_->Shutdown(ms); }));
  }

  // The executor runs on this thread; an exception it raises leaves the transaction UNKNOWN
  // (the checker decides later) and is raised again here once the SDK returns.
  TransactionSendResult Send(const Message& message, const py::object& executor) {
    std::optional<py::error_already_set> raised;
    auto execute = [&](const Message& sent, const SendResult& result) {
      py::gil_scoped_acquire gil;
      CallbackScope scope;
      try {
        return Decision(executor(sent, result));
      } catch (py::error_already_set& error) {
        raised.emplace(std::move(error));
        return TransactionState::kUnknown;
      }
    };
    auto result = Released([&] { return producer_->SendInTransaction(message, execute); });
    if (raised) throw std::move(*raised);
    return Check(std::move(result));
  }

 private:
  static TransactionChecker Checker(py::object checker) {
    if (!PyCallable_Check(checker.ptr())) throw py::type_error("checker must be callable");
    return [handle = PyHandle(std::move(checker))](const MessageExt& message) {
      SdkThreadGil gil;
      CallbackScope scope;
      try {
        return Decision(handle.get()(message));
      } catch (py::error_already_set& error) {
        LogCallbackError("the transaction checker (answered UNKNOWN)", error);
        return TransactionState::kUnknown;
      }
    };
  }
  std::unique_ptr<TransactionProducer> producer_;
};

class PyPushConsumer {
 public:
  explicit PyPushConsumer(const Settings& settings)
      : consumer_(std::make_unique<PushConsumer>(MakeConfig<ConsumerConfig>(settings))) {}
  ~PyPushConsumer() {
    py::gil_scoped_release nogil;
    consumer_.reset();
  }

  void Subscribe(const std::string& topic, const std::string& expression, bool sql92) {
    Check(Released([&] {
      return consumer_->Subscribe(topic, expression,
                                  sql92 ? ExpressionType::kSql92 : ExpressionType::kTag);
    }));
  }
  void Unsubscribe(const std::string& topic) {
    Check(Released([&] { return consumer_->Unsubscribe(topic); }));
  }

  // `listener(message)` per message; a batch is consumed when every call consumed its message.
  void SetListener(py::object listener, bool orderly) {
    if (!PyCallable_Check(listener.ptr())) throw py::type_error("the listener must be callable");
    auto consume = [handle =
                        PyHandle(std::move(listener))](const std::vector<MessageExt>& messages) {
      SdkThreadGil gil;
      CallbackScope scope;
      try {
        for (const MessageExt& message : messages) {
          if (!Consumed(handle.get()(message))) return false;
        }
        return true;
      } catch (py::error_already_set& error) {
        LogCallbackError("the message listener (reconsuming later)", error);
        return false;
      }
    };
    if (orderly) {
      consumer_->RegisterOrderlyListener([consume](const std::vector<MessageExt>& messages) {
        return consume(messages) ? ConsumeOrderlyStatus::kSuccess
                                 : ConsumeOrderlyStatus::kSuspendCurrentQueueAMoment;
      });
    } else {
      consumer_->RegisterMessageListener([consume](const std::vector<MessageExt>& messages) {
        return consume(messages) ? ConsumeStatus::kConsumeSuccess : ConsumeStatus::kReconsumeLater;
      });
    }
  }

  void Start() {
    Check(Released([&] { return consumer_->Start(); }));
  }
  void Shutdown(double timeout) {
    const auto ms = Millis(timeout);
    Check(Released([&] { return consumer_->Shutdown(ms); }));
  }
  void Suspend() {
    Released([&] { consumer_->Suspend(); });
  }
  void Resume() {
    Released([&] { consumer_->Resume(); });
  }

 private:
  std::unique_ptr<PushConsumer> consumer_;
};

class PyLitePullConsumer {
 public:
  PyLitePullConsumer(const Settings& settings, bool auto_commit)
      : consumer_(std::make_unique<LitePullConsumer>(MakeConfig<ConsumerConfig>(settings),
                                                     auto_commit)) {}
  ~PyLitePullConsumer() {
    py::gil_scoped_release nogil;
    consumer_.reset();
  }

  void Start() {
    Check(Released([&] { return consumer_->Start(); }));
  }
  void Shutdown(double timeout) {
    const auto ms = Millis(timeout);
    Check(Released([&] { return consumer_->Shutdown(ms); }));
  }
  void Subscribe(const std::string& topic, const std::string& expression, bool sql92) {
    Check(Released([&] {
      return consumer_->Subscribe(topic, expression,
                                  sql92 ? ExpressionType::kSql92 : ExpressionType::kTag);
    }));
  }
  void Assign(const std::vector<MessageQueue>& queues) {
    Check(Released([&] { return consumer_->Assign(queues); }));
  }
  std::vector<MessageQueue> FetchMessageQueues(const std::string& topic) {
    return Check(Released([&] { return consumer_->FetchMessageQueues(topic); }));
  }
  // Waits in slices so that Ctrl-C (a pending signal) interrupts a long poll.
  std::vector<MessageExt> Poll(double timeout) {
    auto remaining = Millis(timeout);
    constexpr std::chrono::milliseconds kSlice(200);
    for (;;) {
      const auto wait = std::min(remaining, kSlice);
      auto polled = Released([&] { return consumer_->Poll(wait); });
      if (!polled.ok() || !polled->empty()) return Check(std::move(polled));
      remaining -= wait;
      if (remaining.count() <= 0) return {};
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    }
  }
  void Seek(const MessageQueue& queue, int64_t offset) {
    Check(Released([&] { return consumer_->Seek(queue, offset); }));
  }
  void Commit() {
    Check(Released([&] { return consumer_->Commit(); }));
  }

 private:
  std::unique_ptr<LitePullConsumer> consumer_;
};

}  // namespace

void InitClients(py::module_& m) {
  m.def("in_callback", &InCallback,
        "Whether this thread is running a listener, send completion or checker.");

  py::class_<PyProducer>(m, "Producer", "The SDK's Producer; see rocketmq.Producer.")
      .def(py::init<const Settings&>(), py::arg("settings"))
      .def("start", &PyProducer::Start)
      .def("shutdown", &PyProducer::Shutdown, py::arg("timeout"))
      .def("send", &PyProducer::Send, py::arg("message"))
      .def("send_to_queue", &PyProducer::SendToQueue, py::arg("message"), py::arg("queue"))
      .def("send_orderly", &PyProducer::SendOrderly, py::arg("message"), py::arg("sharding_key"))
      .def("send_batch", &PyProducer::SendBatch, py::arg("messages"), py::arg("queue"))
      .def("send_async", &PyProducer::SendAsync, py::arg("message"), py::arg("future"),
           py::arg("queue"))
      .def("send_batch_async", &PyProducer::SendBatchAsync, py::arg("messages"), py::arg("future"),
           py::arg("queue"))
      .def("send_oneway", &PyProducer::SendOneway, py::arg("message"), py::arg("queue"))
      .def("fetch_publish_queues", &PyProducer::FetchPublishQueues, py::arg("topic"))
      .def("request", &PyProducer::Request, py::arg("message"), py::arg("timeout"))
      .def("request_async", &PyProducer::RequestAsync, py::arg("message"), py::arg("timeout"),
           py::arg("future"));

  m.def(
      "create_reply_message",
      [](const Message& request, py::handle body) {
        return Check(CreateReplyMessage(request, BytesArg(body, "body")));
      },
      py::arg("request"), py::arg("body"),
      "The reply to a request message a consumer received (its cluster's reply topic, the "
      "request's correlation id and requester); send it with any Producer.");

  py::class_<PyTransactionProducer>(
      m, "TransactionProducer", "The SDK's TransactionProducer; see rocketmq.TransactionProducer.")
      .def(py::init<const Settings&, py::object>(), py::arg("settings"), py::arg("checker"))
      .def("start", &PyTransactionProducer::Start)
      .def("shutdown", &PyTransactionProducer::Shutdown, py::arg("timeout"))
      .def("send", &PyTransactionProducer::Send, py::arg("message"), py::arg("executor"));

  py::class_<PyPushConsumer>(m, "PushConsumer",
                             "The SDK's PushConsumer; see rocketmq.PushConsumer.")
      .def(py::init<const Settings&>(), py::arg("settings"))
      .def("subscribe", &PyPushConsumer::Subscribe, py::arg("topic"), py::arg("expression"),
           py::arg("sql92"))
      .def("unsubscribe", &PyPushConsumer::Unsubscribe, py::arg("topic"))
      .def("set_listener", &PyPushConsumer::SetListener, py::arg("listener"), py::arg("orderly"))
      .def("start", &PyPushConsumer::Start)
      .def("shutdown", &PyPushConsumer::Shutdown, py::arg("timeout"))
      .def("suspend", &PyPushConsumer::Suspend)
      .def("resume", &PyPushConsumer::Resume);

  py::class_<PyLitePullConsumer>(m, "LitePullConsumer",
                                 "The SDK's LitePullConsumer; see rocketmq.LitePullConsumer.")
      .def(py::init<const Settings&, bool>(), py::arg("settings"), py::arg("auto_commit"))
      .def("start", &PyLitePullConsumer::Start)
      .def("shutdown", &PyLitePullConsumer::Shutdown, py::arg("timeout"))
      .def("subscribe", &PyLitePullConsumer::Subscribe, py::arg("topic"), py::arg("expression"),
           py::arg("sql92"))
      .def("assign", &PyLitePullConsumer::Assign, py::arg("queues"))
      .def("fetch_message_queues", &PyLitePullConsumer::FetchMessageQueues, py::arg("topic"))
      .def("poll", &PyLitePullConsumer::Poll, py::arg("timeout"))
      .def("seek", &PyLitePullConsumer::Seek, py::arg("queue"), py::arg("offset"))
      .def("commit", &PyLitePullConsumer::Commit);
}

}  // namespace rocketmq::python
