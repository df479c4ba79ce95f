// Small key=value state files of a DLedger member (`checkpoint`, `currterm`), in the
// java.util.Properties text DLedger writes, so either implementation reads the other's.
//
// Env has no rename, so a replacement is made safe differently from Apache's
// write-tmp-then-rename: the new text goes to `<path>.tmp` first (synced), then over `<path>`
// (synced). A crash tears at most one of the two; Read() falls back to `.tmp` when `<path>` is
// missing or lacks a required key.
#ifndef ROCKETMQ_DLEDGER_PROPERTIES_FILE_H_
#define ROCKETMQ_DLEDGER_PROPERTIES_FILE_H_

#include <map>
#include <string>
#include <vector>

#include "rocketmq/status.h"
#include "store/env.h"

namespace rocketmq {
namespace dledger {

Status WritePropertiesFile(store::Env* env, const std::string& path,
                           const std::map<std::string, std::string>& values);

// The values of `path` (or of its `.tmp` copy if `path` lacks one of `required`). NotFound
// when neither file exists.
Result<std::map<std::string, std::string>> ReadPropertiesFile(
    store::Env* env, const std::string& path, const std::vector<std::string>& required);

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_PROPERTIES_FILE_H_
