// A command-line driver around Apache RocketMQ's Java client, used by the interop suite to
// act as "a real RocketMQ client" against whichever cluster it is pointed at. Every command
// prints machine-readable lines on stdout ("sent ...", "received ...", "JSON {...}"), among
// whatever the client library logs, and exits non-zero on failure.
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.alibaba.fastjson.JSON;
import com.alibaba.fastjson.serializer.SerializerFeature;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.body.ClusterInfo;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

public final class Interop {
  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      out.put(args[i].replaceFirst("^-+", ""), args[i + 1]);
    }
    return out;
  }

  private static String need(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null) throw new IllegalArgumentException("missing --" + key);
    return v;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Interop <produce|consume|litepull|route|cluster> --namesrv ADDR ...");
      System.exit(2);
    }
    Map<String, String> o = options(args);
    int rc;
    switch (args[0]) {
      case "produce": rc = produce(o); break;
      case "consume": rc = consume(o); break;
      case "litepull": rc = litePull(o); break;
      case "route": rc = route(o); break;
      case "cluster": rc = cluster(o); break;
      default:
        System.err.println("unknown command " + args[0]);
        rc = 2;
    }
    System.exit(rc);
  }

  private static void printSent(SendResult r, String body) {
    System.out.println("sent status=" + r.getSendStatus() + " msgId=" + r.getMsgId()
        + " offsetMsgId=" + r.getOffsetMsgId() + " queue=" + r.getMessageQueue().getQueueId()
        + " offset=" + r.getQueueOffset() + " body=" + body);
  }

  // Sends --count messages "<prefix>-<i>" with tag --tag to --topic, in --mode sync (default),
  // async, oneway, batch or orderly (all to the queue chosen by --key's hash), with --delay.
  private static int produce(Map<String, String> o) throws Exception {
    DefaultMQProducer producer = new DefaultMQProducer(o.getOrDefault("group", "interop_producer"));
    producer.setNamesrvAddr(need(o, "namesrv"));
    producer.setSendMsgTimeout(Integer.parseInt(o.getOrDefault("timeout", "5000")));
    producer.start();
    try {
      int count = Integer.parseInt(o.getOrDefault("count", "1"));
      String topic = need(o, "topic");
      String prefix = o.getOrDefault("prefix", "msg");
      String mode = o.getOrDefault("mode", "sync");
      int delay = Integer.parseInt(o.getOrDefault("delay", "0"));
      List<Message> messages = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Message m = new Message(topic, o.getOrDefault("tag", "TagA"), prefix + "-" + i,
            (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        if (delay > 0) m.setDelayTimeLevel(delay);
        messages.add(m);
      }
      switch (mode) {
        case "batch": {
          SendResult r = producer.send(messages);
          String[] ids = r.getMsgId().split(",");
          for (int i = 0; i < count; i++) {
            System.out.println("sent status=" + r.getSendStatus() + " msgId=" + ids[i] + " queue="
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
                synchronized (failed) { printSent(r, body); }
                done.countDown();
              }
              @Override public void onException(Throwable e) {
                synchronized (failed) { failed[0]++; System.out.println("failed body=" + body + " " + e); }
                done.countDown();
              }
            });
          }
          if (!done.await(30, TimeUnit.SECONDS) || failed[0] > 0) return 1;
          break;
        }
        case "oneway":
          for (int i = 0; i < count; i++) {
            producer.sendOneway(messages.get(i));
            System.out.println("sent status=ONEWAY body=" + prefix + "-" + i);
          }
          break;
        case "orderly": {
          String key = o.getOrDefault("key", "order-key");
          for (int i = 0; i < count; i++) {
            SendResult r = producer.send(messages.get(i),
                (List<MessageQueue> mqs, Message msg, Object arg) ->
                    mqs.get(Math.floorMod(arg.hashCode(), mqs.size())), key);
            printSent(r, prefix + "-" + i);
          }
          break;
        }
        default:
          for (int i = 0; i < count; i++) printSent(producer.send(messages.get(i)), prefix + "-" + i);
      }
    } finally {
      producer.shutdown();
    }
    return 0;
  }

  // Consumes until --count distinct bodies arrived or --seconds passed; prints each body once.
  private static int consume(Map<String, String> o) throws Exception {
    int count = Integer.parseInt(o.getOrDefault("count", "1"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(count);
    DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(o.getOrDefault("group", "interop_consumer"));
    consumer.setNamesrvAddr(need(o, "namesrv"));
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(need(o, "topic"), o.getOrDefault("expression", "*"));
    if ("orderly".equals(o.get("listener"))) {
      consumer.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
        for (MessageExt m : msgs) record(m, seen, done);
        return ConsumeOrderlyStatus.SUCCESS;
      });
    } else {
      consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
        for (MessageExt m : msgs) record(m, seen, done);
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
      });
    }
    consumer.start();
    boolean all = done.await(seconds, TimeUnit.SECONDS);
    consumer.shutdown();
    System.out.println("received_total=" + seen.size());
    return all ? 0 : 1;
  }

  // fastjson writes Long map keys bare ({0:"addr"}); the suite parses standard JSON.
  private static String standardJson(Object o) {
    return JSON.toJSONString(o, SerializerFeature.WriteNonStringKeyAsString);
  }

  private static void record(MessageExt m, Set<String> seen, CountDownLatch done) {
    String body = new String(m.getBody(), StandardCharsets.UTF_8);
    if (seen.add(body)) {
      System.out.println("received body=" + body + " msgId=" + m.getMsgId() + " queue="
          + m.getQueueId() + " offset=" + m.getQueueOffset() + " reconsume=" + m.getReconsumeTimes());
      done.countDown();
    }
  }

  // Like consume, with DefaultLitePullConsumer (subscribe + poll + auto commit).
  private static int litePull(Map<String, String> o) throws Exception {
    int count = Integer.parseInt(o.getOrDefault("count", "1"));
    long deadline = System.currentTimeMillis() + 1000L * Integer.parseInt(o.getOrDefault("seconds", "30"));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(count);
    DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(o.getOrDefault("group", "interop_lite"));
    consumer.setNamesrvAddr(need(o, "namesrv"));
    consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(need(o, "topic"), o.getOrDefault("expression", "*"));
    consumer.start();
    try {
      while (done.getCount() > 0 && System.currentTimeMillis() < deadline) {
        for (MessageExt m : consumer.poll(1000)) record(m, seen, done);
      }
    } finally {
      consumer.shutdown();
    }
    System.out.println("received_total=" + seen.size());
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
  private static int route(Map<String, String> o) throws Exception {
    DefaultMQAdminExt admin = admin(o);
    try {
      TopicRouteData route = admin.examineTopicRouteInfo(need(o, "topic"));
      System.out.println("JSON " + standardJson(route));
    } finally {
      admin.shutdown();
    }
    return 0;
  }

  // Prints the cluster info (brokers per cluster, addresses) as the Java client decoded it.
  private static int cluster(Map<String, String> o) throws Exception {
    DefaultMQAdminExt admin = admin(o);
    try {
      ClusterInfo info = admin.examineBrokerClusterInfo();
      System.out.println("JSON " + standardJson(info));
    } finally {
      admin.shutdown();
    }
    return 0;
  }
}
