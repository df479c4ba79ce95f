#include "dledger/properties_file.h"

#include "common/properties.h"

namespace rocketmq {
namespace dledger {

Status WritePropertiesFile(store::Env* env, const std::string& path,
                           const std::map<std::string, std::string>& values) {
  std::string text;
  for (const auto& [key, value] : values) text += key + "=" + value + "\n";
  RMQ_RETURN_IF_ERROR(store::WriteStringToFile(env, path + ".tmp", text));
  return store::WriteStringToFile(env, path, text);
}

namespace {

Result<std::map<std::string, std::string>> ParseComplete(store::Env* env, const std::string& path,
                                                         const std::vector<std::string>& required) {
  Result<std::string> text = store::ReadFileToString(env, path);
  if (!text.ok()) return text.status();
  Result<Properties> parsed = Properties::Parse(*text, path);
  if (!parsed.ok()) return parsed.status();
  std::map<std::string, std::string> values;
  for (const auto& [key, entry] : parsed->entries()) values[key] = entry.value;
  for (const std::string& key : required) {
    if (values.count(key) == 0) return Status::Corruption("'" + path + "' has no " + key);
  }
  return values;
}

}  // namespace

Result<std::map<std::string, std::string>> ReadPropertiesFile(
    store::Env* env, const std::string& path, const std::vector<std::string>& required) {
  Result<std::map<std::string, std::string>> values = ParseComplete(env, path, required);
  if (values.ok()) return values;
  Result<std::map<std::string, std::string>> backup = ParseComplete(env, path + ".tmp", required);
  if (backup.ok()) return backup;
  return values.status();
}

}  // namespace dledger
}  // namespace rocketmq
