// ConsumerOffsetManager: the committed consume offsets, "topic@group" -> queueId -> next
// offset to consume, persisted to consumerOffset.json (protocol.md §6.6):
//   {"offsetTable":{"T1@G1":{0:12,1:40}}}
// Apache writes the queue ids as bare numbers; both that and quoted keys are read. Keys are
// written quoted, which Apache's fastjson reads as well.
//
// Commits happen on every UPDATE_CONSUMER_OFFSET and pull with the commit flag; the file is
// written by Persist(), which the broker calls periodically and at shutdown. Thread-safe.
#ifndef ROCKETMQ_BROKER_CONSUMER_OFFSET_MANAGER_H_
#define ROCKETMQ_BROKER_CONSUMER_OFFSET_MANAGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "broker/save_tracker.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

class ConsumerOffsetManager {
 public:
  // `config_dir` is ${storePathRootDir}/config; empty keeps everything in memory.
  explicit ConsumerOffsetManager(std::string config_dir);

  Status Load();
  Status Persist();
  std::string file_path() const;

  // `explicit_from`: the id of the connection whose UPDATE_CONSUMER_OFFSET this is; 0 for
  // every other writer (resets, the master's sync, the transaction service).
  void CommitOffset(const std::string& group, const std::string& topic, int32_t queue_id,
                    int64_t offset, uint64_t explicit_from = 0);
  // The offset a PULL_MESSAGE carries (its commitOffset flag). Ignored when it is lower than
  // the offset an UPDATE_CONSUMER_OFFSET on the same connection set last: the pull left the
  // client first but, run by another executor than the update, reached the table after it
  // (a consumer's shutdown commits its final offsets while its last pull, sent just before,
  // still waits for a pull thread), and would move the group back to what it had consumed
  // when that pull was sent.
  void CommitOffsetFromPull(const std::string& group, const std::string& topic, int32_t queue_id,
                            int64_t offset, uint64_t connection);
  // -1 when the group never committed an offset for that queue.
  int64_t QueryOffset(const std::string& group, const std::string& topic, int32_t queue_id) const;
  // queueId -> offset; empty when none.
  std::map<int32_t, int64_t> QueryOffsets(const std::string& group, const std::string& topic) const;

  // Topics `group` has offsets for, and groups with offsets for `topic`.
  std::set<std::string> TopicsOfGroup(const std::string& group) const;
  std::set<std::string> GroupsOfTopic(const std::string& topic) const;

  // Every committed offset, visited outside the lock (on a copy of the table).
  using OffsetVisitor = std::function<void(const std::string& topic, const std::string& group,
                                           int32_t queue_id, int64_t offset)>;
  void ForEachOffset(const OffsetVisitor& visit) const;

  void RemoveGroup(const std::string& group);
  void RemoveTopic(const std::string& topic);

  // The file's JSON text (also the body of GET_ALL_CONSUMER_OFFSET).
  std::string Encode() const;
  // Replaces the table with the one in `content`.
  Status Decode(const std::string& content);

 private:
  // Under mutex_: forgets the writers of entries no longer in table_.
  void DropWritersWithoutEntry();
  // table_'s key, "topic@group", into `out`.
  static void AssignKey(const std::string& topic, const std::string& group, std::string* out) {
    out->assign(topic).append(1, '@').append(group);
  }
  static std::string Key(const std::string& topic, const std::string& group) {
    std::string key;
    AssignKey(topic, group, &key);
    return key;
  }

  const std::string config_dir_;
  mutable std::mutex mutex_;
  std::map<std::string, std::map<int32_t, int64_t>> table_;
  // (table_ key, queue id) in std::pair's order, also for a key given as a view: a pull's
  // commit looks its writer up without copying the key.
  struct WriterKeyLess {
    using is_transparent = void;
    template <typename L, typename R>
    bool operator()(const L& l, const R& r) const {
      const int c = std::string_view(l.first).compare(std::string_view(r.first));
      return c < 0 || (c == 0 && l.second < r.second);
    }
  };
  // Per table_ entry, the connection whose UPDATE_CONSUMER_OFFSET wrote it last; absent
  // when another writer did.
  std::map<std::pair<std::string, int32_t>, uint64_t, WriterKeyLess> explicit_writer_;
  SaveTracker saves_{"consumer offsets"};
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_CONSUMER_OFFSET_MANAGER_H_
