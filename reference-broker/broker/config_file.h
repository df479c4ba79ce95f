// Config files under ${storePathRootDir}/config: written so that a crash never leaves
// neither the old nor the new content, read with a fall-back to the previous version
// (Apache ConfigManager / MixAll.string2File, protocol.md §6.6).
//
// Write: the new content goes to "<file>.tmp" and is synced; the current file becomes
// "<file>.bak"; the temporary file is renamed over "<file>" and the directory synced.
// Read: "<file>" if it exists and `decode` accepts it, else "<file>.bak".
#ifndef ROCKETMQ_BROKER_CONFIG_FILE_H_
#define ROCKETMQ_BROKER_CONFIG_FILE_H_

#include <functional>
#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

Status WriteConfigFile(const std::string& path, const std::string& content);

// Calls `decode` with the content of the first readable, decodable version. Returns
// NotFound when neither file exists (a fresh store), the decode error of the main file
// when the backup is missing or bad too, or an IoError naming the file that cannot be read.
Status LoadConfigFile(const std::string& path,
                      const std::function<Status(const std::string& content)>& decode);

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_CONFIG_FILE_H_
