// MessageExt: a message as a consumer receives it — the Message the producer sent plus what
// the broker recorded when storing it (queue, offsets, timestamps, hosts, redelivery count).
//
// It is a plain value type: copying it copies the body.
#ifndef ROCKETMQ_MESSAGE_EXT_H_
#define ROCKETMQ_MESSAGE_EXT_H_

#include <cstdint>
#include <string>

#include "rocketmq/export.h"
#include "rocketmq/message.h"

namespace rocketmq {

class RMQ_EXPORT MessageExt : public Message {
 public:
  MessageExt() = default;

  // What Java calls the message id: the producer's UNIQ_KEY when it set one, else the
  // offset message id.
  const std::string& msg_id() const { return msg_id_; }
  void set_msg_id(std::string id) { msg_id_ = std::move(id); }
  // The broker's id: store host and commit-log offset, 32 hex digits for IPv4.
  const std::string& offset_msg_id() const { return offset_msg_id_; }
  void set_offset_msg_id(std::string id) { offset_msg_id_ = std::move(id); }

  const std::string& broker_name() const { return broker_name_; }
  void set_broker_name(std::string name) { broker_name_ = std::move(name); }
  int32_t queue_id() const { return queue_id_; }
  void set_queue_id(int32_t id) { queue_id_ = id; }
  int64_t queue_offset() const { return queue_offset_; }
  void set_queue_offset(int64_t offset) { queue_offset_ = offset; }
  int64_t commit_log_offset() const { return commit_log_offset_; }
  void set_commit_log_offset(int64_t offset) { commit_log_offset_ = offset; }

  // Milliseconds since the epoch: when the producer created it, when the broker stored it.
  int64_t born_timestamp() const { return born_timestamp_; }
  void set_born_timestamp(int64_t ms) { born_timestamp_ = ms; }
  int64_t store_timestamp() const { return store_timestamp_; }
  void set_store_timestamp(int64_t ms) { store_timestamp_ = ms; }
  // "ip:port" of the producer's connection and of the storing broker.
  const std::string& born_host() const { return born_host_; }
  void set_born_host(std::string host) { born_host_ = std::move(host); }
  const std::string& store_host() const { return store_host_; }
  void set_store_host(std::string host) { store_host_ = std::move(host); }

  // How many times this message was handed back for redelivery (RECONSUME_LATER).
  int32_t reconsume_times() const { return reconsume_times_; }
  void set_reconsume_times(int32_t times) { reconsume_times_ = times; }
  int32_t store_size() const { return store_size_; }
  void set_store_size(int32_t size) { store_size_ = size; }
  int32_t sys_flag() const { return sys_flag_; }
  void set_sys_flag(int32_t flag) { sys_flag_ = flag; }
  int32_t body_crc() const { return body_crc_; }
  void set_body_crc(int32_t crc) { body_crc_ = crc; }

 private:
  std::string msg_id_;
  std::string offset_msg_id_;
  std::string broker_name_;
  int32_t queue_id_ = 0;
  int64_t queue_offset_ = 0;
  int64_t commit_log_offset_ = 0;
  int64_t born_timestamp_ = 0;
  int64_t store_timestamp_ = 0;
  std::string born_host_;
  std::string store_host_;
  int32_t reconsume_times_ = 0;
  int32_t store_size_ = 0;
  int32_t sys_flag_ = 0;
  int32_t body_crc_ = 0;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_MESSAGE_EXT_H_
