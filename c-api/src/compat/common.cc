#include <algorithm>
#include <cstring>
#include <string>

#include "compat/official.h"

namespace rocketmq {
namespace compat {

namespace {

// Per thread, as the official client keeps it: concurrent callers never see each other's.
thread_local std::string t_latest_error;

}  // namespace

void SetLatestError(const std::string& message) { t_latest_error = message; }

int Status(rmq_err_t rc, rmq_error_t** error, int code) {
  if (rc == RMQ_OK) return OK;
  SetLatestError(*error ? rmq_error_message(*error) : rmq_err2str(rc));
  rmq_error_destroy(*error);
  *error = nullptr;
  return code;
}

int NullPointer(const char* name) {
  SetLatestError(std::string(name) + " is NULL");
  return NULL_POINTER;
}

int NoHandle(const char* name) {
  SetLatestError(std::string(name) + " is NULL or was destroyed");
  return NULL_POINTER;
}

void CopyField(char* field, size_t capacity, const char* text) {
  const size_t length = text ? std::min(std::strlen(text), capacity - 1) : 0;
  if (length) std::memcpy(field, text, length);
  field[length] = '\0';
}

int SetLogPath(const char* log_path) {
  if (!log_path) return NullPointer("logPath");
  const std::string dir(log_path);
  rmq_error_t* error = nullptr;
  const rmq_err_t rc =
      rmq_log_set_file(dir.empty() ? "" : (dir + "/rocketmq-client.log").c_str(), &error);
  return Status(rc, &error, Not_Support);
}

int SetLogLevel(CLogLevel level) {
  rmq_log_level_t native = RMQ_LOG_LEVEL_OFF;
  switch (level) {
    case E_LOG_LEVEL_FATAL:
      native = RMQ_LOG_LEVEL_FATAL;
      break;
    case E_LOG_LEVEL_ERROR:
      native = RMQ_LOG_LEVEL_ERROR;
      break;
    case E_LOG_LEVEL_WARN:
      native = RMQ_LOG_LEVEL_WARN;
      break;
    case E_LOG_LEVEL_INFO:
      native = RMQ_LOG_LEVEL_INFO;
      break;
    case E_LOG_LEVEL_DEBUG:
      native = RMQ_LOG_LEVEL_DEBUG;
      break;
    case E_LOG_LEVEL_TRACE:
      native = RMQ_LOG_LEVEL_TRACE;
      break;
    case E_LOG_LEVEL_LEVEL_NUM:
    default:
      SetLatestError("log level " + std::to_string(static_cast<int>(level)) +
                     " is not a CLogLevel");
      return Not_Support;
  }
  return rmq_log_set_level(native) == RMQ_OK ? OK : Not_Support;
}

CSendResult ToSendResult(const rmq_send_result_t* result) {
  CSendResult out;
  out.sendStatus = static_cast<CSendStatus>(rmq_send_result_status(result));
  CopyField(out.msgId, sizeof(out.msgId), rmq_send_result_msg_id(result));
  out.offset = rmq_send_result_queue_offset(result);
  return out;
}

CMQException ToException(const rmq_error_t* error) {
  CMQException out;
  out.error = static_cast<int>(rmq_error_code(error));
  out.line = __LINE__;
  CopyField(out.file, sizeof(out.file), __FILE__);
  CopyField(out.msg, sizeof(out.msg), rmq_error_message(error));
  CopyField(out.type, sizeof(out.type), rmq_err2name(rmq_error_code(error)));
  return out;
}

const char* VersionText() {
  static const std::string text = std::string("rocketmq-c-compat ") + rmq_version_str();
  return text.c_str();
}

}  // namespace compat
}  // namespace rocketmq

extern "C" {

const char* GetLatestErrorMessage() { return rocketmq::compat::t_latest_error.c_str(); }

}  // extern "C"
