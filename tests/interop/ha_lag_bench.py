#!/usr/bin/env python3
"""Replication lag of our ASYNC_MASTER at full asynchronous load, with our slave or Apache's.

Starts our namesrv and master (ASYNC_MASTER, 128 MiB CommitLog files) and a slave of each
kind asked for, then drives the master with `rmq-bench produce -s SIZE --async 256` for
--seconds while sampling the master's own view of its slave every 50 ms
(GET_BROKER_RUNTIME_INFO `haSlaveFallBehindBytes`: its CommitLog end minus the offset the
slave last acknowledged; one read, so master and slave offsets are never mixed from two
moments). Prints, per slave kind, the producer's throughput and the bytes behind (p50, p99,
max) during the load, and how long the slave took to catch up after it.

  RMQ_BUILD_DIR=build/release python3 tests/interop/ha_lag_bench.py [--slaves ours,apache]
      [--seconds 10] [--size 1024]

Apache's slave needs the interop cache (`python3 tests/interop/harness.py prepare`). A
benchmark, not a test: it asserts nothing; numbers compare only on the same quiet machine.
"""
import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

FILE_SIZE = 128 * 1024 * 1024
SAMPLE_SECONDS = 0.05


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0


def behind(master):
    return int(harness.broker_runtime_info(master.addr).get("haSlaveFallBehindBytes", -1))


def start_slave(kind, work, ns, name):
    store = work / "slave" / "store"
    if kind == "ours":
        return harness.start_our_broker(work / "slave", ns, name=name, store=store,
                                        extra_args=["--brokerRole=SLAVE", "--brokerId=1",
                                                    f"--mappedFileSizeCommitLog={FILE_SIZE}"])
    return harness.start_apache_broker(work / "slave", ns, name=name, store=store, jvm=harness.FULL_SPEED_JVM,
                                       extra={"brokerRole": "SLAVE", "brokerId": 1,
                                              "haSendHeartbeatInterval": 1000,
                                              "mappedFileSizeCommitLog": FILE_SIZE})


def run(kind, seconds, size):
    with tempfile.TemporaryDirectory(prefix="ha-lag-") as tmp:
        work = Path(tmp)
        ns = harness.start_our_namesrv(work / "ns")
        procs = [ns]
        try:
            # A fixed listenPort: an Apache slave syncs metadata through listenPort - 2.
            port = harness.free_port(span=(-2, 0, 1))
            master = harness.start_our_broker(work / "master", ns.addr, name="ha-lag",
                                              extra_args=["--brokerRole=ASYNC_MASTER", f"--listenPort={port}",
                                                          f"--mappedFileSizeCommitLog={FILE_SIZE}"])
            procs.append(master)
            procs.append(start_slave(kind, work, ns.addr, "ha-lag"))
            harness.wait_until(lambda: int(harness.broker_runtime_info(master.addr).get("haSlaveCount", 0)) >= 1,
                               60, "the slave's HA link")

            samples = []
            done = threading.Event()

            def sample():
                while not done.is_set():
                    try:
                        samples.append(behind(master))
                    except OSError:
                        pass
                    time.sleep(SAMPLE_SECONDS)

            sampler = threading.Thread(target=sample, daemon=True)
            bench = [str(harness.our_binary("sdk-cpp/tools/rmq-bench/rmq-bench")), "produce", "-n", ns.addr,
                     "-t", "HaLagBench", "-s", str(size), "--async", "256", "-d", str(seconds)]
            sampler.start()
            res = subprocess.run(bench, capture_output=True, text=True, timeout=seconds + 120)
            done.set()
            sampler.join()
            ended = time.monotonic()
            harness.wait_until(lambda: behind(master) == 0, 120, "the slave catching up", interval=SAMPLE_SECONDS)
            catch_up = time.monotonic() - ended
            # The last line is the whole run's summary (the "tps" lines are intervals).
            summary = [line for line in res.stdout.splitlines() if line.startswith("{")]
            samples = [s for s in samples if s >= 0]
            if not summary:
                raise RuntimeError(f"rmq-bench printed no result:\n{res.stdout[-1000:]}{res.stderr[-1000:]}")
            total = json.loads(summary[-1])
            producer = f"{total['tps']:.0f} msgs/s, p99 {total['rt_p99_ms']} ms, {total['failed']} failed"
            return {"slave": kind, "producer": producer,
                    "p50": percentile(samples, 50), "p99": percentile(samples, 99),
                    "max": max(samples, default=0), "samples": len(samples), "catch_up_s": catch_up}
        finally:
            for p in reversed(procs):
                p.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slaves", default="ours,apache")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--size", type=int, default=1024)
    args = parser.parse_args()
    rows = []
    for kind in args.slaves.split(","):
        row = run(kind, args.seconds, args.size)
        print(f"{kind} slave: {row['producer']}; behind p50 {row['p50']} B, p99 {row['p99']} B, "
              f"max {row['max']} B ({row['samples']} samples); caught up {row['catch_up_s']:.2f} s after the load",
              flush=True)
        rows.append(row)
    print("\n| slave | producer | behind p50 | p99 | max | catch-up |\n|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['slave']} | {r['producer']} | {r['p50']} B | {r['p99']} B | {r['max']} B | {r['catch_up_s']:.2f} s |")


if __name__ == "__main__":
    main()
