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
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
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
      System.err.println("usage: Interop <produce|consume|route|cluster> --namesrv ADDR ...");
      System.exit(2);
    }
    Map<String, String> o = options(args);
    int rc;
    switch (args[0]) {
      case "produce": rc = produce(o); break;
      case "consume": rc = consume(o); break;
      case "route": rc = route(o); break;
      case "cluster": rc = cluster(o); break;
      default:
        System.err.println("unknown command " + args[0]);
        rc = 2;
    }
    System.exit(rc);
  }

  // Sends --count messages "<prefix>-<i>" with tag --tag to --topic, synchronously.
  private static int produce(Map<String, String> o) throws Exception {
    DefaultMQProducer producer = new DefaultMQProducer(o.getOrDefault("group", "interop_producer"));
    producer.setNamesrvAddr(need(o, "namesrv"));
    producer.setSendMsgTimeout(Integer.parseInt(o.getOrDefault("timeout", "5000")));
    producer.start();
    try {
      int count = Integer.parseInt(o.getOrDefault("count", "1"));
      String topic = need(o, "topic");
      String prefix = o.getOrDefault("prefix", "msg");
      for (int i = 0; i < count; i++) {
        Message m = new Message(topic, o.getOrDefault("tag", "TagA"), prefix + "-" + i,
            (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        SendResult r = producer.send(m);
        System.out.println("sent status=" + r.getSendStatus() + " msgId=" + r.getMsgId()
            + " offsetMsgId=" + r.getOffsetMsgId() + " queue=" + r.getMessageQueue().getQueueId()
            + " offset=" + r.getQueueOffset() + " body=" + prefix + "-" + i);
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
    consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
      for (MessageExt m : msgs) {
        String body = new String(m.getBody(), StandardCharsets.UTF_8);
        if (seen.add(body)) {
          System.out.println("received body=" + body + " msgId=" + m.getMsgId() + " queue="
              + m.getQueueId() + " offset=" + m.getQueueOffset() + " reconsume=" + m.getReconsumeTimes());
          done.countDown();
        }
      }
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
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
