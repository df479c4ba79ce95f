#include "filter/consumer_filter_manager.h"

#include "common/logging.h"

namespace rocketmq {
namespace filter {

Status ConsumerFilterManager::Register(const std::string& topic, const std::string& group,
                                       const std::string& expression, int64_t client_version) {
  auto compiled = cache_.Compile(expression);
  std::lock_guard<std::mutex> lock(mutex_);
  const Key key(topic, group);
  auto it = filters_.find(key);
  if (it != filters_.end() && client_version <= it->second->client_version) {
    return compiled.ok() ? Status::OK() : compiled.status();
  }
  if (!compiled.ok()) {
    if (it != filters_.end()) filters_.erase(it);
    RMQ_LOG_WARN << "consumer group " << group << " subscribes topic " << topic
                 << " with a SQL92 expression that does not compile: "
                 << compiled.status().message();
    return compiled.status();
  }
  auto data = std::make_shared<ConsumerFilterData>();
  data->topic = topic;
  data->group = group;
  data->expression = expression;
  data->client_version = client_version;
  data->selector = *compiled;
  if (it == filters_.end()) {
    RMQ_LOG_INFO << "consumer group " << group << " filters topic " << topic << " by SQL92 "
                 << expression;
    filters_.emplace(key, std::move(data));
  } else {
    it->second = std::move(data);
  }
  return Status::OK();
}

void ConsumerFilterManager::UnregisterGroup(const std::string& group) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = filters_.begin(); it != filters_.end();) {
    if (it->first.second == group) {
      it = filters_.erase(it);
    } else {
      ++it;
    }
  }
}

std::shared_ptr<const ConsumerFilterData> ConsumerFilterManager::Get(
    const std::string& topic, const std::string& group) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = filters_.find(Key(topic, group));
  return it == filters_.end() ? nullptr : it->second;
}

}  // namespace filter
}  // namespace rocketmq
