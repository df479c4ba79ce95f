// RemotingCommand: one request or response of Apache RocketMQ's remoting protocol
// (protocol.md §1.2) — the logical fields of a frame, independent of its header encoding.
//
// Java distinctions that change bytes on the wire are kept: a null remark is omitted from a
// JSON header while an empty one is written as "", and absent extFields are omitted while
// present-but-empty ones are written as {}. The binary header cannot tell these apart and
// decodes both as absent, exactly like Java.
//
//   auto request = RemotingCommand::CreateRequest(RequestCode::kGetRouteinfoByTopic);
//   request.SetExtField("topic", "TestTopic");
//   ...
//   auto response = RemotingCommand::CreateResponseTo(request, ResponseCode::kSuccess);
#ifndef ROCKETMQ_REMOTING_REMOTING_COMMAND_H_
#define ROCKETMQ_REMOTING_REMOTING_COMMAND_H_

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/ext_fields.h"
#include "remoting/command_body.h"
#include "remoting/language_code.h"

namespace rocketmq {
namespace remoting {

// The version ordinal this implementation announces: MQVersion V5_3_3 (§1.6), recent enough
// for standard-JSON routes and every 5.x feature gate.
constexpr int32_t kDefaultVersion = 479;

class RemotingCommand {
 public:
  // Bits of `flag`.
  static constexpr int32_t kResponseFlag = 1 << 0;
  static constexpr int32_t kOnewayFlag = 1 << 1;

  // A process-wide correlation id, incremented per call and wrapping like Java's int.
  static int32_t NextOpaque();

  // A request with a fresh opaque, language CPP, kDefaultVersion, JSON header form and no
  // extFields.
  static RemotingCommand CreateRequest(int32_t code);
  // As above, with extFields present (even when `ext_fields` is empty, as Java does when
  // the request has a custom header).
  static RemotingCommand CreateRequest(int32_t code, protocol::ExtFields ext_fields);

  // A response whose opaque and header form are filled in when it is sent as the answer to
  // a request (the server does this for what processors return).
  static RemotingCommand CreateResponse(int32_t code,
                                        std::optional<std::string> remark = std::nullopt);
  // A response already correlated with `request`: same opaque, same header form.
  static RemotingCommand CreateResponseTo(const RemotingCommand& request, int32_t code,
                                          std::optional<std::string> remark = std::nullopt);

  RemotingCommand() = default;

  int32_t code() const { return code_; }
  void set_code(int32_t code) { code_ = code; }
  LanguageCode language() const { return language_; }
  void set_language(LanguageCode language) { language_ = language; }
  int32_t version() const { return version_; }
  void set_version(int32_t version) { version_ = version; }
  int32_t opaque() const { return opaque_; }
  void set_opaque(int32_t opaque) { opaque_ = opaque; }
  int32_t flag() const { return flag_; }
  void set_flag(int32_t flag) { flag_ = flag; }

  bool IsResponse() const { return (flag_ & kResponseFlag) != 0; }
  bool IsOneway() const { return (flag_ & kOnewayFlag) != 0; }
  void MarkResponse() { flag_ |= kResponseFlag; }
  void MarkOneway() { flag_ |= kOnewayFlag; }

  const std::optional<std::string>& remark() const { return remark_; }
  void set_remark(std::optional<std::string> remark) { remark_ = std::move(remark); }

  // extFields: every custom-header field as a string.
  bool has_ext_fields() const { return has_ext_fields_; }
  const protocol::ExtFields& ext_fields() const {
    if (binary_ext_fields_) MaterializeExtFields();
    return ext_fields_;
  }
  // Marks the map present.
  protocol::ExtFields* mutable_ext_fields();
  void set_ext_fields(protocol::ExtFields ext_fields);
  void clear_ext_fields();
  // extFields given as the bytes a ROCKETMQ binary header carries them in
  // (protocol::BinaryHeaderWriter, keys in the map's order), which that header then copies
  // as they are: a producer writes its send header straight from the header struct instead
  // of building the map. Marks the map present. Anything that reads the map (a JSON header,
  // an RPC hook, a log line) decodes it from them first; that decode changes the command
  // behind a const accessor, so a command must not be read by two threads at once (commands
  // are built and handed over by one thread at a time).
  void set_binary_ext_fields(std::string bytes);
  // Those bytes while the map has not been decoded from them; null otherwise.
  const std::string* binary_ext_fields() const {
    return binary_ext_fields_ ? &*binary_ext_fields_ : nullptr;
  }
  // Gives those bytes back (empty when there are none) and leaves the extFields absent, for
  // a sender that lends the same buffer to command after command (a broker's send answers):
  // it then keeps its capacity.
  std::string TakeBinaryExtFields();
  // Marks the map present and sets one entry (replacing an earlier value).
  void SetExtField(std::string key, std::string value);
  // Null when absent.
  const std::string* FindExtField(const std::string& key) const;

  const CommandBody& body() const { return body_; }
  CommandBody* mutable_body() { return &body_; }
  void set_body(std::string bytes) { body_.set_owned(std::move(bytes)); }

  // The header form the command arrived in, or will be written in.
  SerializeType serialize_type() const { return serialize_type_; }
  void set_serialize_type(SerializeType type) { serialize_type_ = type; }

  // A one-line summary for logs: code, opaque, flag, remark and sizes (never the body).
  std::string ToString() const;

 private:
  // Replaces binary_ext_fields_ by the map they hold.
  void MaterializeExtFields() const;

  int32_t code_ = 0;
  LanguageCode language_ = LanguageCode::kCpp;
  int32_t version_ = kDefaultVersion;
  int32_t opaque_ = 0;
  int32_t flag_ = 0;
  std::optional<std::string> remark_;
  bool has_ext_fields_ = false;
  // At most one of the two holds the fields (both empty when there are none).
  mutable protocol::ExtFields ext_fields_;
  mutable std::optional<std::string> binary_ext_fields_;
  CommandBody body_;
  SerializeType serialize_type_ = SerializeType::kJson;
};

// "17 TOPIC_NOT_EXIST (remark)": a response's code, its name and the peer's remark, for the
// message of an error that a non-success response becomes.
std::string DescribeResponse(const RemotingCommand& response);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_REMOTING_COMMAND_H_
