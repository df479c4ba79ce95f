#!/usr/bin/env python3
"""Broker throughput, ours against Apache RocketMQ's, under the same loads.

Starts a namesrv + broker pair of each kind on loopback with default store geometry
(1 GiB CommitLog files, ASYNC_FLUSH), then drives each with:
  - Apache's benchmark-producer load (the Java client, N threads of synchronous 1 KiB sends,
    see Interop.java `bench`), for each --java-threads count;
  - our `rmq-bench produce` in each --sdk-mode;
  - with --drain, our `rmq-bench consume` (push consumer, a listener that only counts) of the
    backlog the produce loads left, from the first offset with a fresh group;
  - with --latency-rate R, born-to-consume latency: a push consumer on a topic of its own
    while `rmq-bench produce --latency true` sends R 1 KiB messages/s (4 threads, async),
    each body stamped with its send time in microseconds; prints the consumer's e2e
    p50/p99/p99.9/max and the producer's send rt percentiles.
`--brokers ...,floor` adds the machine's own floor for the loads that have its shape
(`floor-bench`, sdk-cpp/tools/floor-bench: plain sockets and files, no RocketMQ code): the
async, batch and latency loads, with the hub's CPU in the broker column.
Both JVMs (Apache's broker and the Java client) run at full speed (G1, full JIT, 1 GiB heap);
the interop suite's fast-start flags would slow them down.

  RMQ_BUILD_DIR=build/release python3 tests/interop/broker_bench.py [--brokers ours,apache]
      [--java-threads 4,16,64] (kinds: ours, apache, floor) [--sdk-modes sync,async,batch32] [--seconds 10] [--drain]
      [--latency-rate 10000] [--io-listener] [--io-callbacks] [--thread-stats]

--io-listener runs the latency consumer's listener on its I/O thread (consumeOnIoThread),
--io-callbacks the latency producer's send callbacks on its (asyncCallbackOnIoThread).
--thread-stats also prints, for each run, each broker thread's CPU us, voluntary /
involuntary context switches and us waiting for a core per message over the measured window
(/proc/PID/task), and in the latency load the producer's and the consumer's threads too.

Prints one line per run and a Markdown table at the end: messages/s, p99 send latency, and
the broker's CPU time per message (user + system, over the measured seconds), which says
what the broker could take where the load generator, not the broker, is the limit. A
benchmark, not a test: it asserts nothing, and its numbers are only comparable between
runs on the same quiet machine.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

SDK_MODES = {
    "sync": [],
    "sync16": ["-w", "16"],
    "sync64": ["-w", "64"],
    "async": ["--async", "256"],
    "async32": ["--async", "32"],
    "batch32": ["--batch", "32"],
    "batch128": ["--batch", "128"],
    "async-batch32": ["--batch", "32", "--async", "8"],
}


def start_ours(work, extra_args=()):
    ns = harness.start_our_namesrv(work / "ns")
    store = work / "broker" / "store"
    cmd = [str(harness.our_binary("reference-broker/broker/broker")), "-n", ns.addr, "--listenPort=0",
           "--bindAddress=127.0.0.1", "--brokerIP1=127.0.0.1", f"--storePathRootDir={store}",
           f"--storePathCommitLog={store / 'commitlog'}", *extra_args]
    broker = harness.Process("our-broker", cmd, r"boot success.* listening on (\S+:\d+)", work / "broker",
                             timeout=30)
    return ns, broker


def start_apache(work):
    ns = harness.start_apache_namesrv(work / "ns")
    store = work / "broker" / "store"
    broker = harness.start_apache_broker(
        work / "broker", ns.addr, jvm=harness.FULL_SPEED_JVM,
        extra={"mappedFileSizeCommitLog": 1 << 30, "mappedFileSizeConsumeQueue": 300000 * 20,
               "maxHashSlotNum": 5000000, "maxIndexNum": 20000000, "storePathRootDir": store,
               "storePathCommitLog": store / "commitlog"})
    return ns, broker


JAVA_WARMUP_SECONDS = 5


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_stats(pid):
    """{tid: (name, CPU seconds, voluntary switches, involuntary switches, seconds runnable but
    waiting for a core)} of a process's threads (/proc/PID/task/*/stat, status, schedstat)."""
    stats = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            status = dict(line.split(":\t", 1) for line in (task / "status").read_text().splitlines()
                          if ":\t" in line)
        except (FileNotFoundError, ProcessLookupError):  # a thread that just ended
            continue
        try:
            waited = int((task / "schedstat").read_text().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            waited = 0.0  # a kernel without schedstats
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        stats[task.name] = (status["Name"].strip(), cpu, int(status["voluntary_ctxt_switches"]),
                            int(status["nonvoluntary_ctxt_switches"]), waited)
    return stats


THREAD_STATS = False  # --thread-stats


class CpuWindow:
    """A process's CPU seconds between `after` and `after + seconds` from now (and with
    --thread-stats, each thread's CPU, context switches and run-queue wait over the same
    window, printed under `label`; a window without a label keeps no thread numbers)."""

    def __init__(self, pid, after, seconds, label="broker"):
        self.used = None
        self.threads = None
        self.label = label
        self._thread = threading.Thread(target=self._run, args=(pid, after, seconds), daemon=True)
        self._thread.start()

    def _run(self, pid, after, seconds):
        time.sleep(after)
        try:
            per_thread = THREAD_STATS and self.label is not None
            threads_before = thread_stats(pid) if per_thread else {}
            begin = cpu_seconds(pid)
            time.sleep(seconds)
            used = cpu_seconds(pid) - begin
            if per_thread:
                unseen = (None, 0, 0, 0, 0)
                self.threads = {tid: (now[0], *(a - b for a, b in zip(now[1:], threads_before.get(tid, unseen)[1:])))
                                for tid, now in thread_stats(pid).items()}
        except FileNotFoundError:  # the process ended within the window: no numbers
            return
        self.used = used

    def per_message_us(self, sent):
        self._thread.join()
        if self.used is None:
            return float("nan")
        if self.threads is not None:
            # Per message: CPU us, voluntary switches (each one a sleep and a wakeup), involuntary,
            # and us runnable but waiting for a core (what a busy machine adds to latency).
            for tid, (name, cpu, vol, invol, waited) in sorted(self.threads.items(), key=lambda t: -t[1][1]):
                if cpu or vol or invol:
                    print(f"  {self.label} thread {tid:>7} {name:16} cpu {1e6 * cpu / sent:7.2f} us/msg  "
                          f"voluntary {vol / sent:6.3f}/msg  involuntary {invol / sent:6.3f}/msg  "
                          f"waiting {1e6 * waited / sent:7.2f} us/msg", flush=True)
        return 1e6 * self.used / sent if sent else float("nan")


def java_bench(work, ns, broker, threads, seconds):
    window = CpuWindow(broker.proc.pid, JAVA_WARMUP_SECONDS + 1, seconds - 2)
    rc, out = harness.java_driver(work / f"java-{threads}", "bench", "--namesrv", ns.addr, "--topic",
                                  "BenchmarkTest", "--threads", threads, "--seconds", seconds,
                                  "--warmup", JAVA_WARMUP_SECONDS, timeout=seconds + 120, jvm=["-Xmx1g"])
    result = harness.json_line(out)
    # The window covers all but the first and last second of the measured ones.
    result["broker_us_per_msg"] = window.per_message_us(result["sent"] * (seconds - 2) / seconds)
    return result


def sdk_bench(ns, broker, mode, seconds, label="broker"):
    binary = harness.our_binary("sdk-cpp/tools/rmq-bench/rmq-bench")
    # Later flags win: "sync64" overrides the 4 threads.
    cmd = [str(binary), "produce", "-n", ns.addr, "-t", "BenchmarkTest", "-s", "1024", "-w", "4",
           "-d", str(seconds), "-i", "100", *SDK_MODES[mode]]
    window = CpuWindow(broker.proc.pid, 1, seconds - 2, label)
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    lines = [line for line in res.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"rmq-bench {mode} printed no totals:\n{res.stdout[-2000:]}{res.stderr[-2000:]}")
    result = json.loads(lines[-1])
    result["broker_us_per_msg"] = window.per_message_us(result["sent"] * (seconds - 2) / seconds)
    return result


def drain_bench(ns, broker, seconds):
    """Consumes the topic's backlog for `seconds`; the rate and the broker's CPU are taken
    between two of rmq-bench's per-second reports, so the consumer's start-up (route,
    rebalance) is not counted; so is the consumer process's CPU per message."""
    binary = harness.our_binary("sdk-cpp/tools/rmq-bench/rmq-bench")
    cmd = [str(binary), "consume", "-n", ns.addr, "-t", "BenchmarkTest", "-g", f"bench_drain_{time.time_ns()}",
           "-w", "4", "-d", str(seconds), "-i", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    samples = []  # (monotonic time, messages received, broker CPU seconds, consumer CPU seconds)
    totals = None
    for line in proc.stdout:
        if line.startswith("{"):
            totals = json.loads(line)
        elif "received)" in line:
            received = int(line.rsplit("(", 1)[1].split()[0])
            try:
                consumer_cpu = cpu_seconds(proc.pid)
            except (FileNotFoundError, ProcessLookupError):  # the last report, racing its exit
                consumer_cpu = float("nan")
            samples.append((time.monotonic(), received, cpu_seconds(broker.proc.pid), consumer_cpu))
    proc.wait(timeout=60)
    # The window: from the first report with messages to the last report still draining.
    busy = [s for s in samples if s[1] > 0]
    if totals is None or len(busy) < 3:
        raise RuntimeError(f"rmq-bench consume drained too little: {samples}")
    first, last = busy[0], busy[-2]
    got = last[1] - first[1]
    # Latency from birth means nothing for a backlog: no p99.
    return {"sent": got, "tps": got / (last[0] - first[0]), "rt_p99_ms": float("nan"),
            "broker_us_per_msg": 1e6 * (last[2] - first[2]) / got if got else float("nan"),
            "consumer_us_per_msg": 1e6 * (last[3] - first[3]) / got if got else float("nan"),
            "received": totals["received"], "duplicates": totals["duplicates"]}


LATENCY_TOPIC = "LatencyTest"


def latency_bench(ns, broker, rate, seconds, io_listener=False, io_callbacks=False):
    """Steady `rate` msgs/s for `seconds` while a consumer (from the last offset, so only
    this run's messages) measures each stamped message's send-to-listener time."""
    binary = str(harness.our_binary("sdk-cpp/tools/rmq-bench/rmq-bench"))
    # Creates the topic, so that the consumer finds its route at once.
    subprocess.run([binary, "produce", "-n", ns.addr, "-t", LATENCY_TOPIC, "-s", "1024", "-w", "1",
                    "-d", "1", "--rate", "10"], capture_output=True, timeout=60)
    ready_seconds = 3  # route, rebalance and the first long polls
    consumer = subprocess.Popen(
        [binary, "consume", "-n", ns.addr, "-t", LATENCY_TOPIC, "-g", f"bench_latency_{time.time_ns()}",
         "--last", "true", "-d", str(ready_seconds + seconds + 3), "-i", "1"]
        + (["--io-listener", "true"] if io_listener else []),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        time.sleep(ready_seconds)
        window = CpuWindow(broker.proc.pid, 1, seconds - 2)
        producer = subprocess.Popen([binary, "produce", "-n", ns.addr, "-t", LATENCY_TOPIC, "-s", "1024", "-w", "4",
                                     "--async", "64", "--rate", str(rate), "--latency", "true", "-d", str(seconds),
                                     "-i", "100"] + (["--io-callbacks", "true"] if io_callbacks else []),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # At a steady rate the three processes' threads share the cores: each one's say.
        clients = [CpuWindow(consumer.pid, 1, seconds - 2, "consumer"),
                   CpuWindow(producer.pid, 1, seconds - 2, "producer")] if THREAD_STATS else []
        try:
            produced_out, produced_err = producer.communicate(timeout=seconds + 60)
        finally:
            if producer.poll() is None:
                producer.kill()
                producer.wait()
        out, _ = consumer.communicate(timeout=ready_seconds + seconds + 60)
    finally:
        if consumer.poll() is None:
            consumer.kill()
            consumer.wait()
    produced = [line for line in produced_out.splitlines() if line.startswith("{")]
    consumed = [line for line in out.splitlines() if line.startswith("{")]
    if not produced or not consumed:
        raise RuntimeError(f"latency run printed no totals:\n{produced_out[-2000:]}{produced_err[-2000:]}{out[-2000:]}")
    p, c = json.loads(produced[-1]), json.loads(consumed[-1])
    for client in clients:
        client.per_message_us(p["sent"] * (seconds - 2) / seconds)
    return {"sent": p["sent"], "tps": p["tps"], "rt_p50_ms": p["rt_p50_ms"], "rt_p99_ms": p["rt_p99_ms"],
            "rt_max_ms": p["rt_max_ms"], "e2e_p50_ms": c["e2e_p50_ms"], "e2e_p99_ms": c["e2e_p99_ms"],
            "e2e_p999_ms": c["e2e_p999_ms"], "e2e_max_ms": c["e2e_max_ms"], "stamped": c["e2e_stamped"],
            "producer_us_per_msg": p["cpu_us_per_msg"], "consumer_us_per_msg": c["cpu_us_per_msg"],
            "broker_us_per_msg": window.per_message_us(p["sent"] * (seconds - 2) / seconds)}


def floor_shape(mode):
    """floor-bench's stream flags for an rmq-bench mode: its -w (4 unless the mode says),
    --async window (1: synchronous) and --batch size (1: singles)."""
    flags = dict(zip(SDK_MODES[mode][::2], SDK_MODES[mode][1::2]))
    return ["--threads", flags.get("-w", "4"), "--window", flags.get("--async", "1"),
            "--batch", flags.get("--batch", "1")]


def floor_bench(args, seconds):
    """Runs floor-bench and returns its numbers under rmq-bench's and broker_bench's keys."""
    binary = str(harness.our_binary("sdk-cpp/tools/floor-bench/floor-bench"))
    res = subprocess.run([binary, *args, "--seconds", str(seconds)], capture_output=True, text=True,
                         timeout=seconds + 60)

    def number(pattern, group=1):
        m = re.search(pattern, res.stdout)
        if not m:
            raise RuntimeError(f"floor-bench {args} printed no '{pattern}':\n{res.stdout}{res.stderr[-2000:]}")
        return float(m.group(group))

    percentiles = r"{} ms: p50 (\S+)\s+p99 (\S+)\s+p99\.9 (\S+)\s+max (\S+)"
    hub_us = number(r"hub: .* CPU (\S+) us/msg")
    if args[0] == "relay":
        sent = number(r"producer: (\d+) sent")
        return {"sent": sent, "tps": sent / seconds,
                "rt_p50_ms": number(percentiles.format("send round trip")),
                "rt_p99_ms": number(percentiles.format("send round trip"), 2),
                "rt_max_ms": number(percentiles.format("send round trip"), 4),
                "e2e_p50_ms": number(percentiles.format("e2e")), "e2e_p99_ms": number(percentiles.format("e2e"), 2),
                "e2e_p999_ms": number(percentiles.format("e2e"), 3), "e2e_max_ms": number(percentiles.format("e2e"), 4),
                "stamped": number(r"consumer: (\d+) received"),
                "producer_us_per_msg": number(r"producer: .* CPU (\S+) us/msg"),
                "consumer_us_per_msg": number(r"consumer: .* CPU (\S+) us/msg"), "broker_us_per_msg": hub_us}
    result = {"tps": number(r"producer: (\S+) msgs/s"), "rt_p50_ms": number(percentiles.format("frame round trip")),
              "rt_p99_ms": number(percentiles.format("frame round trip"), 2),
              "cpu_us_per_msg": number(r"producer: .* CPU (\S+) us/msg"), "broker_us_per_msg": hub_us}
    if "replica:" in res.stdout:
        result["replica_us_per_msg"] = number(r"replica: .* CPU (\S+) us/msg")
    return result


def settle(broker, limit_seconds=60):
    """Waits (bounded) until the broker is idle: a fresh store prepares its first CommitLog
    files in the background after the first message, which is not the load being measured."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        before = cpu_seconds(broker.proc.pid)
        time.sleep(1)
        if cpu_seconds(broker.proc.pid) - before < 0.05:
            return


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--brokers", default="ours,apache")
    parser.add_argument("--java-threads", default="4,16,64")
    parser.add_argument("--sdk-modes", default="sync,async,batch32")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--broker-arg", action="append", default=[],
                        help="extra flag for our broker, e.g. --broker-arg=--flushDiskType=SYNC_FLUSH")
    parser.add_argument("--flush", choices=["async", "sync"], default="async",
                        help="our broker's flushDiskType: sync is SYNC_FLUSH (each send answered once synced)")
    parser.add_argument("--drain", action="store_true", help="then consume the backlog the produce loads left")
    parser.add_argument("--latency-rate", type=int, default=0,
                        help="then measure born-to-consume latency at this many msgs/s (0: no)")
    parser.add_argument("--io-listener", action="store_true",
                        help="the latency consumer runs its listener on its I/O thread (consumeOnIoThread)")
    parser.add_argument("--io-callbacks", action="store_true",
                        help="the latency producer runs its send callbacks on its I/O thread (asyncCallbackOnIoThread)")
    parser.add_argument("--thread-stats", action="store_true",
                        help="print each broker thread's CPU and context switches per message of each run")
    args = parser.parse_args()
    if args.flush == "sync":
        args.broker_arg.append("--flushDiskType=SYNC_FLUSH")
    global THREAD_STATS
    THREAD_STATS = args.thread_stats
    threads = [int(t) for t in args.java_threads.split(",") if t]
    modes = [m for m in args.sdk_modes.split(",") if m]
    loads = [f"Java client, {t} threads sync" for t in threads] + [f"rmq-bench {m}" for m in modes]
    if args.drain:
        loads.append("rmq-bench consume (drain)")
    if args.latency_rate:
        loads.append(f"latency at {args.latency_rate}/s")
    if threads or "apache" in args.brokers:
        harness.prepare()
    results = {}
    for kind in args.brokers.split(","):
        if kind == "floor":
            runs = [(f"rmq-bench {m}", lambda m=m: floor_bench(["stream", *floor_shape(m)], args.seconds))
                    for m in modes]
            if args.latency_rate:
                runs.append((loads[-1], lambda: floor_bench(["relay", "--rate", str(args.latency_rate)], args.seconds)))
            for load, run in runs:
                results[(kind, load)] = run()
                print(f"{kind:7} {load:32} {json.dumps(results[(kind, load)])}", flush=True)
            continue
        with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as tmp:
            work = Path(tmp)
            # The previous broker's gigabytes still being written back would slow this one.
            os.sync()
            ns, broker = start_ours(work, args.broker_arg) if kind == "ours" else start_apache(work)
            try:
                sdk_bench(ns, broker, "sync", 3, label=None)  # creates the topic and warms the route
                settle(broker)
                runs = [(load, lambda t=t: java_bench(work, ns, broker, t, args.seconds))
                        for load, t in zip(loads, threads)]
                runs += [(load, lambda m=m: sdk_bench(ns, broker, m, args.seconds))
                         for load, m in zip(loads[len(threads):], modes)]
                if args.drain:
                    runs.append(("rmq-bench consume (drain)", lambda: drain_bench(ns, broker, args.seconds)))
                if args.latency_rate:
                    runs.append((loads[-1], lambda: latency_bench(ns, broker, args.latency_rate, args.seconds,
                                                                      args.io_listener, args.io_callbacks)))
                for load, run in runs:
                    r = run()
                    results[(kind, load)] = r
                    print(f"{kind:7} {load:32} {json.dumps(r)}", flush=True)
            finally:
                broker.stop()
                ns.stop()
    kinds = args.brokers.split(",")
    print("\n| load | " + " | ".join(f"{k}: msgs/s, p99 ms, broker µs/msg" for k in kinds) + " |")
    print("|---|" + "---|" * len(kinds))
    for load in loads:
        cells = []
        for k in kinds:
            r = results.get((k, load))
            cells.append(f"{r['tps']:.0f}, {r['rt_p99_ms']:.1f}, {r['broker_us_per_msg']:.1f}" if r else "-")
        print(f"| {load} | " + " | ".join(cells) + " |")
    for k in kinds:
        r = results.get((k, f"latency at {args.latency_rate}/s"))
        if r:
            print(f"\n{k}: e2e p50 {r['e2e_p50_ms']:.3f} ms, p99 {r['e2e_p99_ms']:.3f} ms, "
                  f"p99.9 {r['e2e_p999_ms']:.3f} ms, max {r['e2e_max_ms']:.3f} ms over {r['stamped']} messages; "
                  f"send rt p50 {r['rt_p50_ms']:.3f} ms, p99 {r['rt_p99_ms']:.3f} ms; CPU us/msg producer "
                  f"{r['producer_us_per_msg']:.1f}, consumer {r['consumer_us_per_msg']:.1f}, "
                  f"broker {r['broker_us_per_msg']:.1f}")


if __name__ == "__main__":
    main()
