#include "broker/broker_controller.h"

#include <algorithm>

#include "acl/acl_hook.h"
#include "acl/plain_permission_manager.h"
#include "broker/acl_admin_processor.h"
#include "broker/admin_broker_processor.h"
#include "broker/client_manage_processor.h"
#include "broker/consumer_manage_processor.h"
#include "broker/pull_message_processor.h"
#include "broker/query_message_processor.h"
#include "broker/reply_message_processor.h"
#include "broker/schedule/schedule_topic.h"
#include "broker/send_back_processor.h"
#include "broker/send_message_processor.h"
#include "broker/transaction/end_transaction_processor.h"
#include "common/clock.h"
#include "common/logging.h"
#include "dledger/store_settings.h"
#include "protocol/client_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "remoting/event_loop.h"

namespace rocketmq {
namespace broker {

namespace rq = protocol::RequestCode;

// Keeps the channel table and the client managers in step with the connections.
class BrokerController::ConnectionTracker : public remoting::ConnectionListener {
 public:
  explicit ConnectionTracker(BrokerController* broker) : broker_(broker) {}
  void OnConnected(const std::shared_ptr<remoting::Connection>& connection) override {
    broker_->channel_table_.Add(connection);
  }
  void OnClosed(const std::shared_ptr<remoting::Connection>& connection,
                const Status& reason) override {
    RMQ_LOG_DEBUG << "connection " << connection->remote_address()
                  << " closed: " << reason.message();
    broker_->channel_table_.Remove(connection->id());
    broker_->consumer_manager_.OnChannelClosed(connection->id());
    broker_->producer_manager_.OnChannelClosed(connection->id());
  }

 private:
  BrokerController* const broker_;
};

// Tells the broker when a connection to a nameserver closes, other than at shutdown.
class BrokerController::NamesrvConnectionWatcher : public remoting::ConnectionListener {
 public:
  explicit NamesrvConnectionWatcher(BrokerController* broker) : broker_(broker) {}
  void OnConnected(const std::shared_ptr<remoting::Connection>&) override {}
  void OnClosed(const std::shared_ptr<remoting::Connection>& connection,
                const Status& reason) override {
    if (reason.code() == ErrorCode::kCancelled) return;
    RMQ_LOG_INFO << "connection to nameserver " << connection->remote_address() << " closed ("
                 << reason.message() << "); registering again once it is back";
    broker_->registration_incomplete_ = true;
  }

 private:
  BrokerController* const broker_;
};

namespace {

// How often a registration that did not reach every nameserver is tried again.
constexpr std::chrono::milliseconds kRegisterRetryInterval(1000);

std::string ConfigDir(const store::MessageStoreConfig& store_config) {
  return store_config.store_path_root_dir + "/config";
}

}  // namespace

BrokerController::BrokerController(BrokerConfig config, store::MessageStoreConfig store_config,
                                   std::string config_path)
    : config_(std::move(config)),
      store_config_(std::move(store_config)),
      config_dir_(ConfigDir(store_config_)),
      runtime_config_(config_, store_config_,
                      config_path.empty() ? config_dir_ + "/broker.properties" : config_path),
      live_(config_),
      topic_config_manager_(config_, config_dir_),
      subscription_group_manager_(config_, config_dir_),
      consumer_offset_manager_(config_dir_),
      consumer_manager_(config_.channel_expired_timeout),
      producer_manager_(config_.channel_expired_timeout),
      stats_(config_.broker_cluster_name) {}

BrokerController::~BrokerController() { Shutdown(); }

uint16_t BrokerController::port() const { return server_ ? server_->port() : 0; }

std::string BrokerController::BrokerAddr() const { return config_.BrokerAddr(port()); }

BrokerIdentity BrokerController::Identity() const {
  BrokerIdentity id;
  id.cluster_name = config_.broker_cluster_name;
  id.broker_name = config_.broker_name;
  id.broker_addr = BrokerAddr();
  const std::string& ha_ip = config_.broker_ip2.empty() ? config_.broker_ip1 : config_.broker_ip2;
  id.ha_server_addr = ha_ip + ":" + std::to_string(ha_port());
  id.broker_id = dledger_ ? dledger_broker_id_.load() : config_.broker_id;
  return id;
}

uint16_t BrokerController::ha_port() const {
  if (ha_master_ && ha_master_->port() != 0) return ha_master_->port();
  if (store_config_.ha_listen_port != store::MessageStoreConfig::kHaListenPortFromListenPort) {
    return static_cast<uint16_t>(store_config_.ha_listen_port);
  }
  // Apache's default; an ephemeral listenPort gets an ephemeral HA port too.
  return config_.listen_port == 0 ? 0 : static_cast<uint16_t>(port() + 1);
}

Status BrokerController::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mutex_);
  if (started_) return Status::IllegalState("the broker is already started");
  if (shut_down_) return Status::IllegalState("the broker was shut down; create a new one");
  boot_timestamp_ = clock::WallMillis();

  RMQ_RETURN_IF_ERROR(store_config_.Validate());
  if (is_slave() && config_.broker_id <= 0) {
    return Status::InvalidArgument("brokerRole is SLAVE but brokerId is " +
                                   std::to_string(config_.broker_id) +
                                   ": a slave's brokerId must be at least 1");
  }
  if (!is_slave() && config_.broker_id != 0) {
    RMQ_LOG_WARN << "brokerRole is " << store_config_.broker_role << ": brokerId "
                 << config_.broker_id << " becomes 0, as every master's is";
    config_.broker_id = 0;
  }
  auto delay_levels = schedule::DelayLevelTable::Parse(config_.message_delay_level);
  if (!delay_levels.ok()) return delay_levels.status().WithContext("messageDelayLevel");
  RMQ_RETURN_IF_ERROR(topic_config_manager_.Load());
  RMQ_RETURN_IF_ERROR(subscription_group_manager_.Load());
  RMQ_RETURN_IF_ERROR(consumer_offset_manager_.Load());

  auto host = protocol::HostAddress::Parse(config_.broker_ip1 + ":0");
  if (!host.ok()) return host.status().WithContext("brokerIP1");
  unique_keys_ = std::make_unique<protocol::UniqueKeyGenerator>(*host);

  if (store_config_.enable_dleger_commit_log) RMQ_RETURN_IF_ERROR(StartDLedger());
  store_ =
      std::make_unique<store::MessageStore>(store_config_, store::Env::Posix(), dledger_.get());
  schedule_service_ = std::make_unique<schedule::ScheduleMessageService>(
      store_.get(), std::move(*delay_levels),
      schedule::ScheduleMessageService::Options{config_dir_ + "/delayOffset.json",
                                                config_.flush_delay_offset_interval},
      [this](const std::string& topic) { return topic_config_manager_.Find(topic).has_value(); });
  timer_settings_ = timer::TimerSettings{config_.timer_wheel_enable, config_.timer_precision_ms,
                                         config_.timer_max_delay_sec};
  timer_service_ = std::make_unique<timer::TimerMessageService>(
      store_.get(), timer::TimerMessageService::Options{config_dir_ + "/timerProgress.json"},
      [this](const std::string& topic) { return topic_config_manager_.Find(topic).has_value(); });
  store_->SetTagsCodeFn([levels = &schedule_service_->levels()](const store::DispatchRequest& r) {
    return schedule::TagsCode(*levels, r);
  });
  // What a nearly full disk must not take: every message some group has not consumed yet.
  store_->SetRetentionFloor([this] {
    int64_t floor = INT64_MAX;
    consumer_offset_manager_.ForEachOffset(
        [&](const std::string& topic, const std::string&, int32_t queue_id, int64_t offset) {
          if (offset < 0 || offset >= store_->GetMaxOffsetInQueue(topic, queue_id)) return;
          const int64_t position = store_->GetCommitLogOffsetInQueue(topic, queue_id, offset);
          if (position >= 0) floor = std::min(floor, position);
        });
    return floor;
  });
  pull_hold_service_ = std::make_unique<PullRequestHoldService>(
      config_.long_polling_enable,
      [this](const std::string& topic, int32_t queue_id) {
        return store_->GetMaxOffsetInQueue(topic, queue_id);
      },
      [this](HeldPull parked) {
        auto rerun = [this](HeldPullRequest& held) {
          // The answer leaves in one send() from this thread when the task ends: outside a
          // batch, the I/O thread would queue it in the bufferevent and write it on a later
          // loop pass, two epoll_ctl calls and an epoll_wait more per woken pull.
          remoting::OutboundBatch answer;
          PullMessageProcessor processor(this);
          const std::shared_ptr<remoting::Connection>& connection = held.connection;
          remoting::RemotingCommand& request = held.request;
          remoting::ProcessResult result =
              processor.ProcessDecoded(connection, request, held.header, false, &held.subscription);
          if (result.response()) {
            Status sent = connection->Reply(request, std::move(*result.response()));
            if (!sent.ok()) {
              RMQ_LOG_DEBUG << "cannot answer a held pull: " << sent.message();
            }
          } else if (!result.error().ok()) {
            connection->Reply(request,
                              remoting::RemotingCommand::CreateResponse(
                                  protocol::ResponseCode::kSystemError, result.error().message()));
          }
        };
        // When the answer comes from memory (the usual case: the message that woke it was
        // just written; when it is the first the pull reads, the store is not even asked):
        // right here when an I/O thread dispatched (it appended the sends of one read, and the
        // answer leaves with that read's answers, without waking the connection's own I/O
        // thread), else on the connection's I/O thread; Apache uses the pull executor, a
        // thread switch per consumed message. A stopped loop means a closed connection: nobody
        // to answer. CanProcessInline's other checks were made when the request was parked
        // (its group exists; a selector means SQL92, which runs over every message read): the
        // parked header answers the rest.
        const protocol::PullMessageRequestHeader& header = parked->header;
        if (!parked->selector && (parked->reads_arrived_message ||
                                  PullMessageProcessor(this).ReadsFromMemory(
                                      header.topic, header.queue_id, header.queue_offset))) {
          if (remoting::EventLoop::InAnyLoopThread()) {
            rerun(*parked);
          } else {
            // The task keeps the request, and so its connection, alive.
            remoting::Connection* connection = parked->connection.get();
            connection->RunOnLoop([rerun, parked = std::move(parked)] { rerun(*parked); });
          }
          return;
        }
        Status s = pull_executor_->Submit([rerun, parked] { rerun(*parked); });
        if (!s.ok()) {
          parked->connection->Reply(parked->request,
                                    remoting::RemotingCommand::CreateResponse(
                                        protocol::ResponseCode::kSystemBusy,
                                        "[OVERLOAD]system busy, start flow control for a while"));
        }
      });
  // A slave outside DLedger never delivers delayed messages (it cannot become master
  // without a restart): its dispatch, a replicated record at a time, skips their checks.
  const bool may_deliver_delayed = !store_config_.is_slave() || dledger_ != nullptr;
  store_->SetDispatchListener([this, may_deliver_delayed](const store::DispatchRequest& request) {
    pull_hold_service_->NotifyMessageArriving(request.topic, request.queue_id,
                                              request.queue_offset + 1, request.tags_code,
                                              request.properties);
    if (!may_deliver_delayed) return;
    schedule_service_->OnDispatched(request);
    timer_service_->OnDispatched(request);
  });
  // The replies to one batch of stored messages leave together.
  store_->SetAckScope([](const std::function<void()>& acknowledge) {
    remoting::OutboundBatch replies;
    acknowledge();
  });
  if (dledger_) {
    // The group replicates; no HA service.
  } else if (!is_slave()) {
    ha_master_ = std::make_unique<ha::HaMaster>(store_.get(), store_config_);
    store_->SetAppendListener([master = ha_master_.get()] { master->NotifyAppended(); });
    if (store_config_.is_sync_master()) {
      store_->SetReplicaGate([master = ha_master_.get()](int64_t end_offset) {
        return master->IsSlaveOk(end_offset);
      });
    }
  }
  Status s = store_->Start();
  if (!s.ok()) {
    StopAll();
    return s.WithContext("cannot start the message store in " + store_config_.store_path_root_dir);
  }
  // From here on the store directory is ours (locked): state may be written back to it.
  store_started_ = true;
  transaction_service_ = std::make_unique<transaction::TransactionalMessageService>(this);
  s = transaction_service_->Load();
  if (!s.ok()) {
    StopAll();
    return s.WithContext("cannot read the transaction op messages");
  }

  send_executor_ = std::make_shared<ThreadPool>("send", config_.send_message_thread_pool_nums,
                                                config_.send_thread_pool_queue_capacity);
  pull_executor_ = std::make_shared<ThreadPool>("pull", config_.pull_message_thread_pool_nums,
                                                config_.pull_thread_pool_queue_capacity);
  admin_executor_ =
      std::make_shared<ThreadPool>("admin", config_.admin_broker_thread_pool_nums, 10000);
  client_executor_ =
      std::make_shared<ThreadPool>("client", config_.client_manage_thread_pool_nums, 10000);

  remoting::RemotingServerOptions options;
  options.host = config_.bind_address;
  options.port = static_cast<uint16_t>(config_.listen_port);
  options.connection.idle_timeout =
      std::chrono::seconds(config_.server_channel_max_idle_time_seconds);
  Result<remoting::TlsOptions> tls = config_.tls.ServerOptions();
  if (!tls.ok()) {
    StopAll();
    return tls.status();
  }
  options.tls = std::move(tls).value();
  // The sends of one read reach the store's appender in one hand-over.
  options.inline_scope = [](const std::function<void()>& handle) {
    store::AppendBatch appends;
    handle();
  };
  if (config_.acl_enable) {
    acl_manager_ = std::make_shared<acl::PlainPermissionManager>(config_.rocketmq_home,
                                                                 config_.acl_plain_file);
    if (Status acl = acl_manager_->Load(); !acl.ok()) {
      StopAll();
      return acl.WithContext("aclEnable");
    }
    RMQ_LOG_INFO << "ACL enabled, default file " << acl_manager_->default_file();
  }
  // Requests are accepted only once the store host (with the bound port) is set below: a
  // send arriving in between read it while it was written (found by TSan), and would have
  // stored a record with port 0 in its store host and message id.
  options.accept_on_start = false;
  server_ = std::make_unique<remoting::RemotingServer>(options);
  server_->SetConnectionListener(std::make_shared<ConnectionTracker>(this));
  if (acl_manager_) server_->AddRpcHook(std::make_shared<acl::AclHook>(acl_manager_));
  RegisterProcessors();
  s = server_->Start();
  if (!s.ok()) {
    StopAll();
    // The server's status names the address and the reason; this names the setting.
    return s.WithContext("listenPort");
  }
  store_host_ = *host;
  store_host_.port = server_->port();
  s = server_->Accept();
  if (!s.ok()) {
    StopAll();
    return s;
  }
  options.accept_on_start = true;
  if (config_.listen_port > 2) StartVipServer(options);
  if (ha_master_) {
    s = ha_master_->Start(config_.bind_address, ha_port());
    if (!s.ok()) {
      StopAll();
      return s.WithContext("cannot start the HA master");
    }
  } else if (!dledger_) {
    ha_client_ = std::make_unique<ha::HaClient>(store_.get(), store_config_);
    s = ha_client_->Start();
    if (!s.ok()) {
      StopAll();
      return s.WithContext("cannot start the HA client");
    }
  }

  consumer_manager_.SetListener([this](ConsumerGroupEvent event, const std::string& group,
                                       const std::vector<ChannelId>& channels) {
    OnConsumerGroupEvent(event, group, channels);
  });

  remoting::RemotingClientOptions client_options;
  client_options.connection.connect_timeout =
      std::chrono::milliseconds(std::min(config_.register_broker_timeout_mills, 3000));
  client_options.tls = config_.tls.ClientOptions();
  namesrv_client_ = std::make_unique<remoting::RemotingClient>(client_options);
  namesrv_client_->SetConnectionListener(std::make_shared<NamesrvConnectionWatcher>(this));
  s = namesrv_client_->Start();
  if (!s.ok()) {
    StopAll();
    return s.WithContext("cannot start the nameserver client");
  }
  registrar_ = std::make_unique<NamesrvRegistrar>(namesrv_client_.get());
  if (is_slave() || dledger_) {
    slave_sync_ = std::make_unique<SlaveSynchronize>(
        namesrv_client_.get(),
        SlaveSynchronize::Targets{&topic_config_manager_, &consumer_offset_manager_,
                                  &subscription_group_manager_, config_dir_ + "/delayOffset.json"},
        std::chrono::milliseconds(config_.register_broker_timeout_mills));
  }
  pull_hold_service_->Start();
  // As in Apache, only a master delivers delayed messages.
  if (!is_slave() && !dledger_) {
    s = schedule_service_->Start();
    if (s.ok()) s = timer_service_->Start();
    if (!s.ok()) {
      StopAll();
      return s;
    }
    delivery_started_ = true;
  }

  topic_config_manager_.SetChangeListener([this] { RequestRegistration(); });
  RegisterBrokerAll();

  const int64_t period = std::clamp<int64_t>(config_.register_name_server_period, 10000, 60000);
  register_task_ =
      scheduler_.Schedule("register-broker", std::chrono::milliseconds(period),
                          std::chrono::milliseconds(period), [this] { RegisterBrokerAll(); });
  scheduler_.Schedule("register-retry", kRegisterRetryInterval, kRegisterRetryInterval, [this] {
    if (registration_incomplete_) RegisterBrokerAll();
  });
  scheduler_.Schedule("persist-offsets", std::chrono::milliseconds(10000),
                      std::chrono::milliseconds(config_.flush_consumer_offset_interval), [this] {
                        // Failures are reported by each manager's SaveTracker; topics and
                        // groups are written here again only if their last write failed.
                        consumer_offset_manager_.Persist();
                        topic_config_manager_.PersistIfUnsaved();
                        subscription_group_manager_.PersistIfUnsaved();
                      });
  // Apache's StoreStatsService samples every second, its StatsItems every 10 s, 10 min and
  // hour.
  scheduler_.Schedule("sample-rates", std::chrono::milliseconds(0), std::chrono::seconds(1),
                      [this] { stats_.SampleRates(clock::WallMillis()); });
  const std::pair<StatsItem::Window, std::chrono::milliseconds> windows[] = {
      {StatsItem::kMinute, std::chrono::seconds(10)},
      {StatsItem::kHour, std::chrono::minutes(10)},
      {StatsItem::kDay, std::chrono::hours(1)}};
  for (const auto& [window, every] : windows) {
    scheduler_.Schedule("sample-stats", every, every, [this, window = window] {
      stats_.SampleItems(window, clock::WallMillis());
    });
  }
  if (acl_manager_) {
    const std::chrono::milliseconds interval(config_.acl_reload_interval_mills);
    scheduler_.Schedule("acl-reload", interval, interval,
                        [acl = acl_manager_] { acl->ReloadIfChanged(); });
  }
  scheduler_.Schedule("scan-channels", std::chrono::milliseconds(10000),
                      std::chrono::milliseconds(10000), [this] {
                        consumer_manager_.ScanNotActiveChannels();
                        producer_manager_.ScanNotActiveChannels();
                      });
  if (ha_master_) {
    // Apache's printMasterAndSlaveDiff: the replication lag in the log once a minute.
    scheduler_.Schedule("print-slave-diff", std::chrono::milliseconds(10000),
                        std::chrono::milliseconds(60000), [this] {
                          if (ha_master_->connection_count() == 0) return;
                          RMQ_LOG_INFO << "slave falls behind the master by "
                                       << std::max<int64_t>(0, store_->GetMaxPhyOffset() -
                                                                   ha_master_->replicated_offset())
                                       << " bytes";
                        });
  }
  if (slave_sync_) {
    scheduler_.Schedule("slave-synchronize", std::chrono::milliseconds(3000),
                        std::chrono::milliseconds(10000), [this] {
                          if (!is_slave()) return;
                          Status synced = slave_sync_->SyncAll();
                          if (!synced.ok()) {
                            RMQ_LOG_WARN << "cannot sync metadata from the master: "
                                         << synced.message();
                          }
                        });
  }
  scheduler_.Start();
  transaction_service_->Start();
  if (dledger_) AttachDLedger();
  started_ = true;
  RMQ_LOG_INFO << "broker " << config_.broker_name << " started at " << BrokerAddr() << ", store "
               << store_config_.store_path_root_dir;
  return Status::OK();
}

Status BrokerController::StartDLedger() {
  auto config = dledger::DLedgerConfigFromStore(store_config_);
  if (!config.ok()) return config.status();
  dledger_ = std::make_unique<dledger::DLedgerCommitLog>(std::move(*config));
  return dledger_->Start().WithContext("cannot start DLedger member " +
                                       store_config_.dleger_self_id);
}

void BrokerController::AttachDLedger() {
  dledger_->Attach(store_.get(),
                   dledger::DLedgerCommitLog::RoleHandlers{[this] { OnDLedgerRole(true); },
                                                           [this] { OnDLedgerRole(false); }});
}

// Runs on the DLedger role thread.
void BrokerController::OnDLedgerRole(bool master) {
  dledger_broker_id_ = dledger::BrokerIdFor(store_config_.dleger_self_id, master);
  dledger_master_ = master;
  if (master && !delivery_started_) {
    // As Apache's changeToMaster: delayed delivery from here on (check-backs follow the
    // role by themselves).
    Status s = schedule_service_->Start();
    if (s.ok()) s = timer_service_->Start();
    if (!s.ok()) {
      RMQ_LOG_ERROR << "cannot start delayed delivery as master: " << s.ToString();
    }
    delivery_started_ = true;
  }
  // The term as state version: nameservers take this master over an earlier one that is
  // still connected (stopped, or cut off), whose term is lower.
  if (master) topic_config_manager_.BumpDataVersion(dledger_->view().term);
  dledger_role_known_ = true;
  RequestRegistration();
}

void BrokerController::StartVipServer(remoting::RemotingServerOptions options) {
  options.port = static_cast<uint16_t>(config_.listen_port - 2);
  options.inline_scope = nullptr;
  vip_server_ = std::make_unique<remoting::RemotingServer>(options);
  if (acl_manager_) vip_server_->AddRpcHook(std::make_shared<acl::AclHook>(acl_manager_));
  auto admin = std::make_shared<AdminBrokerProcessor>(this);
  for (int32_t code : AdminBrokerProcessor::Codes()) {
    vip_server_->RegisterProcessor(code, admin, admin_executor_);
  }
  auto acl_admin = std::make_shared<AclAdminProcessor>(this, acl_manager_);
  for (int32_t code : AclAdminProcessor::Codes()) {
    vip_server_->RegisterProcessor(code, acl_admin, admin_executor_);
  }
  // Apache refuses to start without it; here only Apache slaves' metadata sync needs it, so
  // a taken port costs that and no more.
  if (Status s = vip_server_->Start(); !s.ok()) {
    RMQ_LOG_WARN << "no VIP channel on port " << options.port << " (Apache slaves sync their "
                 << "metadata there): " << s.ToString();
    vip_server_.reset();
  }
}

void BrokerController::RegisterProcessors() {
  auto send = std::make_shared<SendMessageProcessor>(this);
  for (int32_t code : {rq::kSendMessage, rq::kSendMessageV2, rq::kSendBatchMessage}) {
    server_->RegisterProcessor(code, send, send_executor_);
  }
  auto reply = std::make_shared<ReplyMessageProcessor>(this);
  for (int32_t code : {rq::kSendReplyMessage, rq::kSendReplyMessageV2}) {
    server_->RegisterProcessor(code, reply, send_executor_);
  }
  server_->RegisterProcessor(rq::kConsumerSendMsgBack, std::make_shared<SendBackProcessor>(this),
                             send_executor_);
  server_->RegisterProcessor(
      rq::kEndTransaction,
      std::make_shared<transaction::EndTransactionProcessor>(transaction_service_.get()),
      send_executor_);
  auto pull = std::make_shared<PullMessageProcessor>(this);
  server_->RegisterProcessor(rq::kPullMessage, pull, pull_executor_);
  server_->RegisterProcessor(rq::kLitePullMessage, pull, pull_executor_);

  auto client = std::make_shared<ClientManageProcessor>(this);
  for (int32_t code : {rq::kHeartBeat, rq::kUnregisterClient, rq::kCheckClientConfig}) {
    server_->RegisterProcessor(code, client, client_executor_);
  }
  auto consumer = std::make_shared<ConsumerManageProcessor>(this);
  for (int32_t code :
       {rq::kGetConsumerListByGroup, rq::kUpdateConsumerOffset, rq::kQueryConsumerOffset}) {
    server_->RegisterProcessor(code, consumer, client_executor_);
  }
  auto query = std::make_shared<QueryMessageProcessor>(this);
  server_->RegisterProcessor(rq::kQueryMessage, query, admin_executor_);
  server_->RegisterProcessor(rq::kViewMessageById, query, admin_executor_);
  auto admin = std::make_shared<AdminBrokerProcessor>(this);
  for (int32_t code : AdminBrokerProcessor::Codes()) {
    server_->RegisterProcessor(code, admin, admin_executor_);
  }
  auto acl_admin = std::make_shared<AclAdminProcessor>(this, acl_manager_);
  for (int32_t code : AclAdminProcessor::Codes()) {
    server_->RegisterProcessor(code, acl_admin, admin_executor_);
  }
}

void BrokerController::OnConsumerGroupEvent(ConsumerGroupEvent event, const std::string& group,
                                            const std::vector<ChannelId>& channels) {
  if (event == ConsumerGroupEvent::kUnregister) consumer_filter_manager_.UnregisterGroup(group);
  if (event != ConsumerGroupEvent::kChange || channels.empty() ||
      !config_.notify_consumer_ids_changed_enable || !server_) {
    return;
  }
  protocol::NotifyConsumerIdsChangedRequestHeader header;
  header.consumer_group = group;
  for (ChannelId id : channels) {
    auto connection = channel_table_.Find(id);
    if (!connection) continue;
    auto request =
        remoting::RemotingCommand::CreateRequest(rq::kNotifyConsumerIdsChanged, header.Encode());
    Status s = server_->InvokeOneway(connection, std::move(request));
    if (!s.ok()) {
      RMQ_LOG_WARN << "cannot notify " << connection->remote_address() << " that group " << group
                   << " changed: " << s.message();
    }
  }
}

void BrokerController::RegisterBrokerAll() {
  if (!registrar_) return;
  if (dledger_ && !dledger_role_known_) return;
  const std::vector<std::string> addrs = config_.NamesrvAddrs();
  if (addrs.empty()) return;
  protocol::TopicConfigSerializeWrapper topics = topic_config_manager_.Wrapper();
  // Topics this broker may not serve fully carry the broker's permission mask, as Apache's
  // registerBrokerAll does when brokerPermission is not read-write.
  const int32_t permission = live_.permission();
  if (!protocol::PermName::IsWriteable(permission) || !protocol::PermName::IsReadable(permission)) {
    for (auto& [name, t] : topics.topic_config_table) t.perm &= permission;
  }
  // Cleared before asking, so that a connection that closes meanwhile sets it again.
  registration_incomplete_ = false;
  auto results = registrar_->RegisterBrokerAll(
      addrs, Identity(), topics, config_.compressed_register,
      std::chrono::milliseconds(config_.register_broker_timeout_mills));
  bool incomplete = false;
  bool learnt = false;
  for (const auto& r : results) {
    int& failures = register_failures_[r.namesrv_addr];
    if (r.status.ok()) {
      if (failures > 0) {
        RMQ_LOG_WARN << "registered with nameserver " << r.namesrv_addr << " again after "
                     << failures << " failed attempt(s)";
      }
      RMQ_LOG_DEBUG << "registered with nameserver " << r.namesrv_addr;
      failures = 0;
    } else {
      if (failures++ == 0) {
        RMQ_LOG_WARN << "cannot register with nameserver " << r.namesrv_addr << ": "
                     << r.status.message() << " (trying again every "
                     << kRegisterRetryInterval.count() << " ms)";
      }
      incomplete = true;
      continue;
    }
    // A slave learns its master from the first answer, as Apache's registerBrokerAll does:
    // the HA address only while haMasterAddress is unset and only when one is known, the
    // remoting address for the metadata sync always (none while the master is gone).
    if (!is_slave() || learnt) continue;
    learnt = true;
    if (store_config_.ha_master_address.empty() && r.ha_server_addr && !r.ha_server_addr->empty() &&
        ha_client_) {
      ha_client_->UpdateMasterAddress(*r.ha_server_addr);
    }
    if (slave_sync_) slave_sync_->SetMasterAddr(r.master_addr.value_or(""));
  }
  if (incomplete) registration_incomplete_ = true;
}

RuntimeConfig::Outcome BrokerController::UpdateConfig(const Properties& props) {
  RuntimeConfig::Outcome outcome = runtime_config_.Update(props);
  if (outcome.response_code != protocol::ResponseCode::kSuccess) return outcome;
  const BrokerConfig& updated = outcome.config;
  live_.Store(updated);
  topic_config_manager_.set_auto_create_topic_enable(updated.auto_create_topic_enable);
  subscription_group_manager_.set_auto_create(updated.auto_create_subscription_group);
  std::vector<std::string> later;
  for (const std::string& key : outcome.keys) {
    if (RuntimeConfig::LiveKeys().count(key) == 0) later.push_back(key);
  }
  RMQ_LOG_INFO << "broker config updated and written to " << runtime_config_.path()
               << (later.empty() ? "" : "; some keys take effect at the next start");
  if (props.Find("brokerPermission") != nullptr) {
    topic_config_manager_.BumpDataVersion();
    RequestRegistration();
  }
  if (!later.empty()) {
    std::string keys;
    for (const std::string& key : later) keys += (keys.empty() ? "" : ", ") + key;
    outcome.remark = "written to " + runtime_config_.path() + "; takes effect at restart: " + keys;
  }
  return outcome;
}

void BrokerController::RequestRegistration() { scheduler_.RunSoon(register_task_); }

void BrokerController::Shutdown() {
  std::lock_guard<std::mutex> lock(lifecycle_mutex_);
  if (shut_down_) return;
  shut_down_ = true;
  if (started_ && registrar_) {
    const std::vector<std::string> addrs = config_.NamesrvAddrs();
    if (!addrs.empty()) {
      Status s = registrar_->UnregisterBrokerAll(
          addrs, Identity(), std::chrono::milliseconds(config_.register_broker_timeout_mills));
      if (!s.ok()) {
        RMQ_LOG_WARN << "cannot unregister from every nameserver: " << s.message();
      }
    }
  }
  StopAll();
  RMQ_LOG_INFO << "broker " << config_.broker_name << " shut down";
}

void BrokerController::StopAll() {
  scheduler_.Shutdown();
  // No role change while the broker stops.
  if (dledger_) dledger_->Detach();
  if (transaction_service_) transaction_service_->Stop();
  topic_config_manager_.SetChangeListener(nullptr);
  if (pull_hold_service_) pull_hold_service_->Shutdown();
  for (auto* pool : {&send_executor_, &pull_executor_, &admin_executor_, &client_executor_}) {
    if (*pool) (*pool)->Shutdown();
  }
  // No group-change notices while connections close for shutdown.
  consumer_manager_.SetListener(nullptr);
  if (server_) server_->Shutdown();
  if (vip_server_) vip_server_->Shutdown();
  if (namesrv_client_) namesrv_client_->Shutdown();
  // Deliveries write to the store: stop them first (this persists delayOffset.json).
  if (schedule_service_) schedule_service_->Shutdown();
  if (timer_service_) timer_service_->Shutdown();
  // Replication stops before the store: the store answers the puts still waiting for a slave.
  if (ha_client_) ha_client_->Shutdown();
  if (ha_master_) ha_master_->Shutdown();
  if (store_) store_->Shutdown();
  if (dledger_) dledger_->Shutdown();
  // Only a broker that locked the store writes its files: a broker that failed to start
  // (store locked by another one, unreadable config) must not overwrite them.
  if (!store_started_) return;
  for (Status s : {consumer_offset_manager_.Persist(), topic_config_manager_.Persist(),
                   subscription_group_manager_.Persist()}) {
    if (!s.ok()) {
      RMQ_LOG_ERROR << "cannot persist broker state at shutdown: " << s.ToString();
    }
  }
}

}  // namespace broker
}  // namespace rocketmq
