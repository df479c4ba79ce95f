#include "remoting/remoting_command.h"

#include <atomic>
#include <sstream>

#include "common/logging.h"
#include "protocol/response_code.h"
#include "remoting/binary_header.h"

namespace rocketmq {
namespace remoting {
namespace {

// Unsigned so that wrapping past INT32_MAX is defined; the cast back yields Java's values.
std::atomic<uint32_t> g_next_opaque{0};

}  // namespace

int32_t RemotingCommand::NextOpaque() {
  return static_cast<int32_t>(g_next_opaque.fetch_add(1, std::memory_order_relaxed));
}

RemotingCommand RemotingCommand::CreateRequest(int32_t code) {
  RemotingCommand command;
  command.code_ = code;
  command.opaque_ = NextOpaque();
  return command;
}

RemotingCommand RemotingCommand::CreateRequest(int32_t code, protocol::ExtFields ext_fields) {
  RemotingCommand command = CreateRequest(code);
  command.set_ext_fields(std::move(ext_fields));
  return command;
}

RemotingCommand RemotingCommand::CreateResponse(int32_t code, std::optional<std::string> remark) {
  RemotingCommand command;
  command.code_ = code;
  command.flag_ = kResponseFlag;
  command.remark_ = std::move(remark);
  return command;
}

RemotingCommand RemotingCommand::CreateResponseTo(const RemotingCommand& request, int32_t code,
                                                  std::optional<std::string> remark) {
  RemotingCommand command = CreateResponse(code, std::move(remark));
  command.opaque_ = request.opaque_;
  command.serialize_type_ = request.serialize_type_;
  return command;
}

protocol::ExtFields* RemotingCommand::mutable_ext_fields() {
  if (binary_ext_fields_) MaterializeExtFields();
  has_ext_fields_ = true;
  return &ext_fields_;
}

void RemotingCommand::set_ext_fields(protocol::ExtFields ext_fields) {
  has_ext_fields_ = true;
  binary_ext_fields_.reset();
  ext_fields_ = std::move(ext_fields);
}

void RemotingCommand::clear_ext_fields() {
  has_ext_fields_ = false;
  binary_ext_fields_.reset();
  ext_fields_.clear();
}

void RemotingCommand::set_binary_ext_fields(std::string bytes) {
  has_ext_fields_ = true;
  ext_fields_.clear();
  binary_ext_fields_ = std::move(bytes);
}

std::string RemotingCommand::TakeBinaryExtFields() {
  std::string bytes;
  if (binary_ext_fields_) bytes = std::move(*binary_ext_fields_);
  clear_ext_fields();
  return bytes;
}

void RemotingCommand::MaterializeExtFields() const {
  Result<protocol::ExtFields> fields =
      protocol::DecodeBinaryExtFields(binary_ext_fields_->data(), binary_ext_fields_->size());
  if (fields.ok()) {
    ext_fields_ = std::move(fields).value();
  } else {
    // Only set_binary_ext_fields' caller can have written them wrong: the frame would be.
    RMQ_LOG_ERROR << "dropping the extFields of request code " << code_ << ": "
                  << fields.status().ToString();
    ext_fields_.clear();
  }
  binary_ext_fields_.reset();
}

void RemotingCommand::SetExtField(std::string key, std::string value) {
  if (binary_ext_fields_) MaterializeExtFields();
  has_ext_fields_ = true;
  ext_fields_.insert_or_assign(std::move(key), std::move(value));
}

const std::string* RemotingCommand::FindExtField(const std::string& key) const {
  const protocol::ExtFields& fields = ext_fields();
  auto it = fields.find(key);
  return it == fields.end() ? nullptr : &it->second;
}

std::string RemotingCommand::ToString() const {
  std::ostringstream out;
  out << (IsResponse() ? "response" : "request") << "{code=" << code_ << ", opaque=" << opaque_
      << ", flag=" << flag_ << ", language=" << LanguageCodeName(language_)
      << ", version=" << version_ << ", form=" << SerializeTypeName(serialize_type_);
  if (remark_) out << ", remark=\"" << *remark_ << '"';
  out << ", extFields=" << (has_ext_fields_ ? std::to_string(ext_fields().size()) : "null")
      << ", body=" << body_.size() << "B}";
  return out.str();
}

std::string DescribeResponse(const RemotingCommand& response) {
  std::string out =
      std::to_string(response.code()) + " " + protocol::ResponseCodeName(response.code());
  if (response.remark() && !response.remark()->empty()) out += " (" + *response.remark() + ")";
  return out;
}

}  // namespace remoting
}  // namespace rocketmq
