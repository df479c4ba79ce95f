#include "store/index_file.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "protocol/big_endian.h"
#include "protocol/java_string_hash.h"

namespace rocketmq {
namespace store {

namespace be = protocol::big_endian;

namespace {
constexpr int kBeginTimestamp = 0;
constexpr int kEndTimestamp = 8;
constexpr int kBeginPhyOffset = 16;
constexpr int kEndPhyOffset = 24;
constexpr int kHashSlotCount = 32;
constexpr int kIndexCount = 36;
constexpr int32_t kInvalidIndex = 0;
}  // namespace

int32_t IndexFile::KeyHash(std::string_view key, int32_t prefix_hash) {
  int32_t h = protocol::JavaStringHash(key, prefix_hash);
  if (h == INT32_MIN) return 0;
  return h < 0 ? -h : h;
}

IndexFile::IndexFile(std::shared_ptr<MappedFile> file, int32_t hash_slot_num, int32_t max_index_num)
    : file_(std::move(file)), hash_slot_num_(hash_slot_num), max_index_num_(max_index_num) {}

Result<std::unique_ptr<IndexFile>> IndexFile::Create(Env* env, const std::string& path,
                                                     int32_t hash_slot_num, int32_t max_index_num,
                                                     int64_t end_phy_offset,
                                                     int64_t end_timestamp) {
  auto file = MappedFile::Create(env, path, 0, FileSize(hash_slot_num, max_index_num),
                                 MappedFile::Preallocation::kReserveBlocks);
  if (!file.ok()) return file.status().WithContext("creating index file");
  std::unique_ptr<IndexFile> index(new IndexFile(std::move(*file), hash_slot_num, max_index_num));
  if (end_phy_offset > 0) {
    index->SetHeader64(kBeginPhyOffset, end_phy_offset);
    index->SetHeader64(kEndPhyOffset, end_phy_offset);
  }
  if (end_timestamp > 0) {
    index->SetHeader64(kBeginTimestamp, end_timestamp);
    index->SetHeader64(kEndTimestamp, end_timestamp);
  }
  index->SetHeader32(kIndexCount, 1);
  return index;
}

Result<std::unique_ptr<IndexFile>> IndexFile::Open(Env* env, const std::string& path,
                                                   int32_t hash_slot_num, int32_t max_index_num) {
  auto file = MappedFile::Open(env, path, 0, FileSize(hash_slot_num, max_index_num),
                               /*random_access=*/true);
  if (!file.ok()) return file.status().WithContext("opening index file");
  std::unique_ptr<IndexFile> index(new IndexFile(std::move(*file), hash_slot_num, max_index_num));
  if (index->Header32(kIndexCount) <= 0) index->SetHeader32(kIndexCount, 1);
  return index;
}

int64_t IndexFile::Header64(int at) const {
  return static_cast<int64_t>(be::Load64(file_->data() + at));
}
int32_t IndexFile::Header32(int at) const {
  return static_cast<int32_t>(be::Load32(file_->data() + at));
}
void IndexFile::SetHeader64(int at, int64_t v) {
  be::Store64(file_->data() + at, static_cast<uint64_t>(v));
}
void IndexFile::SetHeader32(int at, int32_t v) {
  be::Store32(file_->data() + at, static_cast<uint32_t>(v));
}

size_t IndexFile::PutKeys(const KeyEntry* entries, size_t count) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t put = 0;
  while (put < count && PutKeyLocked(entries[put])) ++put;
  return put;
}

bool IndexFile::PutKeyLocked(const KeyEntry& key) {
  const int32_t key_hash = key.key_hash;
  const int64_t phy_offset = key.phy_offset;
  const int64_t store_timestamp = key.store_timestamp;
  const int32_t count = Header32(kIndexCount);
  if (count >= max_index_num_) return false;
  const int64_t slot_pos = kHeaderSize + (key_hash % hash_slot_num_) * kSlotSize;
  char* base = file_->data();
  int32_t slot_value = static_cast<int32_t>(be::Load32(base + slot_pos));
  if (slot_value <= kInvalidIndex || slot_value > count) slot_value = kInvalidIndex;

  const int64_t begin = Header64(kBeginTimestamp);
  int64_t time_diff = (store_timestamp - begin) / 1000;
  if (begin <= 0) {
    time_diff = 0;
  } else if (time_diff > INT32_MAX) {
    time_diff = INT32_MAX;
  } else if (time_diff < 0) {
    time_diff = 0;
  }
  char* entry = base + kHeaderSize + hash_slot_num_ * kSlotSize + int64_t{count} * kEntrySize;
  be::Store32(entry, static_cast<uint32_t>(key_hash));
  be::Store64(entry + 4, static_cast<uint64_t>(phy_offset));
  be::Store32(entry + 12, static_cast<uint32_t>(time_diff));
  be::Store32(entry + 16, static_cast<uint32_t>(slot_value));
  be::Store32(base + slot_pos, static_cast<uint32_t>(count));

  if (count <= 1) {
    SetHeader64(kBeginPhyOffset, phy_offset);
    SetHeader64(kBeginTimestamp, store_timestamp);
  }
  // Slots taken, as 4.9.x counts them (checked in the 4.9.7 jar); newer develop code counts
  // every put. No reader depends on the field.
  if (slot_value == kInvalidIndex) SetHeader32(kHashSlotCount, Header32(kHashSlotCount) + 1);
  SetHeader32(kIndexCount, count + 1);
  SetHeader64(kEndPhyOffset, phy_offset);
  SetHeader64(kEndTimestamp, store_timestamp);
  return true;
}

bool IndexFile::Covers(int64_t phy_offset) const {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t end = Header64(kEndPhyOffset);
  const bool has_entries = Header32(kIndexCount) > 1 || end > 0;
  return phy_offset < end || (has_entries && phy_offset == end);
}

bool IndexFile::IsTimeMatched(int64_t begin, int64_t end) const {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t b = Header64(kBeginTimestamp);
  const int64_t e = Header64(kEndTimestamp);
  return (begin < b && end > e) || (begin >= b && begin <= e) || (end >= b && end <= e);
}

void IndexFile::SelectPhyOffsets(std::string_view key, size_t max_num, int64_t begin, int64_t end,
                                 std::vector<int64_t>* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  // A damaged header must not send the walk outside the file.
  const int32_t count = std::min(Header32(kIndexCount), max_index_num_);
  const int32_t key_hash = KeyHash(key);
  const char* base = file_->data();
  int32_t next = static_cast<int32_t>(
      be::Load32(base + kHeaderSize + (key_hash % hash_slot_num_) * kSlotSize));
  // Entries 1 .. count-1 exist; anything else in a slot or a chain link is damage.
  if (next <= kInvalidIndex || next >= count || count <= 1) return;
  const int64_t file_begin = Header64(kBeginTimestamp);
  // Each step moves to an older entry; the count bound also stops a corrupt cycle.
  for (int32_t steps = 0; steps < count && out->size() < max_num; ++steps) {
    const char* entry =
        base + kHeaderSize + hash_slot_num_ * kSlotSize + int64_t{next} * kEntrySize;
    const int32_t hash_read = static_cast<int32_t>(be::Load32(entry));
    const int64_t phy_read = static_cast<int64_t>(be::Load64(entry + 4));
    const int64_t diff = static_cast<int32_t>(be::Load32(entry + 12));
    const int32_t prev = static_cast<int32_t>(be::Load32(entry + 16));
    if (diff < 0) break;
    const int64_t time_read = file_begin + diff * 1000;
    if (hash_read == key_hash && time_read >= begin && time_read <= end) out->push_back(phy_read);
    if (prev <= kInvalidIndex || prev >= count || prev == next || time_read < begin) break;
    next = prev;
  }
}

int64_t IndexFile::begin_timestamp() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Header64(kBeginTimestamp);
}
int64_t IndexFile::end_timestamp() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Header64(kEndTimestamp);
}
int64_t IndexFile::begin_phy_offset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Header64(kBeginPhyOffset);
}
int64_t IndexFile::end_phy_offset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Header64(kEndPhyOffset);
}
int32_t IndexFile::index_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Header32(kIndexCount);
}
int32_t IndexFile::hash_slot_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Header32(kHashSlotCount);
}

int32_t IndexFile::CutBefore(int64_t phy_offset) {
  std::lock_guard<std::mutex> lock(mu_);
  const int32_t count = std::min(Header32(kIndexCount), max_index_num_);
  char* base = file_->data();
  char* slots = base + kHeaderSize;
  const char* entries = slots + int64_t{hash_slot_num_} * kSlotSize;
  std::memset(slots, 0, static_cast<size_t>(hash_slot_num_) * kSlotSize);
  int32_t kept = 1;
  int32_t slots_taken = 0;
  int64_t last_phy = Header64(kBeginPhyOffset);
  int64_t last_diff = 0;
  for (; kept < count; ++kept) {
    const char* entry = entries + int64_t{kept} * kEntrySize;
    const int32_t key_hash = static_cast<int32_t>(be::Load32(entry));
    const int64_t phy = static_cast<int64_t>(be::Load64(entry + 4));
    const int32_t diff = static_cast<int32_t>(be::Load32(entry + 12));
    const int32_t prev = static_cast<int32_t>(be::Load32(entry + 16));
    if (phy >= phy_offset || phy < last_phy || key_hash < 0 || diff < 0 || prev < 0 ||
        prev >= kept) {
      break;
    }
    char* slot = slots + int64_t{key_hash % hash_slot_num_} * kSlotSize;
    if (be::Load32(slot) == 0) ++slots_taken;
    be::Store32(slot, static_cast<uint32_t>(kept));
    last_phy = phy;
    last_diff = diff;
  }
  SetHeader32(kIndexCount, kept);
  SetHeader32(kHashSlotCount, slots_taken);
  if (kept > 1) {
    SetHeader64(kEndPhyOffset, last_phy);
    // Entries keep whole seconds; the end of that second keeps the file in every time
    // range its last entry may fall in.
    SetHeader64(kEndTimestamp, Header64(kBeginTimestamp) + last_diff * 1000 + 999);
  } else {
    SetHeader64(kEndPhyOffset, Header64(kBeginPhyOffset));
    SetHeader64(kEndTimestamp, Header64(kBeginTimestamp));
  }
  return kept;
}

Status IndexFile::Flush() { return file_->SyncAll(); }

}  // namespace store
}  // namespace rocketmq
