// LocalFileOffsetStore: a broadcasting consumer's offsets, in a file of its own — each
// consumer of a broadcasting group has its own progress, so the broker cannot keep it. Same
// place and format as Java's LocalFileOffsetStore: <dir>/<clientId>/<group>/offsets.json
// holding {"offsetTable":{<MessageQueue>:offset}} in fastjson form, with the previous
// version kept as offsets.json.bak and read when the main file is missing or unreadable.
#ifndef ROCKETMQ_CONSUMER_LOCAL_FILE_OFFSET_STORE_H_
#define ROCKETMQ_CONSUMER_LOCAL_FILE_OFFSET_STORE_H_

#include <map>
#include <mutex>
#include <string>

#include "consumer/offset_store.h"

namespace rocketmq {
namespace consumer {

class LocalFileOffsetStore : public OffsetStore {
 public:
  // `dir` empty: $HOME/.rocketmq_offsets, as Java's default.
  LocalFileOffsetStore(const std::string& dir, const std::string& client_id,
                       const std::string& group);

  const std::string& path() const { return path_; }
  // Reads the file into memory; a missing file is no error (nothing consumed yet).
  Status Load();

  void Update(const MessageQueue& queue, int64_t offset, bool increase_only) override;
  int64_t ReadFromMemory(const MessageQueue& queue) const override;
  Result<int64_t> ReadFromStore(const MessageQueue& queue) override;
  Status Persist(const std::vector<MessageQueue>& queues,
                 std::chrono::milliseconds timeout) override;
  void Remove(const MessageQueue& queue) override;

 private:
  // The file's table (else the backup's); NotFound when neither exists.
  Result<std::map<MessageQueue, int64_t>> ReadFile() const;

  std::string path_;
  mutable std::mutex mu_;
  std::map<MessageQueue, int64_t> offsets_;
  // Serialises writers of the file.
  std::mutex file_mu_;
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_LOCAL_FILE_OFFSET_STORE_H_
