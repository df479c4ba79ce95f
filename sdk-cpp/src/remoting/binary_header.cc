#include "remoting/binary_header.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "protocol/big_endian.h"
#include "protocol/header_codec.h"
#include "protocol/request_code.h"
#include "protocol/send_headers.h"

namespace rocketmq {
namespace remoting {
namespace {

// Big-endian integers and bytes written at `at`, into room already made; each returns the
// position after what it wrote.
char* PutU16(uint16_t value, char* at) {
  protocol::big_endian::Store16(at, value);
  return at + 2;
}

char* PutU32(uint32_t value, char* at) {
  protocol::big_endian::Store32(at, value);
  return at + 4;
}

char* PutBytes(const std::string& bytes, char* at) {
  std::memcpy(at, bytes.data(), bytes.size());
  return at + bytes.size();
}

// Reads big-endian integers from a bounded span; every read reports whether it fit.
class Reader {
 public:
  Reader(const char* data, size_t size)
      : data_(reinterpret_cast<const uint8_t*>(data)), size_(size) {}

  size_t remaining() const { return size_ - pos_; }

  bool U8(uint8_t* value) {
    if (remaining() < 1) return false;
    *value = data_[pos_++];
    return true;
  }
  bool U16(uint16_t* value) {
    if (remaining() < 2) return false;
    *value = static_cast<uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
    pos_ += 2;
    return true;
  }
  bool U32(uint32_t* value) {
    if (remaining() < 4) return false;
    *value = (uint32_t{data_[pos_]} << 24) | (uint32_t{data_[pos_ + 1]} << 16) |
             (uint32_t{data_[pos_ + 2]} << 8) | uint32_t{data_[pos_ + 3]};
    pos_ += 4;
    return true;
  }
  bool Bytes(size_t count, std::string_view* value) {
    if (remaining() < count) return false;
    *value = std::string_view(reinterpret_cast<const char*>(data_ + pos_), count);
    pos_ += count;
    return true;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// The fixed part: code 2, language 1, version 2, opaque 4, flag 4, remarkLen 4, extLen 4.
constexpr size_t kFixedBytes = 21;

Status Malformed(const std::string& what) {
  return Status::Protocol("malformed ROCKETMQ header: " + what);
}

size_t RemarkSize(const RemotingCommand& command) {
  const std::optional<std::string>& remark = command.remark();
  return remark ? remark->size() : 0;
}

size_t ExtFieldsSize(const RemotingCommand& command) {
  if (const std::string* binary_ext_fields = command.binary_ext_fields()) {
    return binary_ext_fields->size();
  }
  size_t ext_size = 0;
  for (const auto& [key, value] : command.ext_fields()) {
    ext_size += protocol::BinaryFieldSize(key, value);
  }
  return ext_size;
}

}  // namespace

size_t BinaryHeaderSize(const RemotingCommand& command) {
  return kFixedBytes + RemarkSize(command) + ExtFieldsSize(command);
}

void AppendBinaryHeader(const RemotingCommand& command, std::string* out) {
  // Sized once and written in place: appended byte by byte, the header checked the
  // string's capacity for every byte of its lengths (a producer's send header has ~13
  // fields).
  const size_t start = out->size();
  out->resize(start + BinaryHeaderSize(command));
  PutBinaryHeader(command, &(*out)[start]);
}

char* PutBinaryHeader(const RemotingCommand& command, char* at) {
  const size_t remark_size = RemarkSize(command);
  at = PutU16(static_cast<uint16_t>(command.code()), at);
  *at++ = static_cast<char>(command.language());
  at = PutU16(static_cast<uint16_t>(command.version()), at);
  at = PutU32(static_cast<uint32_t>(command.opaque()), at);
  at = PutU32(static_cast<uint32_t>(command.flag()), at);
  at = PutU32(static_cast<uint32_t>(remark_size), at);
  if (remark_size > 0) at = PutBytes(*command.remark(), at);
  if (const std::string* binary_ext_fields = command.binary_ext_fields()) {
    at = PutU32(static_cast<uint32_t>(binary_ext_fields->size()), at);
    return PutBytes(*binary_ext_fields, at);
  }
  // The map's length is known once its fields are written.
  char* const ext_size_at = at;
  at += 4;
  for (const auto& [key, value] : command.ext_fields()) {
    at = protocol::PutBinaryField(key, value, at);
  }
  PutU32(static_cast<uint32_t>(at - ext_size_at - 4), ext_size_at);
  return at;
}

namespace {

// Requests whose extFields stay bytes: those a broker takes per message. A pull's map of
// strings cost ~1k instructions to build and ~2k to read into its header.
bool KeepsBinaryExtFields(uint16_t code) {
  const auto request_code = static_cast<int16_t>(code);
  return protocol::SendMessageRequestHeader::IsSendRequest(request_code) ||
         request_code == protocol::RequestCode::kPullMessage ||
         request_code == protocol::RequestCode::kLitePullMessage;
}

// DecodeBinaryHeader into a default-constructed `command`.
Status DecodeBinaryHeaderInto(const char* data, size_t size, RemotingCommand* command) {
  if (size < kFixedBytes) {
    return Malformed("header is " + std::to_string(size) + " bytes, the fixed part alone is " +
                     std::to_string(kFixedBytes));
  }
  Reader reader(data, size);
  uint16_t code = 0;
  uint8_t language = 0;
  uint16_t version = 0;
  uint32_t opaque = 0;
  uint32_t flag = 0;
  uint32_t remark_size = 0;
  reader.U16(&code);
  reader.U8(&language);
  reader.U16(&version);
  reader.U32(&opaque);
  reader.U32(&flag);
  reader.U32(&remark_size);

  command->set_serialize_type(SerializeType::kRocketMQ);
  command->set_code(static_cast<int16_t>(code));
  command->set_language(static_cast<LanguageCode>(language));
  command->set_version(static_cast<int16_t>(version));
  command->set_opaque(static_cast<int32_t>(opaque));
  command->set_flag(static_cast<int32_t>(flag));

  // 4 bytes of extLen must still follow the remark.
  if (remark_size > reader.remaining() - 4) {
    return Malformed("remark length " + std::to_string(static_cast<int32_t>(remark_size)) +
                     " exceeds the header length " + std::to_string(size));
  }
  if (remark_size > 0) {
    std::string_view remark;
    reader.Bytes(remark_size, &remark);
    command->set_remark(std::string(remark));
  }
  uint32_t ext_size = 0;
  reader.U32(&ext_size);
  if (ext_size > reader.remaining()) {
    return Malformed("extFields length " + std::to_string(static_cast<int32_t>(ext_size)) +
                     " exceeds the " + std::to_string(reader.remaining()) +
                     " bytes left in a header of " + std::to_string(size));
  }
  if (ext_size > 0) {
    const char* ext_data = data + (size - reader.remaining());
    if ((flag & RemotingCommand::kResponseFlag) || KeepsBinaryExtFields(code)) {
      // An answer's reader usually wants a few of its fields (a send's: msgId, queueId,
      // queueOffset) and reads them off these bytes (ForEachExtField); the map of strings
      // costed ~1.5k instructions per async send. A broker reads a send's header off them
      // too (SendMessageRequestHeader::DecodeBinaryForRequestCode), and a pull's
      // (DecodeCommandHeader). Checked now, so a malformed frame still closes its
      // connection rather than losing its fields later.
      Status checked = protocol::ForEachBinaryExtField(ext_data, ext_size,
                                                       [](std::string_view, std::string_view) {});
      if (!checked.ok()) return checked;
      command->set_binary_ext_fields(std::string(ext_data, ext_size));
    } else {
      Result<protocol::ExtFields> fields = protocol::DecodeBinaryExtFields(ext_data, ext_size);
      if (!fields.ok()) return fields.status();
      command->set_ext_fields(std::move(fields).value());
    }
  }
  return Status::OK();
}

}  // namespace

Result<RemotingCommand> DecodeBinaryHeader(const char* data, size_t size) {
  // Decoded in place inside the Result returned by name (one return: copy elision): a
  // command built aside was moved into the Result and destroyed, per frame.
  Result<RemotingCommand> decoded = RemotingCommand();
  Status status = DecodeBinaryHeaderInto(data, size, &*decoded);
  if (!status.ok()) decoded = std::move(status);
  return decoded;
}

}  // namespace remoting
}  // namespace rocketmq
