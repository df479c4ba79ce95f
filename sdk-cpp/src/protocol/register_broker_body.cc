#include "protocol/register_broker_body.h"

#include "protocol/big_endian.h"
#include "protocol/compression.h"
#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace protocol {
namespace {

// Deflater.BEST_COMPRESSION, what Java brokers use.
constexpr int kRegisterCompressLevel = 9;

void PutPart(std::string* out, std::string_view part) {
  char length[4];
  big_endian::Store32(length, static_cast<uint32_t>(part.size()));
  out->append(length, 4);
  out->append(part);
}

void PutCount(std::string* out, size_t count) {
  char value[4];
  big_endian::Store32(value, static_cast<uint32_t>(count));
  out->append(value, 4);
}

std::string EncodeStringList(const std::vector<std::string>& list) {
  JsonWriter out;
  out.BeginArray();
  for (const std::string& s : list) out.String(s);
  out.EndArray();
  return out.Take();
}

Status DecodeStringList(std::string_view json, const std::string& what,
                        std::vector<std::string>* out) {
  Result<Json::Value> value = ParseJson(json, what);
  if (!value.ok()) return value.status();
  if (value->isNull()) return Status::OK();
  if (!value->isArray()) return Status::Protocol(what + " is not a JSON array");
  for (const Json::Value& element : *value) {
    std::string text;
    if (!JsonToString(element, &text)) return Status::Protocol(what + " holds a non-string");
    out->push_back(std::move(text));
  }
  return Status::OK();
}

// Sequential reads over the inflated compressed body.
class PartReader {
 public:
  explicit PartReader(std::string_view data) : data_(data) {}

  bool AtEnd() const { return pos_ == data_.size(); }

  Result<int32_t> Count(const char* what) {
    if (data_.size() - pos_ < 4) {
      return Status::Protocol("compressed RegisterBrokerBody ends before " + std::string(what));
    }
    const auto v = static_cast<int32_t>(big_endian::Load32(data_.data() + pos_));
    pos_ += 4;
    if (v < 0) {
      return Status::Protocol("compressed RegisterBrokerBody has negative " + std::string(what) +
                              " " + std::to_string(v));
    }
    return v;
  }

  Result<std::string_view> Part(const char* what) {
    Result<int32_t> length = Count(what);
    if (!length.ok()) return length.status();
    if (data_.size() - pos_ < static_cast<size_t>(*length)) {
      return Status::Protocol("compressed RegisterBrokerBody: " + std::string(what) + " of " +
                              std::to_string(*length) + " bytes runs past the end");
    }
    const std::string_view part = data_.substr(pos_, static_cast<size_t>(*length));
    pos_ += static_cast<size_t>(*length);
    return part;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

Result<RegisterBrokerBody> DecodeCompressed(std::string_view data) {
  Result<std::string> inflated = ZlibDecompress(data, kMaxRegisterBodyInflatedSize);
  if (!inflated.ok()) return inflated.status().WithContext("compressed RegisterBrokerBody");
  PartReader in(*inflated);
  RegisterBrokerBody body;
  TopicConfigSerializeWrapper& wrapper = body.topic_config_serialize_wrapper;

  Result<std::string_view> version = in.Part("the DataVersion");
  if (!version.ok()) return version.status();
  Result<DataVersion> data_version = DataVersion::Decode(*version);
  if (!data_version.ok()) return data_version.status().WithContext("RegisterBrokerBody");
  wrapper.data_version = *data_version;

  Result<int32_t> topics = in.Count("the topic count");
  if (!topics.ok()) return topics.status();
  for (int32_t i = 0; i < *topics; ++i) {
    Result<std::string_view> text = in.Part("a topic config");
    if (!text.ok()) return text.status();
    Result<TopicConfig> config = TopicConfig::DecodeText(*text);
    if (!config.ok()) return config.status().WithContext("RegisterBrokerBody");
    wrapper.topic_config_table[config->topic_name] = std::move(config).value();
  }

  Result<std::string_view> filters = in.Part("the filter server list");
  if (!filters.ok()) return filters.status();
  RMQ_RETURN_IF_ERROR(
      DecodeStringList(*filters, "RegisterBrokerBody filterServerList", &body.filter_server_list));

  // Senders older than 5.0 end here.
  if (in.AtEnd()) return body;
  Result<int32_t> mappings = in.Count("the topic queue mapping count");
  if (!mappings.ok()) return mappings.status();
  for (int32_t i = 0; i < *mappings; ++i) {
    Result<std::string_view> mapping = in.Part("a topic queue mapping");
    if (!mapping.ok()) return mapping.status();
    body.topic_queue_mapping_infos.emplace_back(*mapping);
  }
  return body;
}

}  // namespace

std::string RegisterBrokerBody::Encode() const {
  JsonWriter out;
  out.BeginObject().Key("filterServerList").BeginArray();
  for (const std::string& server : filter_server_list) out.String(server);
  out.EndArray().Key("topicConfigSerializeWrapper");
  topic_config_serialize_wrapper.Write(&out);
  out.EndObject();
  return out.Take();
}

Result<std::string> RegisterBrokerBody::EncodeCompressed(bool with_mapping_section) const {
  std::string raw;
  PutPart(&raw, topic_config_serialize_wrapper.data_version.Encode());
  PutCount(&raw, topic_config_serialize_wrapper.topic_config_table.size());
  for (const auto& [topic, config] : topic_config_serialize_wrapper.topic_config_table) {
    PutPart(&raw, config.EncodeText());
  }
  PutPart(&raw, EncodeStringList(filter_server_list));
  if (with_mapping_section) {
    PutCount(&raw, topic_queue_mapping_infos.size());
    for (const std::string& mapping : topic_queue_mapping_infos) PutPart(&raw, mapping);
  }
  return ZlibCompress(raw, kRegisterCompressLevel);
}

Result<RegisterBrokerBody> RegisterBrokerBody::Decode(std::string_view data, bool compressed) {
  if (compressed) return DecodeCompressed(data);
  Result<Json::Value> value = ParseJson(data, "RegisterBrokerBody");
  if (!value.ok()) return value.status();
  RegisterBrokerBody body;
  RMQ_RETURN_IF_ERROR(
      JsonFields(*value, "RegisterBrokerBody")
          .StringList("filterServerList", &body.filter_server_list)
          .Struct("topicConfigSerializeWrapper", &body.topic_config_serialize_wrapper)
          .status());
  return body;
}

}  // namespace protocol
}  // namespace rocketmq
