#!/usr/bin/env bash
# The main job: sets up, builds, starts a local reference cluster (namesrv + broker on
# 127.0.0.1, ephemeral ports, a temporary store) and runs a produce/consume round trip,
# printing what was sent and received; then stops the cluster cleanly. Its last line is the
# round trip's summary; the programs' logs stay in build/<preset>/run-cluster/.
#   scripts/run-cluster.sh [message count, default 10]
# RMQ_PRESET picks the build (default release; the test command runs it on its own build).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10}
preset=${RMQ_PRESET:-release}

scripts/setup.sh
scripts/build.sh "$preset" namesrv broker round_trip
bin=build/$preset
logs=$bin/run-cluster
rm -rf "$logs"
mkdir -p "$logs"

work=$(mktemp -d /tmp/rmq-cluster.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a server and waits for its "boot success ... listening on HOST:PORT" line; sets
# server_addr. Not called in $(...): the pid must reach this shell's pids for cleanup.
start_server() {
  local name=$1; shift
  "$@" >"$work/$name.out" 2>"$logs/$name.log" &
  pids+=($!)
  server_addr=""
  for _ in $(seq 100); do
    server_addr=$(grep -o 'listening on [0-9.:]*' "$work/$name.out" 2>/dev/null | head -1 | cut -d' ' -f3 || true)
    if [ -n "$server_addr" ]; then return 0; fi
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "run-cluster: $name did not start; its log:" >&2
  cat "$logs/$name.log" >&2
  return 1
}

for program in namesrv/namesrv reference-broker/broker/broker examples/round_trip; do
  if [ ! -x "$bin/$program" ]; then
    echo "run-cluster: $bin/$program is missing after the build" >&2
    exit 1
  fi
done
start_server namesrv "$bin/namesrv/namesrv" --listenPort=0 --bindAddress=127.0.0.1 \
  --kvConfigPath="$work/kvConfig.json"
namesrv_addr=$server_addr
echo "namesrv listening on $namesrv_addr"

# A small store: the defaults (1 GiB CommitLog files, 5M-slot index files) are sized for
# production disks, and each file is pre-written when created.
start_server broker "$bin/reference-broker/broker/broker" -n "$namesrv_addr" \
  --listenPort=0 --bindAddress=127.0.0.1 --brokerIP1=127.0.0.1 --storePathRootDir="$work/store" \
  --mappedFileSizeCommitLog=67108864 --mappedFileSizeConsumeQueue=600000 \
  --maxHashSlotNum=50000 --maxIndexNum=200000
echo "broker listening on $server_addr"
# Both servers must be known to cleanup, or they would outlive this script.
if [ "${#pids[@]}" -ne 2 ]; then
  echo "run-cluster: tracking ${#pids[@]} of the 2 servers it started" >&2
  exit 1
fi

echo "logs: $logs/ (namesrv.log, broker.log, round_trip.log)"
"$bin/examples/round_trip" -n "$namesrv_addr" -c "$count" -l "$logs/round_trip.log"
