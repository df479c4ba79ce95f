#include "fault_support.h"

#include <random>

#include "protocol/pull_headers.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace testing {

Result<std::vector<std::string>> PullAllBodies(BrokerCluster* cluster, const std::string& topic,
                                               int queues, const std::string& addr) {
  std::vector<std::string> bodies;
  for (int queue = 0; queue < queues; ++queue) {
    int64_t offset = 0;
    // Bounded: 32 records a pull, and no test stores more than a few thousand.
    for (int round = 0; round < 10000; ++round) {
      auto response =
          cluster->Call(BrokerCluster::PullRequest("FaultReader", topic, queue, offset, 0), addr);
      if (!response.ok()) return response.status().WithContext("pulling " + topic);
      if (response->code() != protocol::ResponseCode::kSuccess) break;
      std::string storage;
      auto records = PulledRecords(*response, &storage);
      if (!records.ok()) return records.status().WithContext("decoding " + topic);
      for (const auto& record : *records) bodies.emplace_back(record.body);
      auto header = protocol::PullMessageResponseHeader::Decode(response->ext_fields());
      if (!header.ok()) return header.status();
      if (header->next_begin_offset <= offset) break;
      offset = header->next_begin_offset;
    }
  }
  return bodies;
}

std::string LossReport::ToString() const {
  return std::to_string(acknowledged) + " acknowledged: " + std::to_string(lost) + " lost, " +
         std::to_string(duplicated) + " duplicated, " + std::to_string(stored_unacknowledged) +
         " stored though their send failed, " + std::to_string(unknown) + " never sent";
}

LossReport CompareStored(const std::set<std::string>& acknowledged,
                         const std::set<std::string>& failed,
                         const std::vector<std::string>& stored) {
  LossReport report;
  report.acknowledged = acknowledged.size();
  std::map<std::string, int> copies;
  for (const auto& body : stored) ++copies[body];
  for (const auto& [body, count] : copies) {
    report.duplicated += static_cast<size_t>(count - 1);
    if (acknowledged.count(body) != 0) continue;
    if (failed.count(body) != 0) {
      ++report.stored_unacknowledged;
    } else {
      ++report.unknown;
    }
  }
  for (const auto& body : acknowledged) report.lost += copies.count(body) == 0 ? 1 : 0;
  return report;
}

std::string NoisyBody(const std::string& tag, int index, size_t max_extra) {
  std::mt19937 random(static_cast<uint32_t>(index) * 2654435761u);
  std::string body = tag + "-" + std::to_string(index) + "-";
  const size_t extra = 1 + random() % max_extra;
  for (size_t i = 0; i < extra; ++i) body.push_back(static_cast<char>(random()));
  return body;
}

}  // namespace testing
}  // namespace rocketmq
