"""Load generator, like the C++ rmq-bench: ``python -m rocketmq.bench produce|consume``.

    python -m rocketmq.bench produce -n HOST:PORT -t Topic [-s 1024] [-m sync|async|oneway|batch]
                                     [-d SECONDS] [--api rocketmq|client] [--window 2000]
    python -m rocketmq.bench consume -n HOST:PORT -t Topic [-g Group] [--expect N] [-d SECONDS]

Without -n (and $NAMESRV_ADDR) a LocalCluster is started for the run. The last line printed
is a JSON summary.
"""

import argparse
import collections
import contextlib
import json
import os
import sys
import threading
import time

import rocketmq

from .testing import LocalCluster


def _percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def produce(args):
    body = b"x" * args.size
    deadline = time.monotonic() + args.duration
    sent = failed = 0
    latencies = []
    if args.api == "client":
        from . import client

        producer = client.Producer("bench_producer")
        producer.set_name_server_address(args.namesrv)
        producer.start()
        message = client.Message(args.topic)
        message.set_body(body)
        send = {"sync": producer.send_sync, "oneway": producer.send_oneway}[args.mode]
        begin = time.monotonic()
        cpu_begin = time.process_time()
        while time.monotonic() < deadline:
            t = time.perf_counter()
            send(message)
            latencies.append(time.perf_counter() - t)
            sent += 1
        elapsed = time.monotonic() - begin
        cpu = time.process_time() - cpu_begin
        producer.shutdown()
    else:
        producer = rocketmq.Producer("bench_producer", namesrv_addr=args.namesrv,
                                     coalesce_async_sends=args.coalesce > 0,
                                     coalesce_max_messages=max(1, args.coalesce))
        producer.start()
        message = rocketmq.Message(args.topic, body)
        batch = [message] * args.batch
        in_flight = collections.deque()
        begin = time.monotonic()
        cpu_begin = time.process_time()
        while time.monotonic() < deadline:
            for _ in range(100):
                if args.mode == "sync":
                    t = time.perf_counter()
                    producer.send(message)
                    latencies.append(time.perf_counter() - t)
                    sent += 1
                elif args.mode == "oneway":
                    producer.send_oneway(message)
                    sent += 1
                elif args.mode == "batch":
                    t = time.perf_counter()
                    producer.send_batch(batch)
                    latencies.append(time.perf_counter() - t)
                    sent += args.batch
                else:
                    in_flight.append(producer.send_async(message))
                    if len(in_flight) > args.window:
                        if in_flight.popleft().exception() is None:
                            sent += 1
                        else:
                            failed += 1
        for future in in_flight:
            if future.exception() is None:
                sent += 1
            else:
                failed += 1
        elapsed = time.monotonic() - begin
        cpu = time.process_time() - cpu_begin
        producer.shutdown()
    latencies.sort()
    return {
        "command": "produce", "api": args.api, "mode": args.mode, "size": args.size,
        "sent": sent, "failed": failed, "tps": round(sent / elapsed, 1),
        "cpu_us_per_msg": round(cpu / max(1, sent) * 1e6, 2),
        "rt_p50_ms": round(_percentile(latencies, 0.5) * 1000, 3),
        "rt_p99_ms": round(_percentile(latencies, 0.99) * 1000, 3),
    }


def consume(args):
    count = 0
    first = last = None
    lock = threading.Lock()
    done = threading.Event()

    def listener(message):
        nonlocal count, first, last
        with lock:
            now = time.monotonic()
            if first is None:
                first = now
            last = now
            count += 1
            if args.expect and count >= args.expect:
                done.set()

    consumer = rocketmq.PushConsumer(args.group, namesrv_addr=args.namesrv, listener=listener,
                                     consume_from=rocketmq.ConsumeFrom.FIRST_OFFSET,
                                     consume_threads=args.threads, pull_batch_size=32,
                                     consume_batch_size=args.consume_batch)
    consumer.subscribe(args.topic)
    cpu_begin = time.process_time()
    with consumer:
        done.wait(args.duration)
        cpu = time.process_time() - cpu_begin
    elapsed = (last - first) if first is not None and last > first else 0.0
    return {"command": "consume", "received": count,
            "tps": round(count / elapsed, 1) if elapsed else 0.0,
            "cpu_us_per_msg": round(cpu / max(1, count) * 1e6, 2)}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m rocketmq.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("produce", "consume"):
        p = sub.add_parser(name)
        p.add_argument("-n", dest="namesrv", default=os.environ.get("NAMESRV_ADDR"))
        p.add_argument("-t", dest="topic", default="BenchTopic")
        p.add_argument("-d", dest="duration", type=float, default=10.0)
    produce_parser, consume_parser = sub.choices["produce"], sub.choices["consume"]
    produce_parser.add_argument("-s", dest="size", type=int, default=1024)
    produce_parser.add_argument("-m", dest="mode", choices=["sync", "async", "oneway", "batch"], default="sync")
    produce_parser.add_argument("--api", choices=["rocketmq", "client"], default="rocketmq",
                                help="the Pythonic API or the official-compatible rocketmq.client")
    produce_parser.add_argument("--window", type=int, default=2000, help="async sends in flight")
    produce_parser.add_argument("--batch", type=int, default=32, help="messages per batch (-m batch)")
    produce_parser.add_argument("--coalesce", type=int, default=256,
                                help="async sends that pile up leave in batches of up to this many, "
                                     "each with its own result (coalesce_async_sends); 0: off")
    consume_parser.add_argument("-g", dest="group", default="bench_consumer")
    consume_parser.add_argument("--expect", type=int, default=0)
    consume_parser.add_argument("--threads", type=int, default=4)
    consume_parser.add_argument("--consume-batch", dest="consume_batch", type=int, default=1)
    args = parser.parse_args(argv)

    with contextlib.ExitStack() as stack:
        if not args.namesrv:
            cluster = stack.enter_context(LocalCluster())
            args.namesrv = cluster.namesrv_addr
            print(f"local cluster: namesrv {cluster.namesrv_addr}", file=sys.stderr)
        summary = produce(args) if args.command == "produce" else consume(args)
    print(json.dumps(summary))
    return 0 if summary.get("failed", 0) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
