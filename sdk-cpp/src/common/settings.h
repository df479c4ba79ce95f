// Settings: typed, validated configuration bound to the fields of a config struct.
//
// A program declares each setting once, by its Apache name, pointing at the field that
// holds its default; Apply() then fills the fields from a Properties file and command-line
// overrides, and every error names the key, where it came from and what is wrong with it:
//
//   NamesrvConfig config;                       // defaults live in the struct
//   Settings settings("namesrv");
//   settings.Int("listenPort", &config.listen_port, 0, 65535, "TCP port to listen on");
//   RMQ_RETURN_IF_ERROR(settings.Apply(properties));
#ifndef ROCKETMQ_COMMON_SETTINGS_H_
#define ROCKETMQ_COMMON_SETTINGS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/properties.h"
#include "rocketmq/status.h"

namespace rocketmq {

class Settings {
 public:
  explicit Settings(std::string component) : component_(std::move(component)) {}

  // Each declaration records the field's current value as the default.
  void Int(const std::string& key, int64_t* field, int64_t min, int64_t max, std::string doc);
  void Int(const std::string& key, int32_t* field, int32_t min, int32_t max, std::string doc);
  void Bool(const std::string& key, bool* field, std::string doc);
  // `validate` (optional) returns an error message for an unacceptable value, "" if fine.
  void String(const std::string& key, std::string* field, std::string doc,
              std::function<std::string(const std::string&)> validate = nullptr);
  void Enum(const std::string& key, std::string* field, std::vector<std::string> allowed,
            std::string doc);

  // Sets one value; unknown keys and invalid values are errors.
  Status Set(const std::string& key, const std::string& value, const std::string& origin);

  // Applies every entry of `props`. Invalid values are errors; keys this component does
  // not know are collected in `unknown` (Apache's files carry many we do not use) and
  // are an error when `unknown` is null.
  Status Apply(const Properties& props, std::vector<std::string>* unknown = nullptr);

  bool Has(const std::string& key) const;
  // Current values as "key=value" lines in declaration order, for printing (-p).
  std::string Dump() const;
  // One line per setting: key, default and doc, for --help.
  std::string Describe() const;

 private:
  struct Setting {
    std::string key;
    std::string doc;
    std::string default_text;
    std::function<std::string(const std::string&)> assign;  // returns "" or an error message
    std::function<std::string()> current;
  };
  const Setting* FindSetting(const std::string& key) const;
  void Add(Setting setting);

  std::string component_;
  std::vector<Setting> settings_;
};

// The command line shared by the server programs, in the shape Apache's use:
//   prog [-c FILE] [-p] [-h] [-n NAMESRV] [--key=value | --key value | -Dkey=value]...
// (-Dkey=value is how Apache's programs take JVM system properties such as tls.server.mode.)
// Short flags other than -c/-p/-h map to setting keys through `short_flags`
// (e.g. {'n', "namesrvAddr"}).
struct ServerCommandLine {
  std::string config_file;
  bool print_config = false;
  bool help = false;
  Properties overrides;
};

Result<ServerCommandLine> ParseServerCommandLine(
    int argc, const char* const* argv,
    const std::vector<std::pair<char, std::string>>& short_flags);

// Loads the config file named on the command line (if any), applies it and the overrides.
// Unknown keys in the file are logged as warnings; on the command line they are errors.
Status LoadServerSettings(const ServerCommandLine& cmdline, Settings* settings);

}  // namespace rocketmq

#endif  // ROCKETMQ_COMMON_SETTINGS_H_
