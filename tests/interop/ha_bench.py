#!/usr/bin/env python3
"""Producer throughput and latency of our master alone, as ASYNC_MASTER with a slave and as
SYNC_MASTER with a slave, and the slave's lag under that load (issue #19's benchmark).

Each run starts our namesrv, a master (128 MiB CommitLog files) and, for the setups with a
slave, our slave, then drives the master with `rmq-bench produce -s SIZE -w W --async A`
for --seconds while sampling the master's view of its slave every 200 ms (runtime info
`haSlaveFallBehindBytes`: its CommitLog end minus the slave's last acknowledgement). The
setups run back to back, --runs times over; the table gives medians over the runs and the
load average before each run (the numbers only compare on the same machine at one time),
and the CPU each process used per message sent (the client's as rmq-bench reports it, the
brokers' from /proc/PID/stat). --perf DIR also records the master and the slave with
`perf record -g` during each run.

  RMQ_BUILD_DIR=build/release python3 tests/interop/ha_bench.py [--setups alone,async,sync[,floor-alone,...]]
      [--flight 1x256,4x64] [--runs 3] [--seconds 10] [--size 1024] [--rate N]

Setups floor-alone, floor-async and floor-sync run the machine's own floor for the same
shape instead (`floor-bench stream --batch 1 --replica none|async|sync`, plain sockets and
files, no RocketMQ code; see broker_bench.py): its hub in the master's column, its replica
in the slave's. They ignore --rate.

--rate N sends N messages a second in all (rmq-bench --rate) instead of as fast as the window
allows: then a SYNC_MASTER's round trips carry a few messages each, and the CPU per message
shows the per-round-trip costs (wakeups, syscalls) that a saturated run spreads thin.

A benchmark, not a test: it asserts nothing. Needs only our binaries (no Java).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import broker_bench  # noqa: E402
import harness  # noqa: E402

FILE_SIZE = 128 * 1024 * 1024
# Every runtime-info answer reads /proc/self/smaps_rollup, which walks the broker's whole
# mapping (~3 ms of the master's CPU each here): sampled every 50 ms it cost the master
# 10% of its CPU in the setups with a slave only. Slower, and in every setup alike.
SAMPLE_SECONDS = 0.2
ROLES = {"alone": ("ASYNC_MASTER", False), "async": ("ASYNC_MASTER", True), "sync": ("SYNC_MASTER", True)}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0


def behind(master):
    return int(harness.broker_runtime_info(master.addr).get("haSlaveFallBehindBytes", -1))


def thread_stats(pid):
    """{thread name: [CPU seconds, voluntary + involuntary context switches, seconds runnable but
    waiting for a core]} of a process, threads of one name summed."""
    out = {}
    for name, cpu, voluntary, involuntary, waited in broker_bench.thread_stats(pid).values():
        entry = out.setdefault(name, [0.0, 0, 0.0])
        entry[0] += cpu
        entry[1] += voluntary + involuntary
        entry[2] += waited
    return out


def thread_report(before, after, sent):
    """'name: CPU us/msg, switches/msg, us/msg waiting for a core' per thread that used CPU,
    busiest first."""
    rows = []
    for name, (cpu, switches, waited) in after.items():
        cpu0, switches0, waited0 = before.get(name, (0.0, 0, 0.0))
        if cpu - cpu0 > 0 or switches - switches0 > sent // 100:
            rows.append((cpu - cpu0, name, (switches - switches0) / sent, waited - waited0))
    rows.sort(reverse=True)
    return ", ".join(f"{name} {cpu * 1e6 / sent:.1f} us {sw:.2f} cs {wait * 1e6 / sent:.1f} wait"
                     for cpu, name, sw, wait in rows)


def run_floor(setup, workers, window, seconds, size):
    replica = setup.split("-", 1)[1].replace("alone", "none")
    load = os.getloadavg()[0]
    r = broker_bench.floor_bench(["stream", "--batch", "1", "--threads", str(workers), "--window", str(window),
                                  "--size", str(size), "--replica", replica], seconds)
    return {"tps": r["tps"], "p50": r["rt_p50_ms"], "p99": r["rt_p99_ms"], "failed": 0, "load": load,
            "client_us": r["cpu_us_per_msg"], "master_us": r["broker_us_per_msg"],
            "slave_us": r.get("replica_us_per_msg"), "threads": [], "behind_p50": None, "behind_p99": None}


def run(setup, workers, window, seconds, size, perf_dir=None, rate=0):
    if setup.startswith("floor-"):
        return run_floor(setup, workers, window, seconds, size)
    role, with_slave = ROLES[setup]
    with tempfile.TemporaryDirectory(prefix="ha-bench-") as tmp:
        work = Path(tmp)
        ns = harness.start_our_namesrv(work / "ns")
        procs = [ns]
        try:
            master = harness.start_our_broker(work / "master", ns.addr, name="ha-bench",
                                              extra_args=[f"--brokerRole={role}",
                                                          f"--mappedFileSizeCommitLog={FILE_SIZE}"])
            procs.append(master)
            if with_slave:
                procs.append(harness.start_our_broker(work / "slave", ns.addr, name="ha-bench",
                                                      extra_args=["--brokerRole=SLAVE", "--brokerId=1",
                                                                  f"--mappedFileSizeCommitLog={FILE_SIZE}"]))
                harness.wait_until(
                    lambda: int(harness.broker_runtime_info(master.addr).get("haSlaveCount", 0)) >= 1,
                    60, "the slave's HA link")
            samples = []
            done = threading.Event()

            def sample():
                while not done.wait(SAMPLE_SECONDS):
                    try:
                        samples.append(behind(master))
                    except OSError:
                        pass

            sampler = threading.Thread(target=sample, daemon=True)
            bench = [str(harness.our_binary("sdk-cpp/tools/rmq-bench/rmq-bench")), "produce", "-n", ns.addr,
                     "-t", "HaBench", "-s", str(size), "-w", str(workers), "--async", str(window),
                     "-d", str(seconds)] + (["--rate", str(rate)] if rate else [])
            load = os.getloadavg()[0]
            brokers = procs[1:]
            perf = []
            if perf_dir:
                for b, who in zip(brokers, ("master", "slave")):
                    out = Path(perf_dir) / f"{setup}-{workers}x{window}-{who}.data"
                    perf.append(subprocess.Popen(["perf", "record", "-g", "-p", str(b.proc.pid), "-o", str(out),
                                                  "--", "sleep", str(max(1, seconds - 2))],
                                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            cpu_before = [broker_bench.cpu_seconds(b.proc.pid) for b in brokers]
            threads_before = [thread_stats(b.proc.pid) for b in brokers]
            sampler.start()
            res = subprocess.run(bench, capture_output=True, text=True, timeout=seconds + 120)
            cpu_used = [broker_bench.cpu_seconds(b.proc.pid) - c for b, c in zip(brokers, cpu_before)]
            threads_after = [thread_stats(b.proc.pid) for b in brokers]
            done.set()
            for p in perf:
                p.wait()
            if with_slave:
                sampler.join()
            lines = [line for line in res.stdout.splitlines() if line.startswith("{")]
            if not lines:
                raise RuntimeError(f"rmq-bench printed no result:\n{res.stdout[-1000:]}{res.stderr[-1000:]}")
            result = json.loads(lines[-1])
            samples = [s for s in samples if s >= 0]
            sent = max(1, result.get("sent", 0))
            return {"tps": result["tps"], "p50": result["rt_p50_ms"], "p99": result["rt_p99_ms"],
                    "failed": result["failed"], "load": load,
                    "client_us": result.get("cpu_us_per_msg", 0.0),
                    "master_us": cpu_used[0] * 1e6 / sent,
                    "slave_us": cpu_used[1] * 1e6 / sent if with_slave else None,
                    "threads": [thread_report(b, a, sent) for b, a in zip(threads_before, threads_after)],
                    "behind_p50": percentile(samples, 50) if samples else None,
                    "behind_p99": percentile(samples, 99) if samples else None}
        finally:
            for p in reversed(procs):
                p.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setups", default="alone,async,sync")
    parser.add_argument("--flight", default="1x256,4x64", help="WORKERSxWINDOW, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--rate", type=int, default=0, help="messages per second in all (0: as fast as possible)")
    parser.add_argument("--threads", action="store_true",
                        help="also print each broker thread's CPU, context switches and time spent "
                             "runnable but waiting for a core (schedstat), per message")
    parser.add_argument("--perf", metavar="DIR", help="perf record -g the master and the slave into DIR")
    args = parser.parse_args()
    flights = [tuple(int(x) for x in f.split("x")) for f in args.flight.split(",")]
    setups = args.setups.split(",")
    rows = {}
    for n in range(args.runs):
        for workers, window in flights:
            for setup in setups:
                r = run(setup, workers, window, args.seconds, args.size, args.perf, args.rate)
                rows.setdefault((workers, window, setup), []).append(r)
                lag = "" if r["behind_p99"] is None else f"; behind p50 {r['behind_p50']} B p99 {r['behind_p99']} B"
                print(f"run {n + 1} -w {workers} --async {window} {setup}: {r['tps']:.0f} msgs/s, "
                      f"p50 {r['p50']:.2f} ms p99 {r['p99']:.2f} ms, {r['failed']} failed{lag}; "
                      f"us/msg client {r['client_us']:.1f} master {r['master_us']:.1f} "
                      f"slave {'-' if r['slave_us'] is None else format(r['slave_us'], '.1f')} "
                      f"(load {r['load']:.1f})", flush=True)
                if args.threads:
                    for who, report in zip(("master", "slave"), r["threads"]):
                        print(f"    {who} threads (per message: CPU us, context switches, us waiting for a core): "
                              f"{report}", flush=True)
    print("\n| in flight | setup | msgs/s (median) | p50 ms | p99 ms | behind p99 | CPU us/msg client / master / slave | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    for (workers, window, setup), rs in rows.items():
        med = lambda key: statistics.median(r[key] for r in rs)  # noqa: E731
        lag = "-" if rs[0]["behind_p99"] is None else f"{med('behind_p99') / 1024:.0f} KiB"
        slave = "-" if rs[0]["slave_us"] is None else f"{med('slave_us'):.1f}"
        print(f"| {workers}x{window} | {setup} | {med('tps'):.0f} | {med('p50'):.2f} | {med('p99'):.2f} | "
              f"{lag} | {med('client_us'):.1f} / {med('master_us'):.1f} / {slave} | {med('load'):.1f} |")


if __name__ == "__main__":
    main()
