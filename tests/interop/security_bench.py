#!/usr/bin/env python3
"""What ACL, TLS and message traces cost a producer: send throughput and CPU per message with each
off and on.

Starts one namesrv + broker pair of ours per variant on loopback (default store geometry,
ASYNC_FLUSH), all at once, and drives them in turn, round after round, with
`rmq-bench produce -s 1024 -w 4 --async 256` (issue 21's load), so that the variants meet the
same background load on a shared machine:
  plain    no ACL, no TLS
  acl      aclEnable=true, every send signed (one account with PUB on the topic)
  tls      tls.server.mode=enforcing on both servers, the client with --tls 1
  acl+tls  both
  trace    traceTopicEnable=true on the broker, the client with --trace true (issue 20's
           tracing cost; the broker's CPU includes storing and indexing the trace messages)

  RMQ_BUILD_DIR=build/release python3 tests/interop/security_bench.py [--variants plain,acl,tls]
      [--rounds 3] [--seconds 8] [--bench-args "-s 1024 -w 4 --async 256"]

Prints one line per run, then a Markdown table of the median of the rounds: messages/s,
p99 send latency, the broker's and the client's CPU time per message (user + system), and
each variant's cost against plain (throughput lost, CPU added). A benchmark, not a test: it
asserts nothing; compare CPU per message rather than throughput on a busy machine.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path
import sys

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from broker_bench import CpuWindow, settle  # noqa: E402

ACCESS_KEY, SECRET_KEY = "benchAccessKey", "benchSecretKey"
TOPIC = "SecurityBench"
ACL_FILE = f"""accounts:
  - accessKey: {ACCESS_KEY}
    secretKey: {SECRET_KEY}
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms:
      - {TOPIC}=PUB|SUB
"""
ENFORCING = "-Dtls.server.mode=enforcing"


class Cluster:
    def __init__(self, work, variant):
        self.acl = "acl" in variant.split("+")
        self.tls = "tls" in variant.split("+")
        self.trace = "trace" in variant.split("+")
        tls_args = [ENFORCING] if self.tls else []
        self.ns = harness.start_our_namesrv(work / "ns", extra_args=tls_args)
        store = work / "broker" / "store"
        # The disk is shared with other work: a broker refusing sends at 90% would end the run.
        args = [*tls_args, "--autoCreateTopicEnable=true", "--diskSpaceWarningLevelRatio=98"]
        if self.trace:
            args += ["--traceTopicEnable=true"]
        if self.acl:
            conf = work / "home" / "conf"
            conf.mkdir(parents=True)
            (conf / "plain_acl.yml").write_text(ACL_FILE)
            args += ["--aclEnable=true", f"--rocketmq.home.dir={work / 'home'}"]
        cmd = [str(harness.our_binary("reference-broker/broker/broker")), "-n", self.ns.addr,
               "--listenPort=0", "--bindAddress=127.0.0.1", "--brokerIP1=127.0.0.1",
               f"--storePathRootDir={store}", f"--storePathCommitLog={store / 'commitlog'}", *args]
        try:
            self.broker = harness.Process("our-broker", cmd, r"boot success.* listening on (\S+:\d+)",
                                          work / "broker", timeout=30)
        except Exception:
            self.ns.stop()
            raise

    def stop(self):
        self.broker.stop()
        self.ns.stop()

    def produce(self, bench_args, seconds):
        """Runs rmq-bench; its totals plus the broker's and the client's CPU µs per message."""
        cmd = [str(harness.our_binary("sdk-cpp/tools/rmq-bench/rmq-bench")), "produce", "-n", self.ns.addr,
               "-t", TOPIC, "-d", str(seconds), "-i", "100", *bench_args]
        if self.tls:
            cmd += ["--tls", "1"]
        if self.trace:
            cmd += ["--trace", "true"]
        env = dict(os.environ)
        if self.acl:
            env.update(RMQ_BENCH_ACCESS_KEY=ACCESS_KEY, RMQ_BENCH_SECRET_KEY=SECRET_KEY)
        window = CpuWindow(self.broker.proc.pid, 1, seconds - 2)
        with tempfile.TemporaryFile("w+") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, text=True, env=env)
            # wait4 rather than proc.wait(): it also gives the client's CPU time.
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            text = out.read()
        lines = [line for line in text.splitlines() if line.startswith("{")]
        if not lines:
            raise RuntimeError(f"rmq-bench printed no totals:\n{text[-3000:]}")
        result = json.loads(lines[-1])
        if result.get("failed"):
            raise RuntimeError(f"rmq-bench had failed sends:\n{text[-3000:]}")
        result["broker_us_per_msg"] = window.per_message_us(result["sent"] * (seconds - 2) / seconds)
        # The client's whole life, start-up included; a second of it at most is not sending.
        result["client_us_per_msg"] = 1e6 * (usage.ru_utime + usage.ru_stime) / result["sent"]
        return result


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", default="plain,acl,tls,acl+tls")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--bench-args", default="-s 1024 -w 4 --async 256")
    args = parser.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    bench_args = args.bench_args.split()
    results = {v: [] for v in variants}
    with tempfile.TemporaryDirectory(prefix="security-bench-") as tmp:
        clusters = {}
        try:
            for v in variants:
                clusters[v] = Cluster(Path(tmp) / v.replace("+", "-"), v)
            for v in variants:  # creates the topic, warms the route and the first CommitLog file
                clusters[v].produce(bench_args, 3)
            for v in variants:
                settle(clusters[v].broker)
            for n in range(args.rounds):
                for v in variants:
                    r = clusters[v].produce(bench_args, args.seconds)
                    results[v].append(r)
                    print(f"round {n + 1} {v:8} tps {r['tps']:.0f} p99 {r['rt_p99_ms']:.1f} ms broker "
                          f"{r['broker_us_per_msg']:.1f} us/msg client {r['client_us_per_msg']:.1f} us/msg",
                          flush=True)
                    settle(clusters[v].broker, 10)
        finally:
            for c in clusters.values():
                c.stop()
    base = results.get("plain")
    print(f"\nrmq-bench produce {' '.join(bench_args)}, median of {args.rounds} rounds of {args.seconds} s")
    print("| variant | msgs/s | p99 ms | broker µs/msg | client µs/msg | throughput vs plain "
          "| broker CPU vs plain | client CPU vs plain |")
    print("|---|---|---|---|---|---|---|---|")
    for v in variants:
        runs = results[v]
        tps, p99 = median(runs, "tps"), median(runs, "rt_p99_ms")
        broker, client = median(runs, "broker_us_per_msg"), median(runs, "client_us_per_msg")
        cells = [f"{tps:.0f}", f"{p99:.1f}", f"{broker:.1f}", f"{client:.1f}"]
        if base and v != "plain":
            cells += [f"{100 * (tps / median(base, 'tps') - 1):+.1f}%",
                      f"{100 * (broker / median(base, 'broker_us_per_msg') - 1):+.1f}%",
                      f"{100 * (client / median(base, 'client_us_per_msg') - 1):+.1f}%"]
        else:
            cells += ["-", "-", "-"]
        print(f"| {v} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
