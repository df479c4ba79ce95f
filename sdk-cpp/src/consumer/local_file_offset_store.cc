#include "consumer/local_file_offset_store.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "protocol/consume_stats.h"

namespace rocketmq {
namespace consumer {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("no offsets file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Status::IoError("reading " + path + " failed");
  return content.str();
}

Result<std::map<MessageQueue, int64_t>> DecodeTable(const std::string& json,
                                                    const std::string& path) {
  auto body = protocol::ResetOffsetBody::Decode(json);
  if (!body.ok()) return body.status().WithContext("offsets file " + path);
  std::map<MessageQueue, int64_t> table;
  for (const auto& [wire, offset] : body->offset_table) {
    table[MessageQueue{wire.topic, wire.broker_name, wire.queue_id}] = offset;
  }
  return table;
}

}  // namespace

LocalFileOffsetStore::LocalFileOffsetStore(const std::string& dir, const std::string& client_id,
                                           const std::string& group) {
  std::string base = dir;
  if (base.empty()) {
    const char* home = std::getenv("HOME");
    base = std::string(home != nullptr ? home : ".") + "/.rocketmq_offsets";
  }
  path_ = base + "/" + client_id + "/" + group + "/offsets.json";
}

Result<std::map<MessageQueue, int64_t>> LocalFileOffsetStore::ReadFile() const {
  for (const std::string& candidate : {path_, path_ + ".bak"}) {
    auto content = ReadWholeFile(candidate);
    if (!content.ok()) continue;
    auto table = DecodeTable(*content, candidate);
    if (table.ok()) return table;
  }
  return Status::NotFound("no readable offsets file " + path_ + " (nor its .bak)");
}

Status LocalFileOffsetStore::Load() {
  auto table = ReadFile();
  if (!table.ok()) return Status::OK();
  std::lock_guard<std::mutex> lock(mu_);
  offsets_ = std::move(*table);
  return Status::OK();
}

void LocalFileOffsetStore::Update(const MessageQueue& queue, int64_t offset, bool increase_only) {
  std::lock_guard<std::mutex> lock(mu_);
  // Looked up first, as RemoteOffsetStore::Update: once per message consumed.
  auto it = offsets_.find(queue);
  if (it == offsets_.end()) {
    offsets_.emplace(queue, offset);
    return;
  }
  if (!increase_only || offset > it->second) it->second = offset;
}

int64_t LocalFileOffsetStore::ReadFromMemory(const MessageQueue& queue) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = offsets_.find(queue);
  return it == offsets_.end() ? -1 : it->second;
}

Result<int64_t> LocalFileOffsetStore::ReadFromStore(const MessageQueue& queue) {
  auto table = ReadFile();
  if (!table.ok()) return table.status();
  auto it = table->find(queue);
  if (it == table->end()) {
    return Status::NotFound("offsets file " + path_ + " has no offset for " + queue.ToString());
  }
  Update(queue, it->second, false);
  return it->second;
}

Status LocalFileOffsetStore::Persist(const std::vector<MessageQueue>& queues,
                                     std::chrono::milliseconds /*timeout*/) {
  protocol::ResetOffsetBody body;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& queue : queues) {
      auto it = offsets_.find(queue);
      if (it == offsets_.end()) continue;
      protocol::MessageQueue wire;
      wire.topic = queue.topic;
      wire.broker_name = queue.broker_name;
      wire.queue_id = queue.queue_id;
      body.offset_table[wire] = it->second;
    }
  }
  if (body.offset_table.empty()) return Status::OK();
  std::lock_guard<std::mutex> lock(file_mu_);
  std::error_code ec;
  fs::create_directories(fs::path(path_).parent_path(), ec);
  if (ec) return Status::IoError("creating the directory of " + path_ + ": " + ec.message());
  const std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << body.Encode();
    out.flush();
    if (!out) return Status::IoError("writing " + tmp + " failed");
  }
  // The previous version stays readable as .bak until the new one is in place.
  if (fs::exists(path_, ec))
    fs::copy_file(path_, path_ + ".bak", fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::IoError("backing up " + path_ + ": " + ec.message());
  fs::rename(tmp, path_, ec);
  if (ec) return Status::IoError("replacing " + path_ + ": " + ec.message());
  return Status::OK();
}

void LocalFileOffsetStore::Remove(const MessageQueue& queue) {
  std::lock_guard<std::mutex> lock(mu_);
  offsets_.erase(queue);
}

}  // namespace consumer
}  // namespace rocketmq
