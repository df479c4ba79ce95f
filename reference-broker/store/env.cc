#include "store/env.h"

namespace rocketmq {
namespace store {

Result<std::string> ReadFileToString(Env* env, const std::string& path) {
  auto file = env->OpenFile(path, false);
  if (!file.ok()) return file.status();
  auto size = (*file)->Size();
  if (!size.ok()) return size.status();
  std::string content(*size, '\0');
  auto n = (*file)->Read(0, content.data(), content.size());
  if (!n.ok()) return n.status();
  content.resize(*n);
  return content;
}

Status WriteStringToFile(Env* env, const std::string& path, const std::string& content) {
  auto file = env->OpenFile(path, true);
  if (!file.ok()) return file.status();
  RMQ_RETURN_IF_ERROR((*file)->Truncate(0));
  RMQ_RETURN_IF_ERROR((*file)->Write(0, content.data(), content.size()));
  return (*file)->Sync();
}

}  // namespace store
}  // namespace rocketmq
