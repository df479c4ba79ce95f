#!/usr/bin/env python3
"""Broker start-up on an existing store: after a clean stop, and after kill -9 under load.

Starts our namesrv + broker with default settings on a fresh store under $TMPDIR, fills it
with --fill-mb MiB of 1 KiB messages (rmq-bench batch32 into BenchmarkTest), then:
  - clean: SIGTERM, start again, time from exec to the boot line ("ready to serve"), and
    the broker's RSS after --idle-seconds of idling;
  - crash: an async load, kill -9 in the middle of it, start again, time to the boot line
    (crash recovery: the CommitLog check and the ConsumeQueue / index rebuild).

  RMQ_BUILD_DIR=/abs/build/release python3 tests/interop/restart_bench.py [--fill-mb 1024]

Prints one JSON line per measurement. A benchmark, not a test: it asserts nothing.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

RECORD_BYTES = 1024 + 150  # a 1 KiB body and its record's header, topic and properties


def start_broker(work, ns, store, extra=()):
    cmd = [str(harness.our_binary("reference-broker/broker/broker")), "-n", ns.addr, "--listenPort=0",
           "--bindAddress=127.0.0.1", "--brokerIP1=127.0.0.1", f"--storePathRootDir={store}",
           f"--storePathCommitLog={store / 'commitlog'}", *extra]
    began = time.monotonic()
    broker = harness.Process("our-broker", cmd, r"boot success.* listening on (\S+:\d+)", work, timeout=300)
    return broker, time.monotonic() - began


def rechecked_mb(broker):
    """What the crash recovery re-checked and re-dispatched, from the broker's warning."""
    found = re.search(r"rebuilding queues and index from CommitLog offset (\d+) to (\d+)",
                      broker.log_path.read_text(errors="replace"))
    return round((int(found.group(2)) - int(found.group(1))) / (1 << 20), 1) if found else None


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def produce(ns, mode_args, seconds, wait=True):
    cmd = [str(harness.our_binary("sdk-cpp/tools/rmq-bench/rmq-bench")), "produce", "-n", ns.addr, "-t",
           "BenchmarkTest", "-s", "1024", "-w", "4", "-d", str(seconds), "-i", "100", *mode_args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not wait:
        return proc
    out, _ = proc.communicate(timeout=seconds + 60)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return json.loads(lines[-1])["sent"] if lines else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fill-mb", type=int, default=1024)
    parser.add_argument("--idle-seconds", type=int, default=5)
    parser.add_argument("--broker-flag", action="append", default=[],
                        help="an extra broker flag for every start, e.g. --broker-flag=--logLevel=info")
    parser.add_argument("--keep-log", help="copy the broker's log of the crash recovery here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="restart-bench-") as tmp:
        work = Path(tmp)
        store = work / "store"
        ns = harness.start_our_namesrv(work / "ns")
        broker = None
        try:
            broker, first = start_broker(work / "broker", ns, store, args.broker_flag)
            time.sleep(args.idle_seconds)
            print(json.dumps({"case": "fresh store", "ready_s": round(first, 3),
                              "idle_rss_mb": round(rss_mb(broker.proc.pid), 1)}), flush=True)
            filled = 0
            while filled < args.fill_mb << 20:
                filled += produce(ns, ["--batch", "32"], 10) * RECORD_BYTES
            print(json.dumps({"case": "filled", "mb": filled >> 20}), flush=True)

            broker.stop()
            broker, ready = start_broker(work / "broker", ns, store, args.broker_flag)
            time.sleep(args.idle_seconds)
            print(json.dumps({"case": "after a clean stop", "ready_s": round(ready, 3),
                              "idle_rss_mb": round(rss_mb(broker.proc.pid), 1)}), flush=True)

            load = produce(ns, ["--async", "256"], 30, wait=False)
            time.sleep(5)
            broker.proc.send_signal(signal.SIGKILL)
            broker.proc.wait()
            load.kill()
            load.wait()
            broker, ready = start_broker(work / "broker", ns, store, args.broker_flag)
            print(json.dumps({"case": "after kill -9 under load", "ready_s": round(ready, 3),
                              "rechecked_mb": rechecked_mb(broker)}), flush=True)
            if args.keep_log:
                shutil.copyfile(broker.log_path, args.keep_log)
        finally:
            if broker is not None:
                broker.stop()
            ns.stop()


if __name__ == "__main__":
    main()
