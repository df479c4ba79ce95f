// A command-line driver around Apache RocketMQ's Java client, used by the interop suite to
// act as "a real RocketMQ client" against whichever cluster it is pointed at. Every command
// prints machine-readable lines on stdout ("sent ...", "received ...", "JSON {...}"), among
// whatever the client library logs, and exits non-zero on failure.
//
//   produce   --namesrv NS --topic T [--count N] [--prefix P] [--tag TAG] [--group G]
//             [--mode sync|async|oneway|batch|orderly] [--key K] [--delay LEVEL]
//             [--number-property NAME] [--timer-deliver-ms EPOCH_MS]
//   consume   --namesrv NS --topic T --group G [--count N] [--seconds S] [--expression E]
//             [--sql SELECTOR]
//             [--listener concurrently|orderly] [--fail true] [--max-reconsume N]
//             [--until stdin]
//   litepull  --namesrv NS --topic T --group G [--count N] [--seconds S]
//   route     --namesrv NS --topic T
//   cluster   --namesrv NS
//   jobs      --namesrv NS --prefix P --run JOB,JOB,... [--seconds S]
//   txn       --namesrv NS --topic T --group G [--prefix P] [--seconds S]
//   mqadmin   ARGS... [+ ARGS...]...
//   bench     --namesrv NS --topic T [--threads N] [--size BYTES] [--seconds S] [--warmup S]
//   sqlcheck  --cases FILE   Apache's SQL92 SelectorParser and evaluator on a JSON table
//             {"cases":[{"sel":S,"props":{..},"exp":"T|F|N|E"}],"ok":[S..],"bad":[S..]}:
//             prints "mismatch ..." per case Apache evaluates otherwise (T, F, null, or E for
//             an exception), "refused ..." per "ok" selector it refuses, "accepted ..." per
//             "bad" selector it compiles, then "JSON {...}" with the counts.
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

import com.alibaba.fastjson.JSON;
import com.alibaba.fastjson.serializer.SerializerFeature;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.AllocateMessageQueueStrategy;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.store.OffsetStore;
import org.apache.rocketmq.client.consumer.store.ReadOffsetType;
import org.apache.rocketmq.client.consumer.store.RemoteBrokerOffsetStore;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.hook.SendMessageContext;
import org.apache.rocketmq.client.hook.SendMessageHook;
import org.apache.rocketmq.client.impl.MQClientManager;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.client.trace.AsyncTraceDispatcher;
import org.apache.rocketmq.client.trace.TraceBean;
import org.apache.rocketmq.client.trace.TraceContext;
import org.apache.rocketmq.client.trace.TraceDataEncoder;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.body.ClusterInfo;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.apache.rocketmq.tools.command.MQAdminStartup;

public final class Interop {
  // Where a command's lines go: stdout, prefixed with "[job] " when it runs as one of several
  // jobs in this JVM, so that the suite can tell their lines apart.
  private static final class Out {
    private final String prefix;

    Out(String job) {
      this.prefix = job.isEmpty() ? "" : "[" + job + "] ";
    }

    void line(String text) {
      synchronized (System.out) {
        System.out.println(prefix + text);
      }
    }
  }

  // Every client gets its own client instance (connections, heartbeats, rebalance): jobs
  // sharing one would skip heartbeats (a start-up heartbeat is dropped while another client's
  // is in flight), leaving a new group unknown to the broker for 30 s.
  private static String instanceName(String group) {
    return group + "-" + ProcessHandle.current().pid();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      out.put(args[i].replaceFirst("^-+", ""), args[i + 1]);
    }
    return out;
  }

  // --access-key and --secret-key: every request signed as Apache's ACL clients sign them;
  // without them, no hook.
  private static RPCHook aclHook(Map<String, String> o) {
    String accessKey = o.get("access-key");
    if (accessKey == null) return null;
    return new AclClientRPCHook(new SessionCredentials(accessKey, need(o, "secret-key")));
  }

  private static String need(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null) throw new IllegalArgumentException("missing --" + key);
    return v;
  }

  private static int intOption(Map<String, String> o, String key, int fallback) {
    return Integer.parseInt(o.getOrDefault(key, Integer.toString(fallback)));
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Interop <produce|consume|litepull|route|cluster|jobs|txn|mqadmin> ...");
      System.exit(2);
    }
    // Queues and routes converge in about a second instead of Java's 20 and 30: the suite waits
    // for group changes and for topics created while a client runs (the DLQ).
    if (System.getProperty("rocketmq.client.rebalance.waitInterval") == null) {
      System.setProperty("rocketmq.client.rebalance.waitInterval", "1000");
    }
    Map<String, String> o = options(args);
    Out out = new Out("");
    int rc;
    switch (args[0]) {
      case "produce": rc = produce(o, out); break;
      case "consume": rc = consume(o, out, "stdin".equals(o.get("until")) ? stdinClosed() : null); break;
      case "litepull": rc = litePull(o, out); break;
      case "route": rc = route(o, out); break;
      case "cluster": rc = cluster(o, out); break;
      case "jobs": rc = jobs(o); break;
      case "txn": rc = transactions(o, out); break;
      case "mqadmin": rc = mqadmin(Arrays.copyOfRange(args, 1, args.length)); break;
      case "bench": rc = bench(o, out); break;
      case "sqlcheck": rc = sqlCheck(o, out); break;
      case "request": rc = request(o, out); break;
      case "replier": rc = replier(o, out, stdinClosed()); break;
      case "tracedecode": rc = traceDecode(o, out); break;
      default:
        System.err.println("unknown command " + args[0]);
        rc = 2;
    }
    System.exit(rc);
  }

  private static void printSent(Out out, SendResult r, String body, Set<String> sent) {
    sent.add(r.getMsgId());
    out.line("sent status=" + r.getSendStatus() + " msgId=" + r.getMsgId()
        + " offsetMsgId=" + r.getOffsetMsgId() + " queue=" + r.getMessageQueue().getQueueId()
        + " offset=" + r.getQueueOffset() + " body=" + body);
  }

  // The msgIds whose Pub trace the trace producer of an enableMsgTrace producer has had stored
  // (SEND_OK). 4.9.7's AsyncTraceDispatcher.shutdown() loses traces: flush() stops as soon as
  // both of its queues are empty, so contexts its worker took during its last 100 ms poll window
  // stay in their TraceDataSegment unsent; the AsyncDataSendTasks it did submit may still be
  // looking up the trace topic's route when shutdown() stops the trace producer under them.
  // Waiting here until every trace is stored before shutdown() is the only reliable flush.
  private static final class StoredTraces implements SendMessageHook {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    static StoredTraces attach(DefaultMQProducer producer) {
      StoredTraces traces = new StoredTraces();
      ((AsyncTraceDispatcher) producer.getTraceDispatcher()).getTraceProducer()
          .getDefaultMQProducerImpl().registerSendMessageHook(traces);
      return traces;
    }

    @Override public String hookName() {
      return "InteropStoredTraces";
    }

    @Override public void sendMessageBefore(SendMessageContext context) {
    }

    // Called once when an async send is issued (no result yet) and again with its answer.
    @Override public void sendMessageAfter(SendMessageContext context) {
      SendResult r = context.getSendResult();
      if (r == null || r.getSendStatus() != SendStatus.SEND_OK) return;
      String body = new String(context.getMessage().getBody(), StandardCharsets.UTF_8);
      for (TraceContext ctx : TraceDataEncoder.decoderFromTraceDataString(body)) {
        for (TraceBean bean : ctx.getTraceBeans()) ids.add(bean.getMsgId());
      }
    }

    // True once every id in sent has a stored trace, false if that takes longer than millis.
    boolean await(Set<String> sent, long millis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + millis;
      while (!ids.containsAll(sent)) {
        if (System.currentTimeMillis() >= deadline) return false;
        Thread.sleep(20);
      }
      return true;
    }
  }

  // Sends --count messages "<prefix>-<i>" (key "<prefix>-<i>") with tag --tag to --topic, in
  // --mode sync (default), async, oneway, batch or orderly (all to the queue chosen by --key's
  // hash), with --delay.
  private static int produce(Map<String, String> o, Out out) throws Exception {
    // --trace true: enableMsgTrace (traces go to RMQ_SYS_TRACE_TOPIC); --access-key/--secret-key: ACL.
    DefaultMQProducer producer = new DefaultMQProducer(o.getOrDefault("group", "interop_producer"),
        aclHook(o), Boolean.parseBoolean(o.getOrDefault("trace", "false")), null);
    producer.setNamesrvAddr(need(o, "namesrv"));
    producer.setInstanceName(instanceName(producer.getProducerGroup()));
    producer.setSendMsgTimeout(intOption(o, "timeout", 5000));
    producer.start();
    StoredTraces traces = producer.getTraceDispatcher() == null ? null : StoredTraces.attach(producer);
    Set<String> sent = ConcurrentHashMap.newKeySet();
    try {
      int count = intOption(o, "count", 1);
      String topic = need(o, "topic");
      String prefix = o.getOrDefault("prefix", "msg");
      String mode = o.getOrDefault("mode", "sync");
      int delay = intOption(o, "delay", 0);
      List<Message> messages = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Message m = new Message(topic, o.getOrDefault("tag", "TagA"), prefix + "-" + i,
            (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        if (delay > 0) m.setDelayTimeLevel(delay);
        // The message's index as a user property, for SQL92 selectors.
        if (o.containsKey("number-property")) m.putUserProperty(o.get("number-property"), Integer.toString(i));
        // A 5.x timer message as a 4.9.7 client can send one (no setter; the name is free).
        if (o.containsKey("timer-deliver-ms")) m.putUserProperty("TIMER_DELIVER_MS", o.get("timer-deliver-ms"));
        messages.add(m);
      }
      switch (mode) {
        case "batch": {
          SendResult r = producer.send(messages);
          String[] ids = r.getMsgId().split(",");
          for (int i = 0; i < count; i++) {
            out.line("sent status=" + r.getSendStatus() + " msgId=" + ids[i] + " queue="
                + r.getMessageQueue().getQueueId() + " body=" + prefix + "-" + i);
          }
          break;
        }
        case "async": {
          CountDownLatch done = new CountDownLatch(count);
          int[] failed = {0};
          for (int i = 0; i < count; i++) {
            final String body = prefix + "-" + i;
            producer.send(messages.get(i), new SendCallback() {
              @Override public void onSuccess(SendResult r) {
                printSent(out, r, body, sent);
                done.countDown();
              }
              @Override public void onException(Throwable e) {
                synchronized (failed) { failed[0]++; }
                out.line("failed body=" + body + " " + e);
                done.countDown();
              }
            });
          }
          if (!done.await(30, TimeUnit.SECONDS)) return 1;
          synchronized (failed) {
            if (failed[0] > 0) return 1;
          }
          break;
        }
        case "oneway":
          for (int i = 0; i < count; i++) {
            producer.sendOneway(messages.get(i));
            out.line("sent status=ONEWAY body=" + prefix + "-" + i);
          }
          break;
        case "orderly": {
          String key = o.getOrDefault("key", "order-key");
          for (int i = 0; i < count; i++) {
            SendResult r = producer.send(messages.get(i),
                (List<MessageQueue> mqs, Message msg, Object arg) ->
                    mqs.get(Math.floorMod(arg.hashCode(), mqs.size())), key);
            printSent(out, r, prefix + "-" + i, sent);
          }
          break;
        }
        default:
          for (int i = 0; i < count; i++) printSent(out, producer.send(messages.get(i)), prefix + "-" + i, sent);
      }
      if (traces != null && !traces.await(sent, 30_000)) {
        out.line("traces not stored within 30 s for some of " + sent);
        return 1;
      }
    } finally {
      producer.shutdown();
    }
    return 0;
  }

  // The load of Apache's own benchmark producer (org.apache.rocketmq.example.benchmark.Producer,
  // which Maven Central does not publish): --threads threads share one producer and send
  // bodies of --size bytes synchronously, without compression, as fast as answers come.
  // After --warmup seconds (the JIT compiles the send path) it measures for --seconds and
  // prints "JSON {sent, failed, tps, rt_p50_ms, rt_p99_ms, rt_max_ms}".
  private static int bench(Map<String, String> o, Out out) throws Exception {
    DefaultMQProducer producer = new DefaultMQProducer(o.getOrDefault("group", "benchmark_producer"));
    producer.setNamesrvAddr(need(o, "namesrv"));
    producer.setInstanceName(instanceName(producer.getProducerGroup()));
    producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
    producer.start();
    String topic = need(o, "topic");
    int threads = intOption(o, "threads", 64);
    byte[] body = new byte[intOption(o, "size", 1024)];
    Arrays.fill(body, (byte) 'x');
    long warmupMs = intOption(o, "warmup", 5) * 1000L;
    long measureMs = intOption(o, "seconds", 10) * 1000L;
    // Latency histogram in 10 µs buckets up to 1 s; slower sends count in the last bucket
    // and in the maximum.
    AtomicLongArray buckets = new AtomicLongArray(100_001);
    AtomicLong sent = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong maxNanos = new AtomicLong();
    long start = System.currentTimeMillis();
    long measureFrom = start + warmupMs;
    long end = measureFrom + measureMs;
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        while (true) {
          long now = System.currentTimeMillis();
          if (now >= end) return;
          boolean measured = now >= measureFrom;
          long begin = System.nanoTime();
          boolean ok;
          try {
            ok = producer.send(new Message(topic, body)).getSendStatus() != null;
          } catch (Exception e) {
            ok = false;
          }
          if (!measured) continue;
          long nanos = System.nanoTime() - begin;
          if (!ok) {
            failed.incrementAndGet();
            continue;
          }
          sent.incrementAndGet();
          buckets.incrementAndGet((int) Math.min(nanos / 10_000, 100_000));
          maxNanos.accumulateAndGet(nanos, Math::max);
        }
      });
      workers[t].start();
    }
    for (Thread w : workers) w.join();
    producer.shutdown();
    long total = sent.get();
    double p50 = 0, p99 = 0;
    long seen = 0;
    for (int i = 0; i < buckets.length() && total > 0; i++) {
      long before = seen;
      seen += buckets.get(i);
      if (before < total * 0.50 && seen >= total * 0.50) p50 = (i + 1) * 0.01;
      if (before < total * 0.99 && seen >= total * 0.99) { p99 = (i + 1) * 0.01; break; }
    }
    out.line(String.format("JSON {\"sent\":%d,\"failed\":%d,\"tps\":%.1f,\"rt_p50_ms\":%.2f,"
        + "\"rt_p99_ms\":%.2f,\"rt_max_ms\":%.2f}", total, failed.get(), total * 1000.0 / measureMs,
        p50, p99, maxNanos.get() / 1e6));
    return failed.get() == 0 ? 0 : 1;
  }

  // Java's default strategy, reporting every allocation it computes, so that the suite can
  // compare the group's assignment with what another client of the group took.
  private static final class ReportingAllocation implements AllocateMessageQueueStrategy {
    private final AllocateMessageQueueStrategy inner = new AllocateMessageQueueAveragely();
    private final Out out;

    ReportingAllocation(Out out) {
      this.out = out;
    }

    @Override
    public List<MessageQueue> allocate(String group, String cid, List<MessageQueue> all, List<String> cids) {
      List<MessageQueue> mine = inner.allocate(group, cid, all, cids);
      String topic = all.isEmpty() ? "" : all.get(0).getTopic();
      out.line("allocated topic=" + topic + " cid=" + cid + " cids=" + String.join(",", cids)
          + " queues=" + mine.stream().map(q -> q.getBrokerName() + ":" + q.getQueueId())
              .collect(Collectors.joining(",")));
      return mine;
    }

    @Override
    public String getName() {
      return inner.getName();
    }
  }

  // Prints "holds topic=T queues=B:Q,..." whenever the queues of a topic that the consumer
  // actually consumes change. Java drops a queue it gives up (no listener call on it starts
  // after that) only after allocate() returned, in updateProcessQueueTableInRebalance, which
  // under load can come well after the "allocated" line: a test that waits for a split
  // between two members waits on these lines. The process queue table has no listener, so
  // this polls it.
  private static final class HeldQueuesReporter extends Thread {
    private final DefaultMQPushConsumer consumer;
    private final Out out;
    private final Map<String, String> printed = new HashMap<>();

    HeldQueuesReporter(DefaultMQPushConsumer consumer, Out out) {
      super("held-queues-reporter");
      this.consumer = consumer;
      this.out = out;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (!isInterrupted()) {
          report();
          Thread.sleep(10);
        }
      } catch (InterruptedException e) {
        // Interrupted by finish(): the consumer is about to shut down.
      }
    }

    private void report() {
      Map<String, List<String>> held = new HashMap<>();
      for (String topic : printed.keySet()) held.put(topic, new ArrayList<>());
      consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().forEach((mq, pq) -> {
        List<String> queues = held.computeIfAbsent(mq.getTopic(), t -> new ArrayList<>());
        if (!pq.isDropped()) queues.add(mq.getBrokerName() + ":" + mq.getQueueId());
      });
      held.forEach((topic, queues) -> {
        Collections.sort(queues);
        String line = String.join(",", queues);
        if (!line.equals(printed.put(topic, line))) out.line("holds topic=" + topic + " queues=" + line);
      });
    }

    // Stops reporting before the consumer's shutdown drops every queue.
    void finish() throws InterruptedException {
      interrupt();
      join();
    }
  }

  // Counts down when this process's stdin reaches its end: the suite's way to stop a consumer
  // it started in the background once the test has what it needs.
  private static CountDownLatch stdinClosed() {
    CountDownLatch closed = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // Discard input; only its end matters.
        }
      } catch (IOException e) {
        // An unreadable stdin ends the run the same way.
      }
      closed.countDown();
    }, "stdin-watch");
    t.setDaemon(true);
    t.start();
    return closed;
  }

  // Consumes until --count distinct bodies arrived or --seconds passed; prints each body once.
  // --fail true: the listener asks for redelivery every time (RECONSUME_LATER, or with the
  // orderly listener SUSPEND_CURRENT_QUEUE_A_MOMENT for 100 ms); every delivery is printed,
  // and a body counts once delivered with reconsume == --max-reconsume.
  // `stop` (--until stdin): keeps consuming after --count until `stop` opens (within --seconds).
  // Also prints "allocated ..." per allocation the rebalance computes and "holds ..." whenever
  // the queues it consumes change.
  private static int consume(Map<String, String> o, Out out, CountDownLatch stop) throws Exception {
    int count = intOption(o, "count", 1);
    int seconds = intOption(o, "seconds", 30);
    boolean fail = Boolean.parseBoolean(o.getOrDefault("fail", "false"));
    int maxReconsume = intOption(o, "max-reconsume", -1);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(count);
    RPCHook hook = aclHook(o);
    DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(o.getOrDefault("group", "interop_consumer"),
        hook, new AllocateMessageQueueAveragely());
    consumer.setNamesrvAddr(need(o, "namesrv"));
    consumer.setInstanceName(instanceName(consumer.getConsumerGroup()));
    consumer.setPollNameServerInterval(1000);
    // A consumer started before its topic exists (the DLQ's) learns the broker from the route
    // later, and Java heartbeats a newly learnt broker only at the next period: until then the
    // broker knows no member of the group and the rebalance gets no consumer ids.
    consumer.setHeartbeatBrokerInterval(1000);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.setAllocateMessageQueueStrategy(new ReportingAllocation(out));
    // Shutdown waits for listener calls in progress, so that it commits their offsets too.
    consumer.setAwaitTerminationMillisWhenShutdown(5000);
    ShutdownOnlyOffsetStore shutdownOnly = Boolean.parseBoolean(o.getOrDefault("final-commit-only", "false"))
        ? new ShutdownOnlyOffsetStore(new RemoteBrokerOffsetStore(
            MQClientManager.getInstance().getOrCreateMQClientInstance(consumer, hook), consumer.getConsumerGroup()), out)
        : null;
    if (shutdownOnly != null) consumer.setOffsetStore(shutdownOnly);
    if (maxReconsume >= 0) consumer.setMaxReconsumeTimes(maxReconsume);
    if (o.containsKey("sql")) {
      consumer.subscribe(need(o, "topic"), MessageSelector.bySql(o.get("sql")));
    } else {
      consumer.subscribe(need(o, "topic"), o.getOrDefault("expression", "*"));
    }
    if ("orderly".equals(o.get("listener"))) {
      consumer.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
        if (fail) {
          ctx.setSuspendCurrentQueueTimeMillis(100);
          for (MessageExt m : msgs) delivery(out, m, maxReconsume, seen, done);
          return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
        }
        for (MessageExt m : msgs) record(out, m, seen, done);
        return ConsumeOrderlyStatus.SUCCESS;
      });
    } else if (fail) {
      consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
        for (MessageExt m : msgs) delivery(out, m, maxReconsume, seen, done);
        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
      });
    } else {
      consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
        for (MessageExt m : msgs) {
          if (shutdownOnly != null) shutdownOnly.consumed(ctx.getMessageQueue(), m.getQueueOffset());
          record(out, m, seen, done);
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
      });
    }
    try {
      consumer.start();
    } catch (MQClientException e) {
      // start() fails after the client instance's threads are running (e.g. when the broker
      // refuses an SQL92 selector): stop them, or the JVM would not exit.
      out.line("start failed: " + e.getMessage());
      consumer.shutdown();
      return 1;
    }
    HeldQueuesReporter heldQueues = new HeldQueuesReporter(consumer, out);
    heldQueues.start();
    long deadline = System.currentTimeMillis() + 1000L * seconds;
    boolean all = done.await(seconds, TimeUnit.SECONDS);
    if (stop != null) {
      long left = Math.max(0, deadline - System.currentTimeMillis());
      all = stop.await(left, TimeUnit.MILLISECONDS) && done.getCount() == 0;
    }
    heldQueues.finish();
    if (shutdownOnly != null) shutdownOnly.committer = Thread.currentThread();
    consumer.shutdown();
    out.line("received_total=" + seen.size());
    return all ? 0 : 1;
  }

  /**
   * Commits offsets only from shutdown(), for a job whose committed offsets are read afterwards:
   * each queue's is the offset after the last message its listener consumed, committed
   * synchronously, and printed as "committed topic=T queue=Q offset=O" (or why it failed).
   * The client's own commits are oneway, periodic (a commit of an offset read before a queue's
   * last consumption can land after shutdown's, as the broker handles one connection's
   * requests on a pool of threads) or come from a rebalance that drops a queue and then its
   * offset: each of these has left consumerProgress one behind.
   */
  private static final class ShutdownOnlyOffsetStore implements OffsetStore {
    private final OffsetStore store;
    private final Out out;
    private final Map<MessageQueue, Long> consumedEnd = new ConcurrentHashMap<>();
    volatile Thread committer;

    ShutdownOnlyOffsetStore(OffsetStore store, Out out) {
      this.store = store;
      this.out = out;
    }

    void consumed(MessageQueue mq, long queueOffset) {
      consumedEnd.merge(mq, queueOffset + 1, Math::max);
    }

    @Override public void load() throws MQClientException { store.load(); }
    @Override public void updateOffset(MessageQueue mq, long offset, boolean increaseOnly) {
      store.updateOffset(mq, offset, increaseOnly);
    }
    @Override public long readOffset(MessageQueue mq, ReadOffsetType type) { return store.readOffset(mq, type); }
    @Override public void persistAll(Set<MessageQueue> mqs) {
      if (Thread.currentThread() != committer) return;
      for (Map.Entry<MessageQueue, Long> e : consumedEnd.entrySet()) {
        MessageQueue mq = e.getKey();
        String queue = "topic=" + mq.getTopic() + " queue=" + mq.getQueueId() + " offset=" + e.getValue()
            + " (client's own: " + store.readOffset(mq, ReadOffsetType.READ_FROM_MEMORY)
            + (mqs.contains(mq) ? "" : ", queue no longer held") + ")";
        try {
          store.updateConsumeOffsetToBroker(mq, e.getValue(), false);
          out.line("committed " + queue);
        } catch (Exception x) {
          out.line("commit failed " + queue + ": " + causes(x));
        }
      }
    }
    @Override public void persist(MessageQueue mq) { }
    @Override public void removeOffset(MessageQueue mq) { store.removeOffset(mq); }
    @Override public Map<MessageQueue, Long> cloneOffsetTable(String topic) { return store.cloneOffsetTable(topic); }
    @Override public void updateConsumeOffsetToBroker(MessageQueue mq, long offset, boolean isOneway)
        throws RemotingException, MQBrokerException, InterruptedException, MQClientException {
      store.updateConsumeOffsetToBroker(mq, offset, isOneway);
    }
  }

  private static String evaluateSql(String selector, Map<String, Object> properties) {
    org.apache.rocketmq.filter.expression.Expression e;
    try {
      e = org.apache.rocketmq.filter.parser.SelectorParser.parse(selector);
    } catch (Throwable t) {
      return "refused: " + t.getMessage();
    }
    try {
      Object r = e.evaluate(new org.apache.rocketmq.filter.expression.EvaluationContext() {
        @Override public Object get(String name) { return properties.get(name); }
        @Override public Map<String, Object> keyValues() { return properties; }
      });
      return r == null ? "N" : r == Boolean.TRUE ? "T" : r == Boolean.FALSE ? "F" : "value " + r;
    } catch (Throwable t) {
      return "E";
    }
  }

  private static int sqlCheck(Map<String, String> o, Out out) throws IOException {
    com.alibaba.fastjson.JSONObject table = JSON.parseObject(
        new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(need(o, "cases"))),
            StandardCharsets.UTF_8));
    int cases = 0, mismatches = 0, refused = 0, accepted = 0;
    for (Object item : table.getJSONArray("cases")) {
      com.alibaba.fastjson.JSONObject c = (com.alibaba.fastjson.JSONObject) item;
      Map<String, Object> properties = new HashMap<>(c.getJSONObject("props"));
      String got = evaluateSql(c.getString("sel"), properties);
      cases++;
      if (!got.equals(c.getString("exp"))) {
        mismatches++;
        out.line("mismatch selector=[" + c.getString("sel") + "] properties=" + properties
            + " expected=" + c.getString("exp") + " apache=" + got);
      }
    }
    for (Object s : table.getJSONArray("ok")) {
      try {
        org.apache.rocketmq.filter.parser.SelectorParser.parse((String) s);
      } catch (Throwable t) {
        refused++;
        out.line("refused selector=[" + s + "] " + t.getMessage());
      }
    }
    for (Object s : table.getJSONArray("bad")) {
      try {
        org.apache.rocketmq.filter.parser.SelectorParser.parse((String) s);
        accepted++;
        out.line("accepted selector=[" + s + "]");
      } catch (Throwable t) {
        // Refused, as expected.
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    counts.put("cases", cases);
    counts.put("mismatches", mismatches);
    counts.put("refused", refused);
    counts.put("accepted", accepted);
    out.line("JSON " + standardJson(counts));
    return 0;
  }

  // fastjson writes Long map keys bare ({0:"addr"}); the suite parses standard JSON.
  private static String standardJson(Object o) {
    return JSON.toJSONString(o, SerializerFeature.WriteNonStringKeyAsString);
  }

  // One delivery to a failing listener; the body counts once it reached its last redelivery.
  private static void delivery(Out out, MessageExt m, int maxReconsume, Set<String> seen, CountDownLatch done) {
    String body = new String(m.getBody(), StandardCharsets.UTF_8);
    out.line("delivery body=" + body + " msgId=" + m.getMsgId() + " reconsume=" + m.getReconsumeTimes()
        + " at=" + System.currentTimeMillis());
    if (m.getReconsumeTimes() == maxReconsume && seen.add(body)) done.countDown();
  }

  private static void record(Out out, MessageExt m, Set<String> seen, CountDownLatch done) {
    String body = new String(m.getBody(), StandardCharsets.UTF_8);
    if (seen.add(body)) {
      out.line("received body=" + body + " msgId=" + m.getMsgId() + " queue="
          + m.getQueueId() + " offset=" + m.getQueueOffset() + " reconsume=" + m.getReconsumeTimes()
          + " born=" + m.getBornTimestamp() + " stored=" + m.getStoreTimestamp()
          + " retryTopic=" + m.getProperty(MessageConst.PROPERTY_RETRY_TOPIC)
          + " origin=" + m.getProperty(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID)
          + " at=" + System.currentTimeMillis()
          + " props=" + String.join(",", new java.util.TreeSet<>(m.getProperties().keySet())));
      done.countDown();
    }
  }

  // Like consume, with DefaultLitePullConsumer (subscribe + poll + auto commit).
  private static int litePull(Map<String, String> o, Out out) throws Exception {
    int count = intOption(o, "count", 1);
    long deadline = System.currentTimeMillis() + 1000L * intOption(o, "seconds", 30);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(count);
    DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(o.getOrDefault("group", "interop_lite"));
    consumer.setNamesrvAddr(need(o, "namesrv"));
    consumer.setInstanceName(instanceName(consumer.getConsumerGroup()));
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(need(o, "topic"), o.getOrDefault("expression", "*"));
    consumer.start();
    try {
      while (done.getCount() > 0 && System.currentTimeMillis() < deadline) {
        for (MessageExt m : consumer.poll(1000)) record(out, m, seen, done);
      }
    } finally {
      consumer.shutdown();
    }
    out.line("received_total=" + seen.size());
    return done.getCount() == 0 ? 0 : 1;
  }

  private static DefaultMQAdminExt admin(Map<String, String> o) throws Exception {
    DefaultMQAdminExt admin = new DefaultMQAdminExt();
    admin.setInstanceName("interop-admin-" + System.nanoTime());
    admin.setNamesrvAddr(need(o, "namesrv"));
    admin.start();
    return admin;
  }

  // Prints the route of --topic as the Java client decoded it.
  private static int route(Map<String, String> o, Out out) throws Exception {
    DefaultMQAdminExt admin = admin(o);
    try {
      TopicRouteData route = admin.examineTopicRouteInfo(need(o, "topic"));
      out.line("JSON " + standardJson(route));
    } finally {
      admin.shutdown();
    }
    return 0;
  }

  // Prints the cluster info (brokers per cluster, addresses) as the Java client decoded it.
  private static int cluster(Map<String, String> o, Out out) throws Exception {
    DefaultMQAdminExt admin = admin(o);
    try {
      ClusterInfo info = admin.examineBrokerClusterInfo();
      out.line("JSON " + standardJson(info));
    } finally {
      admin.shutdown();
    }
    return 0;
  }

  // Runs several scenarios against one cluster in this JVM, concurrently, each on its own
  // topic "<prefix>_<job>" and groups; every line is prefixed "[job] ", and each job ends with
  // "[job] job=pass" or "[job] job=FAIL <why>". Jobs: sync, async, oneway, batch (sent in that
  // mode, consumed by a concurrent push consumer), orderly (one key, orderly listener), delay
  // (level 2), litepull, retry (a failing listener with max reconsume 2, then the group's DLQ
  // consumed by another group), orderlyretry (the same with a suspending orderly listener),
  // cluster (cluster info), txn (see transactions).
  private static int jobs(Map<String, String> o) throws Exception {
    List<String> names = Arrays.asList(need(o, "run").split(","));
    int seconds = intOption(o, "seconds", 40);
    ExecutorService pool = Executors.newFixedThreadPool(names.size());
    Map<String, Future<Integer>> running = new HashMap<>();
    long start = System.currentTimeMillis();
    Map<String, Long> took = new ConcurrentHashMap<>();
    for (String name : names) {
      running.put(name, pool.submit(() -> {
        try {
          return job(name, o, seconds, new Out(name));
        } finally {
          took.put(name, System.currentTimeMillis() - start);
        }
      }));
    }
    int rc = 0;
    for (String name : names) {
      Out out = new Out(name);
      try {
        int jobRc = running.get(name).get(seconds + 30, TimeUnit.SECONDS);
        out.line((jobRc == 0 ? "job=pass" : "job=FAIL exit " + jobRc) + " ms=" + took.get(name));
        if (jobRc != 0) rc = 1;
      } catch (Exception e) {
        out.line("job=FAIL " + causes(e));
        rc = 1;
      }
    }
    pool.shutdownNow();
    return rc;
  }

  // Request-reply: --count requests "<prefix>-<i>" with DefaultMQProducer.request, one after
  // the other, each waiting --timeout-ms (the first --first-timeout-ms, while the replier's
  // consumer rebalances); prints "reply body=... correlation=... topic=... type=... keys=..."
  // (the reply's property names, sorted) or "request failed".
  private static int request(Map<String, String> o, Out out) throws Exception {
    DefaultMQProducer producer = new DefaultMQProducer(o.getOrDefault("group", "interop_requester"));
    producer.setNamesrvAddr(need(o, "namesrv"));
    producer.setInstanceName(instanceName(producer.getProducerGroup()));
    producer.start();
    int count = intOption(o, "count", 1);
    int failed = 0;
    try {
      for (int i = 0; i < count; i++) {
        String body = o.getOrDefault("prefix", "req") + "-" + i;
        Message m = new Message(need(o, "topic"), body.getBytes(StandardCharsets.UTF_8));
        long timeout = i == 0 ? intOption(o, "first-timeout-ms", 30000) : intOption(o, "timeout-ms", 5000);
        try {
          Message reply = producer.request(m, timeout);
          out.line("reply body=" + new String(reply.getBody(), StandardCharsets.UTF_8) + " correlation="
              + reply.getProperty(MessageConst.PROPERTY_CORRELATION_ID) + " topic=" + reply.getTopic()
              + " type=" + reply.getProperty(MessageConst.PROPERTY_MESSAGE_TYPE)
              + " keys=" + String.join(",", new java.util.TreeSet<>(reply.getProperties().keySet())));
        } catch (Exception e) {
          failed++;
          out.line("request failed body=" + body + ": " + causes(e));
        }
      }
    } finally {
      producer.shutdown();
    }
    return failed == 0 ? 0 : 1;
  }

  // Answers every request on --topic with MessageUtil.createReplyMessage(request,
  // "reply:" + body) sent by a DefaultMQProducer; prints "replied body=... status=..." until
  // stdin closes or --seconds pass.
  private static int replier(Map<String, String> o, Out out, CountDownLatch stop) throws Exception {
    DefaultMQProducer producer = new DefaultMQProducer(o.getOrDefault("group", "interop_replier") + "_P");
    producer.setNamesrvAddr(need(o, "namesrv"));
    producer.setInstanceName(instanceName(producer.getProducerGroup()));
    producer.start();
    DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(o.getOrDefault("group", "interop_replier"));
    consumer.setNamesrvAddr(need(o, "namesrv"));
    consumer.setInstanceName(instanceName(consumer.getConsumerGroup()));
    consumer.setPollNameServerInterval(1000);
    consumer.setHeartbeatBrokerInterval(1000);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(need(o, "topic"), "*");
    consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
      for (MessageExt m : msgs) {
        String body = new String(m.getBody(), StandardCharsets.UTF_8);
        try {
          Message reply = MessageUtil.createReplyMessage(m, ("reply:" + body).getBytes(StandardCharsets.UTF_8));
          SendResult r = producer.send(reply);
          out.line("replied body=" + body + " status=" + r.getSendStatus());
        } catch (Exception e) {
          out.line("reply failed body=" + body + ": " + causes(e));
        }
      }
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
    consumer.start();
    out.line("replier started");
    stop.await(intOption(o, "seconds", 120), TimeUnit.SECONDS);
    consumer.shutdown();
    producer.shutdown();
    return 0;
  }

  // Reads the trace topic (--topic, default RMQ_SYS_TRACE_TOPIC) with a lite pull consumer and
  // decodes every body with Apache's TraceDataEncoder, printing one line per trace bean:
  // "trace type=... msgId=... group=... topic=... success=... code=... keys=..."; exits 0 once
  // beans for --count distinct message ids of each --types type arrived within --seconds,
  // counting only the ids in --msg-ids (comma-separated) when given: the topic also holds the
  // traces of other tests, which may be read first.
  private static int traceDecode(Map<String, String> o, Out out) throws Exception {
    DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(o.getOrDefault("group", "interop_trace_reader"));
    consumer.setNamesrvAddr(need(o, "namesrv"));
    consumer.setInstanceName(instanceName(consumer.getConsumerGroup()));
    consumer.setPollNameServerInterval(1000);
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(o.getOrDefault("topic", "RMQ_SYS_TRACE_TOPIC"), "*");
    consumer.start();
    int count = intOption(o, "count", 1);
    List<String> types = Arrays.asList(o.getOrDefault("types", "Pub").split(","));
    Set<String> wanted = o.containsKey("msg-ids")
        ? new HashSet<>(Arrays.asList(o.get("msg-ids").split(","))) : null;
    Map<String, Set<String>> seen = new HashMap<>();
    long deadline = System.currentTimeMillis() + 1000L * intOption(o, "seconds", 60);
    boolean all = false;
    try {
      while (!all && System.currentTimeMillis() < deadline) {
        for (MessageExt m : consumer.poll(500)) {
          String body = new String(m.getBody(), StandardCharsets.UTF_8);
          for (TraceContext ctx : TraceDataEncoder.decoderFromTraceDataString(body)) {
            for (TraceBean bean : ctx.getTraceBeans()) {
              out.line("trace type=" + ctx.getTraceType() + " msgId=" + bean.getMsgId() + " group="
                  + ctx.getGroupName() + " topic=" + bean.getTopic() + " success=" + ctx.isSuccess()
                  + " code=" + ctx.getContextCode() + " keys=" + bean.getKeys() + " state=" + bean.getTransactionState()
                  + " check=" + bean.isFromTransactionCheck() + " tracekeys=" + m.getKeys());
              if (wanted == null || wanted.contains(bean.getMsgId())) {
                seen.computeIfAbsent(ctx.getTraceType().name(), k -> ConcurrentHashMap.newKeySet()).add(bean.getMsgId());
              }
            }
          }
        }
        all = types.stream().allMatch(t -> seen.getOrDefault(t, Collections.emptySet()).size() >= count);
      }
    } finally {
      consumer.shutdown();
    }
    return all ? 0 : 1;
  }

  // An exception and its causes on one line: the client's own messages wrap the broker's.
  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      text.append(" <- ").append(c);
    }
    return text.toString().replace('\n', ' ');
  }

  private static int job(String name, Map<String, String> common, int seconds, Out out) throws Exception {
    String topic = need(common, "prefix") + "_" + name;
    Map<String, String> p = new HashMap<>();
    p.put("namesrv", need(common, "namesrv"));
    p.put("topic", topic);
    p.put("prefix", name);
    p.put("group", "pg_" + topic);
    p.put("count", "4");
    Map<String, String> c = new HashMap<>(p);
    c.put("group", "cg_" + topic);
    c.put("seconds", Integer.toString(seconds));
    switch (name) {
      case "sync": case "async": case "oneway": case "batch":
        p.put("mode", name);
        if (name.equals("sync")) c.put("final-commit-only", "true");  // test_mqadmin_interop reads its offsets
        break;
      case "orderly":
        p.put("mode", "orderly");
        p.put("count", "8");
        c.put("count", "8");
        c.put("listener", "orderly");
        break;
      case "delay":
        p.put("delay", "2");
        p.put("count", "2");
        c.put("count", "2");
        break;
      case "litepull":
        int sent = produce(p, out);
        return sent != 0 ? sent : litePull(c, out);
      case "retry": case "orderlyretry": {
        p.put("count", "2");
        c.put("count", "2");
        c.put("fail", "true");
        c.put("max-reconsume", "2");
        if (name.equals("orderlyretry")) {
          p.put("mode", "orderly");
          c.put("listener", "orderly");
          // Apache moves these to the DLQ within seconds; a broker that does not would
          // otherwise hold the whole run for the full wait.
          c.put("seconds", Integer.toString(Math.min(seconds, 20)));
        }
        int rc = produce(p, out);
        if (rc != 0) return rc;
        // The failing consumer runs until the DLQ's consumer has everything: stopping it
        // earlier could cut off its last send-back to the broker.
        Map<String, String> dlq = new HashMap<>(c);
        dlq.remove("fail");
        dlq.remove("max-reconsume");
        dlq.put("topic", "%DLQ%" + c.get("group"));
        dlq.put("group", "dlq_" + topic);
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService failing = Executors.newSingleThreadExecutor();
        try {
          Future<Integer> failed = failing.submit(() -> consume(c, out, stop));
          int dlqRc = consume(dlq, out, null);
          stop.countDown();
          int failedRc = failed.get(seconds + 10, TimeUnit.SECONDS);
          return dlqRc != 0 ? dlqRc : failedRc;
        } finally {
          stop.countDown();
          failing.shutdownNow();
        }
      }
      case "cluster":
        return cluster(p, out);
      case "txn":
        c.put("producer-group", p.get("group"));
        return transactions(c, out);
      default:
        out.line("unknown job " + name);
        return 2;
    }
    int rc = produce(p, out);
    return rc != 0 ? rc : consume(c, out, null);
  }

  // Transactional messages both ways: sends "<prefix>-commit", "<prefix>-rollback" and
  // "<prefix>-unknown" with TransactionMQProducer (the local transaction answers as named; the
  // check-back answers COMMIT), then consumes --topic with group --group in this JVM until the
  // committed two arrived. The rollback one, ended before the other two were visible, must
  // never arrive; the unknown one arrives only through the broker's check-back.
  private static int transactions(Map<String, String> o, Out out) throws Exception {
    String topic = need(o, "topic");
    String prefix = o.getOrDefault("prefix", "txn");
    int seconds = intOption(o, "seconds", 40);
    CountDownLatch checked = new CountDownLatch(1);
    TransactionMQProducer producer = new TransactionMQProducer(o.getOrDefault("producer-group", "interop_txn"));
    producer.setNamesrvAddr(need(o, "namesrv"));
    producer.setInstanceName(instanceName(producer.getProducerGroup()));
    producer.setTransactionListener(new TransactionListener() {
      @Override public LocalTransactionState executeLocalTransaction(Message m, Object arg) {
        return (LocalTransactionState) arg;
      }
      @Override public LocalTransactionState checkLocalTransaction(MessageExt m) {
        out.line("checked body=" + new String(m.getBody(), StandardCharsets.UTF_8) + " msgId="
            + m.getMsgId() + " transactionId=" + m.getTransactionId());
        checked.countDown();
        return LocalTransactionState.COMMIT_MESSAGE;
      }
    });
    producer.start();
    int rc;
    try {
      Map<String, LocalTransactionState> plan = new HashMap<>();
      plan.put("commit", LocalTransactionState.COMMIT_MESSAGE);
      plan.put("rollback", LocalTransactionState.ROLLBACK_MESSAGE);
      plan.put("unknown", LocalTransactionState.UNKNOW);
      for (String what : Arrays.asList("commit", "rollback", "unknown")) {
        String body = prefix + "-" + what;
        Message m = new Message(topic, "TagA", body, body.getBytes(StandardCharsets.UTF_8));
        TransactionSendResult r = producer.sendMessageInTransaction(m, plan.get(what));
        out.line("txn status=" + r.getSendStatus() + " state=" + r.getLocalTransactionState()
            + " msgId=" + r.getMsgId() + " body=" + body);
      }
      Map<String, String> c = new HashMap<>(o);
      c.put("count", "2");
      c.put("seconds", Integer.toString(seconds));
      rc = consume(c, out, null);
      out.line("check_back=" + (checked.getCount() == 0));
    } finally {
      producer.shutdown();
    }
    return rc;
  }

  // Runs Apache's mqadmin once per "+"-separated argument list, in this JVM (one start-up for
  // all of them); each run's output follows a line "=== mqadmin <args>".
  private static int mqadmin(String[] args) {
    List<String> current = new ArrayList<>();
    List<List<String>> runs = new ArrayList<>();
    for (String a : args) {
      if (a.equals("+")) {
        runs.add(current);
        current = new ArrayList<>();
      } else {
        current.add(a);
      }
    }
    runs.add(current);
    PrintStream stdout = System.out;
    for (List<String> run : runs) {
      stdout.println("=== mqadmin " + String.join(" ", run));
      MQAdminStartup.main0(run.toArray(new String[0]), null);
      stdout.flush();
    }
    return 0;
  }
}
