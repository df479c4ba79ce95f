// Value types: Message, ReceivedMessage (MessageExt), MessageQueue, SendResult and the enums.
// Bodies cross as bytes both ways, NUL and 0xFF bytes included.
#include <pybind11/native_enum.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "rocketmq/consumer_config.h"
#include "rocketmq/logging.h"
#include "rocketmq/message.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/message_queue.h"
#include "rocketmq/send_result.h"
#include "rocketmq/transaction_producer.h"

namespace rocketmq::python {

namespace {

py::bytes AsBytes(const std::string& s) { return py::bytes(s.data(), s.size()); }

// `keys`: one key (str) or an iterable of keys.
void SetKeys(Message& m, py::handle keys) {
  if (PyUnicode_Check(keys.ptr())) {
    m.set_key(keys.cast<std::string>());
    return;
  }
  std::vector<std::string> list;
  for (py::handle key : py::iter(keys)) {
    if (!PyUnicode_Check(key.ptr())) throw py::type_error("keys must be str or an iterable of str");
    list.push_back(key.cast<std::string>());
  }
  m.set_keys(list);
}

void SetProperties(Message& m, const py::dict& properties) {
  for (auto item : properties) {
    if (!PyUnicode_Check(item.first.ptr()) || !PyUnicode_Check(item.second.ptr())) {
      throw py::type_error("properties must map str to str");
    }
    m.set_property(item.first.cast<std::string>(), item.second.cast<std::string>());
  }
}

// Every property, system ones (TAGS, KEYS, UNIQ_KEY, ...) included.
py::dict AllProperties(const Message& m) {
  py::dict out;
  for (const auto& [name, value] : m.properties()) out[py::str(name)] = py::str(value);
  return out;
}

std::string MessageRepr(const Message& m) {
  return "<Message topic=" + std::string(py::repr(py::str(m.topic()))) +
         " tags=" + std::string(py::repr(py::str(m.tags()))) +
         " body=" + std::string(py::repr(AsBytes(m.body().substr(0, 64)))) + ">";
}

}  // namespace

void InitTypes(py::module_& m) {
  py::native_enum<SendStatus>(m, "SendStatus", "enum.IntEnum",
                              "How the broker stored a message it accepted.")
      .value("OK", SendStatus::kSendOk)
      .value("FLUSH_DISK_TIMEOUT", SendStatus::kFlushDiskTimeout)
      .value("FLUSH_SLAVE_TIMEOUT", SendStatus::kFlushSlaveTimeout)
      .value("SLAVE_NOT_AVAILABLE", SendStatus::kSlaveNotAvailable)
      .finalize();
  py::native_enum<TransactionState>(m, "TransactionState", "enum.IntEnum",
                                    "A local transaction's outcome (Java's LocalTransactionState).")
      .value("COMMIT", TransactionState::kCommit)
      .value("ROLLBACK", TransactionState::kRollback)
      .value("UNKNOWN", TransactionState::kUnknown)
      .finalize();
  py::native_enum<MessageModel>(m, "MessageModel", "enum.Enum",
                                "Clustering shares a group's queues; broadcasting gives every "
                                "consumer every message.")
      .value("CLUSTERING", MessageModel::kClustering)
      .value("BROADCASTING", MessageModel::kBroadcasting)
      .finalize();
  py::native_enum<ConsumeFromWhere>(m, "ConsumeFrom", "enum.Enum",
                                    "Where a group starts on a queue without a committed offset.")
      .value("LAST_OFFSET", ConsumeFromWhere::kLastOffset)
      .value("FIRST_OFFSET", ConsumeFromWhere::kFirstOffset)
      .value("TIMESTAMP", ConsumeFromWhere::kTimestamp)
      .finalize();
  py::native_enum<LogLevel>(m, "LogLevel", "enum.IntEnum", "The SDK's log levels.")
      .value("TRACE", LogLevel::kTrace)
      .value("DEBUG", LogLevel::kDebug)
      .value("INFO", LogLevel::kInfo)
      .value("WARN", LogLevel::kWarn)
      .value("ERROR", LogLevel::kError)
      .value("FATAL", LogLevel::kFatal)
      .value("OFF", LogLevel::kOff)
      .finalize();

  py::class_<MessageQueue>(m, "MessageQueue", "One queue of a topic on one broker.")
      .def(py::init([](std::string topic, std::string broker_name, int queue_id) {
             return MessageQueue{std::move(topic), std::move(broker_name), queue_id};
           }),
           py::arg("topic"), py::arg("broker_name"), py::arg("queue_id"))
      .def_readwrite("topic", &MessageQueue::topic)
      .def_readwrite("broker_name", &MessageQueue::broker_name)
      .def_readwrite("queue_id", &MessageQueue::queue_id)
      .def("__eq__", [](const MessageQueue& a, const MessageQueue& b) { return a == b; })
      .def("__lt__", [](const MessageQueue& a, const MessageQueue& b) { return a < b; })
      .def("__hash__", [](const MessageQueue& q) { return std::hash<MessageQueue>()(q); })
      .def("__repr__",
           [](const MessageQueue& q) {
             return "MessageQueue(topic=" + std::string(py::repr(py::str(q.topic))) +
                    ", broker_name=" + std::string(py::repr(py::str(q.broker_name))) +
                    ", queue_id=" + std::to_string(q.queue_id) + ")";
           })
      .def(py::pickle(
          [](const MessageQueue& q) { return py::make_tuple(q.topic, q.broker_name, q.queue_id); },
          [](const py::tuple& t) {
            return MessageQueue{t[0].cast<std::string>(), t[1].cast<std::string>(),
                                t[2].cast<int>()};
          }));

  py::class_<Message>(m, "Message",
                      "A message to send. The body is bytes (a str is encoded as UTF-8); "
                      "properties map str to str.")
      .def(py::init([](std::string topic, py::handle body, py::object tags, py::object keys,
                       py::object properties, int delay_level, int32_t flag) {
             Message msg(std::move(topic), BytesArg(body, "body"));
             if (!tags.is_none()) msg.set_tags(tags.cast<std::string>());
             if (!keys.is_none()) SetKeys(msg, keys);
             if (!properties.is_none()) SetProperties(msg, properties.cast<py::dict>());
             if (delay_level != 0) msg.set_delay_level(delay_level);
             msg.set_flag(flag);
             return msg;
           }),
           py::arg("topic"), py::arg("body") = py::bytes(), py::kw_only(),
           py::arg("tags") = py::none(), py::arg("keys") = py::none(),
           py::arg("properties") = py::none(), py::arg("delay_level") = 0, py::arg("flag") = 0)
      .def_property(
          "topic", [](const Message& msg) { return msg.topic(); },
          [](Message& msg, std::string topic) { msg.set_topic(std::move(topic)); })
      .def_property(
          "body", [](const Message& msg) { return AsBytes(msg.body()); },
          [](Message& msg, py::handle body) { msg.set_body(BytesArg(body, "body")); },
          "The body as bytes.")
      .def_property(
          "tags", [](const Message& msg) { return msg.tags(); },
          [](Message& msg, const std::string& tags) { msg.set_tags(tags); })
      .def_property(
          "keys", [](const Message& msg) { return msg.keys(); }, &SetKeys,
          "Business keys (a list of str; a single str sets one key).")
      .def_property(
          "delay_level", [](const Message& msg) { return msg.delay_level(); },
          [](Message& msg, int level) { msg.set_delay_level(level); },
          "Delay level of the broker's messageDelayLevel table (1 = 1s, 2 = 5s, ...); 0 = none.")
      .def_property(
          "flag", [](const Message& msg) { return msg.flag(); },
          [](Message& msg, int32_t flag) { msg.set_flag(flag); })
      .def_property(
          "properties", &AllProperties,
          [](Message& msg, const py::dict& properties) { SetProperties(msg, properties); },
          "Every property, system ones included, as a new dict; assigning a dict sets (adds "
          "or replaces) each of its items.")
      .def(
          "get_property",
          [](const Message& msg, const std::string& name, py::object default_) -> py::object {
            if (!msg.has_property(name)) return default_;
            return py::str(msg.property(name));
          },
          py::arg("name"), py::arg("default") = py::none())
      .def(
          "set_property",
          [](Message& msg, const std::string& name, const std::string& value) {
            msg.set_property(name, value);
          },
          py::arg("name"), py::arg("value"))
      .def(
          "clear_property", [](Message& msg, const std::string& name) { msg.clear_property(name); },
          py::arg("name"))
      .def("__repr__", &MessageRepr);

  py::class_<MessageExt, Message>(m, "ReceivedMessage",
                                  "A message as a consumer receives it: the sent Message plus "
                                  "what the broker recorded when storing it.")
      .def_property_readonly("msg_id", &MessageExt::msg_id,
                             "The message id (the producer's UNIQ_KEY), as SendResult.message_id.")
      .def_property_readonly("offset_msg_id", &MessageExt::offset_msg_id)
      .def_property_readonly("broker_name", &MessageExt::broker_name)
      .def_property_readonly("queue_id", &MessageExt::queue_id)
      .def_property_readonly("queue_offset", &MessageExt::queue_offset)
      .def_property_readonly("commit_log_offset", &MessageExt::commit_log_offset)
      .def_property_readonly("born_timestamp", &MessageExt::born_timestamp, "ms since the epoch")
      .def_property_readonly("store_timestamp", &MessageExt::store_timestamp, "ms since the epoch")
      .def_property_readonly("born_host", &MessageExt::born_host)
      .def_property_readonly("store_host", &MessageExt::store_host)
      .def_property_readonly("reconsume_times", &MessageExt::reconsume_times)
      .def_property_readonly("store_size", &MessageExt::store_size)
      .def_property_readonly("queue",
                             [](const MessageExt& msg) {
                               return MessageQueue{msg.topic(), msg.broker_name(), msg.queue_id()};
                             })
      .def("__repr__", [](const MessageExt& msg) {
        return "<ReceivedMessage topic=" + std::string(py::repr(py::str(msg.topic()))) +
               " msg_id=" + msg.msg_id() + " queue_id=" + std::to_string(msg.queue_id()) +
               " queue_offset=" + std::to_string(msg.queue_offset()) +
               " body=" + std::string(py::repr(AsBytes(msg.body().substr(0, 64)))) + ">";
      });

  py::class_<SendResult>(m, "SendResult", "What the broker said about a message it accepted.")
      .def_readonly("status", &SendResult::status)
      .def_readonly("message_id", &SendResult::message_id,
                    "The client-generated id (UNIQ_KEY); a batch's ids joined by commas.")
      .def_readonly("offset_message_id", &SendResult::offset_message_id,
                    "The broker-generated id (store host and commit-log offset).")
      .def_readonly("queue", &SendResult::queue)
      .def_readonly("queue_offset", &SendResult::queue_offset)
      .def_readonly("transaction_id", &SendResult::transaction_id)
      .def_readonly("region_id", &SendResult::region_id)
      .def("__repr__", [](const SendResult& r) {
        return std::string("SendResult(status=") + SendStatusName(r.status) +
               ", message_id=" + std::string(py::repr(py::str(r.message_id))) +
               ", queue_id=" + std::to_string(r.queue.queue_id) +
               ", queue_offset=" + std::to_string(r.queue_offset) + ")";
      });

  py::class_<TransactionSendResult, SendResult>(
      m, "TransactionSendResult",
      "A half message's SendResult plus the local transaction's answer.")
      .def_readonly("local_state", &TransactionSendResult::local_state);
}

}  // namespace rocketmq::python
